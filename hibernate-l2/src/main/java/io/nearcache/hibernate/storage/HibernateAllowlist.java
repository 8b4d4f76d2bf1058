package io.nearcache.hibernate.storage;

/**
 * The classes that Hibernate and this module put into second-level cache regions, as {@code
 * ObjectInputFilter} patterns. Every region cache the region factory creates lets its remote values
 * and keys deserialize to them, on top of {@code nearcache.serialization.allow}; the provider
 * always allows {@code java.lang}, {@code java.util}, {@code java.math} and {@code java.time}.
 *
 * <p>The list is exact class names, not {@code org.hibernate.**}: Hibernate holds classes that
 * deserialization gadget chains have used, and none of them belongs in a cache entry. An
 * application's own classes that end up in cached state (enums, an {@code @IdClass}, values of a
 * custom type) still need {@code nearcache.serialization.allow}.
 */
public final class HibernateAllowlist {
  /** The patterns, separated by {@code ;}. */
  public static final String PATTERNS =
      String.join(
          ";",
          // keys
          "org.hibernate.cache.internal.BasicCacheKeyImplementation",
          "org.hibernate.cache.internal.CacheKeyImplementation",
          "org.hibernate.cache.internal.NaturalIdCacheKey",
          "org.hibernate.cache.spi.QueryKey",
          "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
          "io.nearcache.hibernate.storage.RegionKeys$StableKey",
          // values
          "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
          "org.hibernate.cache.spi.entry.CollectionCacheEntry",
          "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
          "io.nearcache.hibernate.access.CachedItem",
          "io.nearcache.hibernate.access.LockedItem",
          "io.nearcache.hibernate.storage.EvictedItem",
          // markers in disassembled state: a lazy attribute not fetched, an unknown back reference
          "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
          "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
          // the element type of disassembled state arrays (Serializable[])
          "java.io.Serializable",
          // legacy java.util.Date mappings disassemble to these
          "java.sql.Timestamp",
          "java.sql.Date",
          "java.sql.Time");

  private HibernateAllowlist() {}
}
