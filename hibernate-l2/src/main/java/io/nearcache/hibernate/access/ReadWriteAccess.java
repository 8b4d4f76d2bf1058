package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.RegionStorage;
import java.util.Comparator;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.AbstractCachedDomainDataAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * What the read-write accesses to entities, collections and natural ids share: every operation on
 * an entry goes through {@link SoftLocks}, whose locks hold across JVMs.
 */
abstract class ReadWriteAccess extends AbstractCachedDomainDataAccess {
  /** The entry protocol. */
  final SoftLocks locks;

  /** How Hibernate builds this access's keys. */
  final CacheKeysFactory keysFactory;

  /**
   * @param versions compares versions of the cached data, or null when it is unversioned
   */
  ReadWriteAccess(
      DomainDataRegion region,
      CacheKeysFactory keysFactory,
      RegionStorage storage,
      Comparator<Object> versions) {
    super(region, storage);
    this.keysFactory = keysFactory;
    this.locks = new SoftLocks(storage, region.getRegionFactory(), versions);
  }

  @Override
  public final AccessType getAccessType() {
    return AccessType.READ_WRITE;
  }

  @Override
  public final Object get(SharedSessionContractImplementor session, Object key) {
    return locks.get(session, key);
  }

  @Override
  public final boolean putFromLoad(
      SharedSessionContractImplementor session, Object key, Object value, Object version) {
    return locks.putFromLoad(session, key, value, version, false);
  }

  @Override
  public final boolean putFromLoad(
      SharedSessionContractImplementor session,
      Object key,
      Object value,
      Object version,
      boolean minimalPutOverride) {
    return locks.putFromLoad(session, key, value, version, minimalPutOverride);
  }

  @Override
  public final SoftLock lockItem(
      SharedSessionContractImplementor session, Object key, Object version) {
    return locks.lock(key, version);
  }

  @Override
  public final void unlockItem(
      SharedSessionContractImplementor session, Object key, SoftLock lock) {
    locks.unlock(key, lock);
  }

  @Override
  public final void remove(SharedSessionContractImplementor session, Object key) {
    locks.remove(key);
  }

  @Override
  public final void removeAll(SharedSessionContractImplementor session) {
    // Bulk changes clear the region when they complete (unlockRegion).
  }
}
