package io.nearcache.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of near-tier hits: {@code get} of a key that is present, nothing else.
 *
 * <p>Every key is preloaded and the maximum size leaves room to spare, so every read is a hit; the
 * trial checks that before and after it measures, and fails rather than report a number that
 * includes misses, copies or evictions. All implementations read the same keys, in the same order,
 * and get the same value objects back (see {@link AccessTrace}).
 *
 * <p>Thread counts are separate methods, {@link #hit1Thread} and {@link #hit2Threads}, so one run
 * covers both and the report can tell them apart; select one with a regex such as {@code
 * NearHitBenchmark.hit1Thread}. With 2 threads on a 2-core machine the numbers include whatever
 * else runs there: compare ratios within one run, not absolute numbers across runs.
 *
 * <p>JMH generates subclasses of this class and of {@link Cursor}, so neither is final.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: the 1M-entry caches need a few hundred MB, and heap resizing during a
// measurement would be noise. Forks are required (see CacheUnderTest); run-near-hit.sh sets -f.
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class NearHitBenchmark {

  /**
   * Which implementation: concurrent-hash-map, caffeine, caffeine-jcache, nearcache (near tier
   * only) or nearcache-two-tier (near tier in front of a memcached node).
   */
  @Param({"concurrent-hash-map", "caffeine", "caffeine-jcache", "nearcache", "nearcache-two-tier"})
  public String impl;

  /** Number of entries, all preloaded. */
  @Param({"16384", "1048576"})
  public int size;

  /** How reads spread over the keys: zipf (exponent 0.99) or uniform. */
  @Param({"zipf", "uniform"})
  public String distribution;

  /**
   * application: shared JDK map code is first profiled with several key classes, as in any
   * service (see {@link SharedCodeProfile}); pristine: it is not, so plain Caffeine's fork sees
   * only Integer keys.
   */
  @Param({"application"})
  public String jitProfile;

  /** JCache store-by-value flag for both JCache providers; see Implementation for why false. */
  @Param({"false"})
  public boolean storeByValue;

  private AccessTrace trace;
  private CacheUnderTest cache;
  private String[] stored;

  /** Builds the trace, creates the cache and preloads every key. */
  @Setup(Level.Trial)
  public void setUp() {
    switch (jitProfile) {
      case "application" ->
          System.out.println("shared map code profiled: " + SharedCodeProfile.warmUp());
      case "pristine" -> System.out.println("shared map code left unprofiled");
      default ->
          throw new IllegalArgumentException(
              "jitProfile is application or pristine, not '" + jitProfile + "'");
    }
    trace = AccessTrace.generate(size, AccessTrace.Distribution.fromParameter(distribution));
    // Twice the entry count: no eviction, and no policy reacting to a cache that is nearly full.
    cache = Implementation.fromParameter(impl).open(2L * size, storeByValue);
    // In batches: the two-tier cache stores every entry in memcached too.
    var batch = new java.util.HashMap<Integer, String>();
    for (int i = 0; i < size; i++) {
      batch.put(trace.key(i), trace.value(i));
      if (batch.size() == 4096 || i == size - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
    // The instance each key's hit returns. For most implementations that is the value put; the
    // two-tier cache may keep the copy its first read took from memcached instead, so a first read
    // of every key settles which instance a hit returns, and that read must return an equal value.
    stored = new String[size];
    for (int i = 0; i < size; i++) {
      stored[i] = cache.get(trace.key(i));
      if (!trace.value(i).equals(stored[i])) {
        throw new IllegalStateException(
            impl + " returned " + stored[i] + " for key " + i + " after preloading, not its value");
      }
    }
    checkEveryKeyHits("after preloading");
    System.out.println(trace.describe());
    if (storeByValue) {
      // Whether a by-value read of a String copies it: the cost storeByValue=true adds.
      System.out.println(
          impl
              + " by value returns the stored String itself: "
              + (cache.get(trace.key(0)) == trace.value(0)));
    }
  }

  /**
   * Checks that nothing was evicted or expired during the trial. It reads without allocating, so it
   * does not disturb the last iteration's {@code -prof gc} figures (see CacheUnderTest).
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    // A key that is still present at the end was present all along: nothing refills the cache.
    checkEveryKeyHits("at the end of the trial");
  }

  /** One thread reading. */
  @Benchmark
  @Threads(1)
  public String hit1Thread(Cursor cursor) {
    return cache.get(cursor.nextKey());
  }

  /** Two threads reading the same cache, each at its own place in the same trace. */
  @Benchmark
  @Threads(2)
  public String hit2Threads(Cursor cursor) {
    return cache.get(cursor.nextKey());
  }

  /**
   * Each thread's position in the shared trace.
   *
   * <p>Threads start evenly spaced so they do not read the same key at the same moment; they still
   * share the hot keys, as real readers do.
   */
  @State(Scope.Thread)
  public static class Cursor {
    private Integer[] reads;
    private int position;

    /** Starts this thread at its share of the trace. */
    @Setup(Level.Trial)
    public void start(NearHitBenchmark benchmark, ThreadParams threads) {
      reads = benchmark.trace.reads();
      position =
          (int) ((long) AccessTrace.LENGTH * threads.getThreadIndex() / threads.getThreadCount());
    }

    /** Returns the next key to read; no allocation, no random numbers. */
    Integer nextKey() {
      return reads[position++ & AccessTrace.MASK];
    }
  }

  private void checkEveryKeyHits(String when) {
    for (int i = 0; i < size; i++) {
      String expected = stored[i];
      String actual = cache.get(trace.key(i));
      // By reference the very same instance must come back; by value an equal one may.
      boolean hit = storeByValue ? expected.equals(actual) : expected == actual;
      if (!hit) {
        throw new IllegalStateException(
            impl
                + " returned "
                + (actual == null ? "null (a miss)" : "a different object")
                + " for key "
                + i
                + " of "
                + size
                + " "
                + when
                + "; the benchmark measures hits of the stored value only, so this trial is void");
      }
    }
  }
}
