package io.nearcache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import java.io.Serializable;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A miss and its load: a read-through {@code get} of a key never read before, so the cache misses,
 * calls its loader (which returns at once: the benchmark measures the cache, not a database) and
 * stores the value. For nearcache two-tier that is a near miss, a remote miss, a lease, the load
 * and the remote store; with leases off, no lease.
 *
 * <p>Every implementation reads the same sequence of fresh keys and loads the same 100-byte value.
 * The near tiers hold at most {@link #MAXIMUM_SIZE} entries, so in steady state every load also
 * evicts, as a cache that keeps missing does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class MissLoadBenchmark {
  /** Near-tier capacity of every implementation. */
  static final long MAXIMUM_SIZE = 100_000;

  /** The value every load returns: 100 bytes, like every other benchmark's values. */
  static final String VALUE = AccessTrace.generate(1, AccessTrace.Distribution.UNIFORM).value(0);

  /**
   * caffeine (a LoadingCache), caffeine-jcache, nearcache (near only), nearcache-two-tier,
   * nearcache-two-tier-no-leases.
   */
  @Param({
    "caffeine",
    "caffeine-jcache",
    "nearcache",
    "nearcache-two-tier",
    "nearcache-two-tier-no-leases"
  })
  public String impl;

  private IntFunction<String> reader;
  private CacheManager manager;
  private int next;

  /** Creates the read-through cache. */
  @Setup(Level.Trial)
  public void open() {
    switch (impl) {
      case "caffeine" -> {
        LoadingCache<Integer, String> cache =
            Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).build(key -> VALUE);
        reader = cache::get;
      }
      case "caffeine-jcache" -> {
        CachingProvider provider = Caching.getCachingProvider(Implementation.CAFFEINE_PROVIDER);
        manager =
            provider.getCacheManager(
                provider.getDefaultURI(), provider.getDefaultClassLoader(), new Properties());
        var configuration = new CaffeineConfiguration<>(readThrough());
        configuration.setMaximumSize(OptionalLong.of(MAXIMUM_SIZE));
        Cache<Integer, String> cache = manager.createCache("miss-load", configuration);
        reader = cache::get;
      }
      case "nearcache", "nearcache-two-tier", "nearcache-two-tier-no-leases" -> {
        CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
        Properties properties =
            impl.equals("nearcache") ? new Properties() : LocalMemcached.zoneProperties();
        properties.setProperty("nearcache.near.maximum-size", Long.toString(MAXIMUM_SIZE));
        if (impl.endsWith("no-leases")) {
          properties.setProperty("nearcache.leases.enabled", "false");
        }
        manager =
            provider.getCacheManager(
                provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
        Cache<Integer, String> cache = manager.createCache("miss-load", readThrough());
        reader = cache::get;
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown implementation '"
                  + impl
                  + "'; expected caffeine, caffeine-jcache, nearcache, nearcache-two-tier or"
                  + " nearcache-two-tier-no-leases");
    }
  }

  /** Closes the JCache manager, if any; memcached dies with the fork. */
  @TearDown(Level.Trial)
  public void close() {
    if (manager != null) {
      manager.close();
    }
  }

  /** Reads a key never read before. */
  @Benchmark
  public String missAndLoad() {
    String value = reader.apply(next++);
    if (value == null) {
      throw new IllegalStateException(impl + " returned null from a read-through get");
    }
    return value;
  }

  private static MutableConfiguration<Integer, String> readThrough() {
    return new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStoreByValue(false)
        .setStatisticsEnabled(false)
        .setManagementEnabled(false)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new ConstantLoader()));
  }

  /** A loader that returns {@link #VALUE} for every key at once. */
  static final class ConstantLoader implements CacheLoader<Integer, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(Integer key) {
      return VALUE;
    }

    @Override
    public java.util.Map<Integer, String> loadAll(Iterable<? extends Integer> keys) {
      var values = new java.util.HashMap<Integer, String>();
      keys.forEach(key -> values.put(key, VALUE));
      return values;
    }
  }
}
