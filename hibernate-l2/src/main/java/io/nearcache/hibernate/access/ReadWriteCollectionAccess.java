package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.RegionStorage;
import java.util.Comparator;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.CollectionPersister;

/**
 * Read-write access to cached collections, with soft locks that hold across JVMs. A changed
 * collection is locked, then left: the next load caches it again.
 */
public final class ReadWriteCollectionAccess extends ReadWriteAccess
    implements CollectionDataAccess {
  /** Read-write access to the collection of {@code config} in {@code region}. */
  @SuppressWarnings("unchecked")
  public ReadWriteCollectionAccess(
      DomainDataRegion region,
      CacheKeysFactory keysFactory,
      RegionStorage storage,
      CollectionDataCachingConfig config) {
    super(region, keysFactory, storage, (Comparator<Object>) config.getOwnerVersionComparator());
  }

  @Override
  public Object generateCacheKey(
      Object id,
      CollectionPersister collectionDescriptor,
      SessionFactoryImplementor factory,
      String tenantIdentifier) {
    return keysFactory.createCollectionKey(id, collectionDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keysFactory.getCollectionId(cacheKey);
  }
}
