package io.nearcache.benchmarks;

import io.nearcache.jcache.remote.BytesTranscoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import net.spy.memcached.MemcachedClient;
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
 * Multi-key remote reads: nearcache's {@code getAll} (near tier off, so every key goes to
 * memcached) against spymemcached's {@code getBulk} and against the same keys read one {@code get}
 * at a time through either client. One operation is one batch of {@link #batch} distinct keys; the
 * report divides by the batch for the time per key.
 *
 * <p>All of them read the same keys, drawn uniformly with the common seed (see {@link AccessTrace}),
 * 100-byte values, from one memcached node started in the fork. A batch that comes back short
 * fails the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class BulkGetBenchmark {
  private static final int BATCHES = 1024;
  private static final String CACHE = "bulk-get-benchmark";

  /**
   * nearcache-getAll, spymemcached-getBulk, nearcache-singles, spymemcached-singles, or
   * spymemcached-getBulk-same-bytes: spymemcached's {@code getBulk} of the very items nearcache
   * stored (its longer keys and its envelopes around the values), handed back as the raw bytes,
   * which separates what nearcache's own code costs from what its wire format costs the client and
   * the server.
   */
  @Param({
    "nearcache-getAll",
    "spymemcached-getBulk",
    "nearcache-singles",
    "spymemcached-singles",
    "spymemcached-getBulk-same-bytes"
  })
  public String impl;

  /** Keys per batch. */
  @Param({"10", "100"})
  public int batch;

  /** Number of keys, all preloaded. */
  @Param({"4096"})
  public int size;

  private MemcachedClient spymemcached;
  private CacheManager manager;
  private Cache<Integer, String> cache;
  private List<Set<Integer>> keyBatches;
  private List<List<String>> stringBatches;
  private List<List<String>> nearcacheKeyBatches;
  private int position;

  /** Starts memcached, preloads every key through both clients and builds the batches. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    AccessTrace trace = AccessTrace.generate(size, AccessTrace.Distribution.UNIFORM);
    String node = LocalMemcached.node();
    int colon = node.lastIndexOf(':');
    spymemcached =
        RemoteImplementation.stockClient(
            node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
    CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
    Properties properties = LocalMemcached.zoneProperties();
    properties.setProperty("nearcache.near.enabled", "false");
    manager =
        provider.getCacheManager(
            provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
    cache =
        manager.createCache(
            CACHE,
            new MutableConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setStoreByValue(false)
                .setStatisticsEnabled(false)
                .setManagementEnabled(false));
    Map<Integer, String> all = new HashMap<>();
    for (int i = 0; i < size; i++) {
      all.put(trace.key(i), trace.value(i));
      spymemcached.set(RemoteImplementation.memcachedKey(i), 0, trace.value(i)).get();
    }
    cache.putAll(all);
    keyBatches = new ArrayList<>(BATCHES);
    stringBatches = new ArrayList<>(BATCHES);
    nearcacheKeyBatches = new ArrayList<>(BATCHES);
    String[] nearcacheKeys = RemoteImplementation.nearcacheKeys(spymemcached, CACHE, size);
    Integer[] reads = trace.reads();
    int read = 0;
    for (int b = 0; b < BATCHES; b++) {
      Set<Integer> keys = new LinkedHashSet<>();
      while (keys.size() < batch) {
        keys.add(reads[read++ & AccessTrace.MASK]);
      }
      List<String> strings = new ArrayList<>(batch);
      keys.forEach(key -> strings.add(RemoteImplementation.memcachedKey(key)));
      keyBatches.add(Set.copyOf(keys));
      stringBatches.add(List.copyOf(strings));
      List<String> stored = new ArrayList<>(batch);
      keys.forEach(key -> stored.add(nearcacheKeys[key]));
      nearcacheKeyBatches.add(List.copyOf(stored));
    }
    for (int b = 0; b < BATCHES; b++) {
      check(read(b));
    }
  }

  /** Shuts both clients down; memcached dies with the fork. */
  @TearDown(Level.Trial)
  public void close() {
    if (spymemcached != null) {
      spymemcached.shutdown();
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Reads one batch. */
  @Benchmark
  public int getBatch() {
    int b = position++ & (BATCHES - 1);
    return check(read(b));
  }

  private int read(int b) {
    switch (impl) {
      case "nearcache-getAll":
        return cache.getAll(keyBatches.get(b)).size();
      case "spymemcached-getBulk":
        return spymemcached.getBulk(stringBatches.get(b)).size();
      case "spymemcached-getBulk-same-bytes":
        return spymemcached.getBulk(nearcacheKeyBatches.get(b), BytesTranscoder.INSTANCE).size();
      case "nearcache-singles":
        {
          int found = 0;
          for (Integer key : keyBatches.get(b)) {
            found += cache.get(key) != null ? 1 : 0;
          }
          return found;
        }
      case "spymemcached-singles":
        {
          int found = 0;
          for (String key : stringBatches.get(b)) {
            found += spymemcached.get(key) != null ? 1 : 0;
          }
          return found;
        }
      default:
        throw new IllegalArgumentException(
            "Unknown implementation '"
                + impl
                + "'; expected nearcache-getAll, spymemcached-getBulk, nearcache-singles,"
                + " spymemcached-singles or spymemcached-getBulk-same-bytes");
    }
  }

  private int check(int found) {
    if (found != batch) {
      throw new IllegalStateException(
          impl + " found " + found + " of " + batch + " keys; this benchmark measures hits only");
    }
    return found;
  }
}
