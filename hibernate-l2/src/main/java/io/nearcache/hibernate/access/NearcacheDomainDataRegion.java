package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.RegionStorage;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.DomainDataRegionImpl;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;

/**
 * A region of entities, collections and natural ids kept in one nearcache cache. Read-only and
 * nonstrict-read-write use Hibernate's own access over the region's {@link RegionStorage}; their
 * single writes need no coordination. Read-write uses {@link ReadWriteEntityAccess} and its
 * siblings, whose soft locks hold across JVMs. Transactional access needs a JTA-enlisted cache,
 * which nearcache is not: asking for it fails when the session factory is built.
 */
public final class NearcacheDomainDataRegion extends DomainDataRegionImpl {
  /** Builds the region and the accesses {@code regionConfig} asks for over {@code storage}. */
  public NearcacheDomainDataRegion(
      DomainDataRegionConfig regionConfig,
      RegionFactoryTemplate regionFactory,
      RegionStorage storage,
      CacheKeysFactory defaultKeysFactory,
      DomainDataRegionBuildingContext buildingContext) {
    super(regionConfig, regionFactory, storage, defaultKeysFactory, buildingContext);
  }

  // The accesses are built from the super constructor, before this class's fields would be set:
  // everything they need comes from the super class.

  private RegionStorage storage() {
    return (RegionStorage) getCacheStorageAccess();
  }

  @Override
  protected EntityDataAccess generateReadWriteEntityAccess(EntityDataCachingConfig config) {
    return new ReadWriteEntityAccess(this, getEffectiveKeysFactory(), storage(), config);
  }

  @Override
  public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
    // Hibernate builds its read-write collection access in a private method: choose here.
    return config.getAccessType() == AccessType.READ_WRITE
        ? new ReadWriteCollectionAccess(this, getEffectiveKeysFactory(), storage(), config)
        : super.generateCollectionAccess(config);
  }

  @Override
  protected NaturalIdDataAccess generateReadWriteNaturalIdAccess(
      NaturalIdDataCachingConfig config) {
    return new ReadWriteNaturalIdAccess(this, getEffectiveKeysFactory(), storage());
  }

  @Override
  protected EntityDataAccess generateTransactionalEntityDataAccess(EntityDataCachingConfig config) {
    throw transactionalRefused(config);
  }

  @Override
  protected CollectionDataAccess generateTransactionalCollectionDataAccess(
      CollectionDataCachingConfig config) {
    throw transactionalRefused(config);
  }

  @Override
  protected NaturalIdDataAccess generateTransactionalNaturalIdDataAccess(
      NaturalIdDataCachingConfig config) {
    throw transactionalRefused(config);
  }

  private CacheException transactionalRefused(DomainDataCachingConfig config) {
    return new CacheException(
        "The nearcache region factory does not support the transactional cache concurrency"
            + " strategy, asked for "
            + config.getNavigableRole().getFullPath()
            + " in region "
            + getName()
            + ": nearcache does not take part in JTA transactions. Use read-write, which keeps"
            + " the cache coherent across JVMs (@Cache(usage = READ_WRITE) or"
            + " hibernate.cache.default_cache_concurrency_strategy=read-write)");
  }
}
