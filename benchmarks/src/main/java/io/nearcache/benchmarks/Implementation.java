package io.nearcache.benchmarks;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/** The near-tier implementations {@link NearHitBenchmark} compares, by their JMH parameter name. */
enum Implementation {

  /** The floor: a bare hash table with no eviction policy and no bookkeeping on reads. */
  CONCURRENT_HASH_MAP("concurrent-hash-map") {
    @Override
    CacheUnderTest open(long maximumSize, boolean storeByValue) {
      return new MapUnderTest(new ConcurrentHashMap<>());
    }
  },

  /** Caffeine used directly: the engine under both JCache adapters, without any adapter. */
  CAFFEINE("caffeine") {
    @Override
    CacheUnderTest open(long maximumSize, boolean storeByValue) {
      return new CaffeineUnderTest(Caffeine.newBuilder().maximumSize(maximumSize).build());
    }
  },

  /** Caffeine's own JSR-107 provider: what nearcache's near tier competes with. */
  CAFFEINE_JCACHE("caffeine-jcache") {
    @Override
    CacheUnderTest open(long maximumSize, boolean storeByValue) {
      CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER);
      CacheManager manager =
          provider.getCacheManager(
              provider.getDefaultURI(), provider.getDefaultClassLoader(), new Properties());
      // Bounded like the other Caffeine caches (a MutableConfiguration has no notion of size and
      // Caffeine's adapter would otherwise build an unbounded cache, skipping the eviction
      // policy's read bookkeeping that the bounded caches pay for).
      var configuration = new CaffeineConfiguration<>(jcacheConfiguration(storeByValue));
      configuration.setMaximumSize(OptionalLong.of(maximumSize));
      return new JCacheUnderTest(manager.createCache(CACHE_NAME, configuration));
    }
  },

  /** nearcache, near tier only (no zones configured), reached through the JCache API. */
  NEARCACHE("nearcache") {
    @Override
    CacheUnderTest open(long maximumSize, boolean storeByValue) {
      CachingProvider provider = Caching.getCachingProvider(NEARCACHE_PROVIDER);
      var properties = new Properties();
      properties.setProperty("nearcache.near.maximum-size", Long.toString(maximumSize));
      CacheManager manager =
          provider.getCacheManager(
              provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
      return new JCacheUnderTest(
          manager.createCache(CACHE_NAME, jcacheConfiguration(storeByValue)));
    }
  },

  /**
   * nearcache two-tier: the same near tier in front of one memcached node this JVM starts. A hit
   * is still served by the near tier; what this adds over {@link #NEARCACHE} is whatever the
   * two-tier read path checks on a hit (coherence generation, remote state).
   */
  NEARCACHE_TWO_TIER("nearcache-two-tier") {
    @Override
    CacheUnderTest open(long maximumSize, boolean storeByValue) {
      CachingProvider provider = Caching.getCachingProvider(NEARCACHE_PROVIDER);
      var properties = LocalMemcached.zoneProperties();
      properties.setProperty("nearcache.near.maximum-size", Long.toString(maximumSize));
      CacheManager manager =
          provider.getCacheManager(
              provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
      return new JCacheUnderTest(
          manager.createCache(CACHE_NAME, jcacheConfiguration(storeByValue)));
    }
  };

  /** Class name of Caffeine's JCache provider. */
  static final String CAFFEINE_PROVIDER =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  /**
   * Class name of nearcache's JCache provider; loaded by name, never referenced at compile time.
   */
  static final String NEARCACHE_PROVIDER = "io.nearcache.jcache.spi.NearCachingProvider";

  private static final String CACHE_NAME = "near-hit-benchmark";

  private final String parameterName;

  Implementation(String parameterName) {
    this.parameterName = parameterName;
  }

  /**
   * Creates an empty cache that holds at least {@code maximumSize} entries without evicting.
   *
   * @param storeByValue the JCache store-by-value flag; ignored by the non-JCache implementations
   */
  abstract CacheUnderTest open(long maximumSize, boolean storeByValue);

  /** Parses a JMH parameter value such as {@code caffeine-jcache}. */
  static Implementation fromParameter(String name) {
    for (Implementation implementation : values()) {
      if (implementation.parameterName.equals(name)) {
        return implementation;
      }
    }
    throw new IllegalArgumentException(
        "Unknown implementation '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(implementation -> implementation.parameterName)
                .collect(Collectors.joining(", ")));
  }

  /**
   * The same JCache configuration for both JCache providers: no loader, writer, listeners or expiry
   * (eternal), statistics and management off, so a hit does only what every hit must do.
   *
   * <p>Store-by-reference by default. The value type is String, which neither provider copies even
   * by value: Caffeine's adapter passes every by-value read through its {@code Copier}, whose first
   * step returns known-immutable types such as String unchanged, and nearcache skips copying
   * known-immutable types too. So store-by-value would not change what is returned here, only add
   * each provider's per-read "is this type immutable?" check. The benchmark compares tiers, not
   * copy policies, so it turns that check off for both; {@code -p storeByValue=true} measures the
   * JCache default (store-by-value) for both instead.
   */
  private static MutableConfiguration<Integer, String> jcacheConfiguration(boolean storeByValue) {
    return new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStoreByValue(storeByValue)
        .setStatisticsEnabled(false)
        .setManagementEnabled(false);
  }

  /** A {@link ConcurrentHashMap}. */
  private static final class MapUnderTest implements CacheUnderTest {
    private final ConcurrentHashMap<Integer, String> map;

    MapUnderTest(ConcurrentHashMap<Integer, String> map) {
      this.map = requireNonNull(map);
    }

    @Override
    public void put(Integer key, String value) {
      map.put(key, value);
    }

    @Override
    public String get(Integer key) {
      return map.get(key);
    }
  }

  /** A Caffeine {@link Cache}, read with {@code getIfPresent}. */
  private static final class CaffeineUnderTest implements CacheUnderTest {
    private final Cache<Integer, String> cache;

    CaffeineUnderTest(Cache<Integer, String> cache) {
      this.cache = requireNonNull(cache);
    }

    @Override
    public void put(Integer key, String value) {
      cache.put(key, value);
    }

    @Override
    public String get(Integer key) {
      return cache.getIfPresent(key);
    }
  }

  /** A JCache {@link javax.cache.Cache}. */
  private static final class JCacheUnderTest implements CacheUnderTest {
    private final javax.cache.Cache<Integer, String> cache;

    JCacheUnderTest(javax.cache.Cache<Integer, String> cache) {
      this.cache = requireNonNull(cache);
    }

    @Override
    public void put(Integer key, String value) {
      cache.put(key, value);
    }

    @Override
    public void putAll(java.util.Map<Integer, String> entries) {
      cache.putAll(entries);
    }

    @Override
    public String get(Integer key) {
      return cache.get(key);
    }
  }
}
