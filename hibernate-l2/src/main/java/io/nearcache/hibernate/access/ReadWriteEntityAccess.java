package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.RegionStorage;
import java.util.Comparator;
import java.util.function.Supplier;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** Read-write access to cached entities, with soft locks that hold across JVMs. */
public final class ReadWriteEntityAccess extends ReadWriteAccess implements EntityDataAccess {
  /** Read-write access to the entities of {@code config} in {@code region}. */
  public ReadWriteEntityAccess(
      DomainDataRegion region,
      CacheKeysFactory keysFactory,
      RegionStorage storage,
      EntityDataCachingConfig config) {
    super(region, keysFactory, storage, versions(config));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object> versions(EntityDataCachingConfig config) {
    Supplier<Comparator> access = config.getVersionComparatorAccess();
    return access == null ? null : (Comparator<Object>) access.get();
  }

  @Override
  public Object generateCacheKey(
      Object id,
      EntityPersister rootEntityDescriptor,
      SessionFactoryImplementor factory,
      String tenantIdentifier) {
    return keysFactory.createEntityKey(id, rootEntityDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keysFactory.getEntityId(cacheKey);
  }

  @Override
  public boolean insert(
      SharedSessionContractImplementor session, Object key, Object value, Object version) {
    return false;
  }

  @Override
  public boolean afterInsert(
      SharedSessionContractImplementor session, Object key, Object value, Object version) {
    return locks.afterInsert(key, value, version);
  }

  @Override
  public boolean update(
      SharedSessionContractImplementor session,
      Object key,
      Object value,
      Object currentVersion,
      Object previousVersion) {
    return false;
  }

  @Override
  public boolean afterUpdate(
      SharedSessionContractImplementor session,
      Object key,
      Object value,
      Object currentVersion,
      Object previousVersion,
      SoftLock lock) {
    return locks.afterUpdate(key, value, currentVersion, lock);
  }
}
