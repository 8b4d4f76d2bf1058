package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.RegionStorage;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Read-write access to cached natural ids (natural-id values to entity id), with soft locks that
 * hold across JVMs. Natural ids have no version.
 */
public final class ReadWriteNaturalIdAccess extends ReadWriteAccess implements NaturalIdDataAccess {
  /** Read-write access to natural ids in {@code region}. */
  public ReadWriteNaturalIdAccess(
      DomainDataRegion region, CacheKeysFactory keysFactory, RegionStorage storage) {
    super(region, keysFactory, storage, null);
  }

  @Override
  public Object generateCacheKey(
      Object naturalIdValues,
      EntityPersister rootEntityDescriptor,
      SharedSessionContractImplementor session) {
    return keysFactory.createNaturalIdKey(naturalIdValues, rootEntityDescriptor, session);
  }

  @Override
  public Object getNaturalIdValues(Object cacheKey) {
    return keysFactory.getNaturalIdValues(cacheKey);
  }

  @Override
  public boolean insert(SharedSessionContractImplementor session, Object key, Object value) {
    return false;
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
    return locks.afterInsert(key, value, null);
  }

  @Override
  public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
    return false;
  }

  @Override
  public boolean afterUpdate(
      SharedSessionContractImplementor session, Object key, Object value, SoftLock lock) {
    return locks.afterUpdate(key, value, null, lock);
  }
}
