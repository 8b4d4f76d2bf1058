package io.nearcache.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The near-hit ratio of {@link NearHitBenchmark}, measured interleaved: one operation reads
 * {@link #reads} keys of the trace from plain Caffeine and the same keys from nearcache's near
 * tier (no zones), one run after the other, the order alternating, and adds each run's time to its
 * own counter. Both caches live in the same JVM, so the JIT compiles the shared code (the JDK's
 * maps, Caffeine) once for both, and load from elsewhere falls on both alike; separate trials see
 * different JIT states and different moments. The counters' ratio is the figure to quote.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class PairedNearHitBenchmark {
  /** The implementations interleaved, in the order of the counters. */
  static final List<String> IMPLEMENTATIONS = List.of("nearcache", "caffeine");

  /** Number of entries, all preloaded. */
  @Param({"16384"})
  public int size;

  /** zipf (exponent 0.99) or uniform. */
  @Param({"zipf"})
  public String distribution;

  /** Gets per implementation per rotation. */
  @Param({"1000"})
  public int reads;

  private AccessTrace trace;
  private CacheUnderTest[] caches;
  private Integer[] keys;
  private int position;
  private int rotations;

  /** Time spent in each implementation during one iteration, reset before each. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Spent {
    /** nearcache near-only. */
    public double nearcacheMicros;

    /** Plain Caffeine. */
    public double caffeineMicros;

    /** Rotations: the divisor for the time per run of reads. */
    public long runsEach;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      nearcacheMicros = 0;
      caffeineMicros = 0;
      runsEach = 0;
    }
  }

  /** Builds the trace, creates both caches and preloads every key into each. */
  @Setup(Level.Trial)
  public void setUp() {
    System.out.println("shared map code profiled: " + SharedCodeProfile.warmUp());
    trace = AccessTrace.generate(size, AccessTrace.Distribution.fromParameter(distribution));
    keys = trace.reads();
    caches = new CacheUnderTest[IMPLEMENTATIONS.size()];
    for (int i = 0; i < caches.length; i++) {
      // Twice the entry count: no eviction, as in NearHitBenchmark.
      caches[i] = Implementation.fromParameter(IMPLEMENTATIONS.get(i)).open(2L * size, false);
      Map<Integer, String> all = new HashMap<>();
      for (int k = 0; k < size; k++) {
        all.put(trace.key(k), trace.value(k));
      }
      caches[i].putAll(all);
      for (int k = 0; k < size; k++) {
        if (!trace.value(k).equals(caches[i].get(trace.key(k)))) {
          throw new IllegalStateException(
              IMPLEMENTATIONS.get(i) + " does not hold key " + k + " after preloading");
        }
      }
    }
  }

  /** Reads {@link #reads} keys from each cache, starting with the other one each time. */
  @Benchmark
  public int rotation(Spent spent) {
    int first = rotations++ & 1;
    int found = 0;
    int start = position;
    for (int i = 0; i < 2; i++) {
      int implementation = first ^ i;
      CacheUnderTest cache = caches[implementation];
      long began = System.nanoTime();
      for (int r = 0; r < reads; r++) {
        found += cache.get(keys[(start + r) & AccessTrace.MASK]) != null ? 1 : 0;
      }
      double micros = (System.nanoTime() - began) / 1_000.0;
      if (implementation == 0) {
        spent.nearcacheMicros += micros;
      } else {
        spent.caffeineMicros += micros;
      }
    }
    position = start + reads;
    spent.runsEach++;
    if (found != 2 * reads) {
      throw new IllegalStateException(
          (2 * reads - found) + " of " + 2 * reads + " reads missed; this benchmark measures hits");
    }
    return found;
  }
}
