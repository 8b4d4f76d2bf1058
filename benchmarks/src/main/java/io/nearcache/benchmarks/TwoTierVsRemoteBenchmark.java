package io.nearcache.benchmarks;

import io.nearcache.jcache.NearCache;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What the near tier buys: nearcache two-tier with a near tier holding 1% or 10% of the keys,
 * against the same cache remote-only ({@code nearcache.near.enabled=false}), reading Zipf(0.99)
 * keys that are all in memcached. One thread, one get at a time.
 *
 * <p>The near tier's hit ratio h over the measured iterations is taken from nearcache's own
 * counters ({@link NearCache#remoteCounters()}) and written to the {@link Sidecar}, so the
 * report can set the measured speed-up beside the model {@code t_remote / (h·t_near + (1−h)·
 * t_remote)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class TwoTierVsRemoteBenchmark {

  /** Near-tier size as a fraction of the keys; 0 means remote-only (near tier off). */
  @Param({"0", "0.01", "0.1"})
  public double nearFraction;

  /** Number of keys, all preloaded into memcached. */
  @Param({"100000"})
  public int size;

  private AccessTrace trace;
  private CacheManager manager;
  private Cache<Integer, String> cache;
  private NearCache<?, ?> nearcache;
  private int position;
  private long nearHitsAtStart;
  private long remoteHitsAtStart;
  private long nearHits;
  private long remoteHits;

  /** Starts memcached, preloads every key and drops the near copies the preload left. */
  @Setup(Level.Trial)
  public void open() {
    trace = AccessTrace.generate(size, AccessTrace.Distribution.ZIPF);
    CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
    Properties properties = LocalMemcached.zoneProperties();
    if (nearFraction == 0) {
      properties.setProperty("nearcache.near.enabled", "false");
    } else {
      long nearSize = Math.max(1, Math.round(size * nearFraction));
      properties.setProperty("nearcache.near.maximum-size", Long.toString(nearSize));
    }
    manager =
        provider.getCacheManager(
            provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
    cache =
        manager.createCache(
            "two-tier-vs-remote",
            new MutableConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setStoreByValue(false)
                .setStatisticsEnabled(false)
                .setManagementEnabled(false));
    Map<Integer, String> batch = new HashMap<>();
    for (int i = 0; i < size; i++) {
      batch.put(trace.key(i), trace.value(i));
      if (batch.size() == 4096 || i == size - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
    nearcache = cache.unwrap(NearCache.class);
    System.out.println(trace.describe());
  }

  /** Notes the tier counters before each measured iteration. */
  @Setup(Level.Iteration)
  public void countFrom() {
    nearHitsAtStart = nearcache.remoteCounters().nearHits();
    remoteHitsAtStart = remoteHits();
  }

  /** Adds each measured iteration's tier hits to the trial's. */
  @TearDown(Level.Iteration)
  public void countTo(IterationParams iteration) {
    if (iteration.getType() == IterationType.MEASUREMENT) {
      nearHits += nearcache.remoteCounters().nearHits() - nearHitsAtStart;
      remoteHits += remoteHits() - remoteHitsAtStart;
    }
  }

  /** Writes the near tier's hit ratio to the sidecar and closes the cache. */
  @TearDown(Level.Trial)
  public void close(BenchmarkParams benchmark) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("benchmark", benchmark.getBenchmark());
    record.put("nearFraction", nearFraction);
    record.put("size", size);
    record.put("nearHits", nearHits);
    record.put("remoteHits", remoteHits);
    long total = nearHits + remoteHits;
    record.put("nearHitRatio", total == 0 ? 0.0 : (double) nearHits / total);
    Sidecar.append(record);
    manager.close();
  }

  /** Reads the next key of the trace; a miss fails the trial. */
  @Benchmark
  public String get() {
    Integer key = trace.reads()[position++ & AccessTrace.MASK];
    String value = cache.get(key);
    if (value == null) {
      throw new IllegalStateException("Missed key " + key + "; every key is in memcached");
    }
    return value;
  }

  private long remoteHits() {
    long sum = 0;
    for (long hits : nearcache.remoteCounters().remoteHits().values()) {
      sum += hits;
    }
    return sum;
  }
}
