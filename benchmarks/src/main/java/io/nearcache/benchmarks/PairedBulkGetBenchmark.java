package io.nearcache.benchmarks;

import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ratios of {@link BulkGetBenchmark}, measured interleaved: one operation reads one batch with
 * each of nearcache's {@code getAll}, spymemcached's {@code getBulk}, and spymemcached's {@code
 * getBulk} of nearcache's own items, one after the other (the order rotating), and adds each one's
 * time to its own counter. Load from elsewhere on the machine, which comes and goes within seconds,
 * then falls on the three alike, where separate trials minutes apart can see different machines.
 * The counters are the microseconds each implementation spent per iteration; their ratios are the
 * figures to quote. Same fixture, keys and values as {@link BulkGetBenchmark}.
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
public class PairedBulkGetBenchmark {
  /** The implementations interleaved, in the order of the counters. */
  static final List<String> IMPLEMENTATIONS =
      List.of("nearcache-getAll", "spymemcached-getBulk", "spymemcached-getBulk-same-bytes");

  /** Keys per batch. */
  @Param({"100"})
  public int batch;

  /** Number of keys, all preloaded. */
  @Param({"4096"})
  public int size;

  private BulkGetFixture fixture;
  private int position;

  /**
   * Microseconds spent in each implementation during one iteration, reset before each: JMH reports
   * them beside the time per rotation.
   */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Spent {
    /** nearcache's {@code getAll}. */
    public double nearcacheGetAllMicros;

    /** spymemcached's {@code getBulk} of its own items. */
    public double getBulkMicros;

    /** spymemcached's {@code getBulk} of nearcache's items, as bytes. */
    public double getBulkSameBytesMicros;

    /** Rotations, each one batch per implementation: the divisor for the time per batch. */
    public long batchesEach;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      nearcacheGetAllMicros = 0;
      getBulkMicros = 0;
      getBulkSameBytesMicros = 0;
      batchesEach = 0;
    }

    void add(int implementation, long nanos) {
      double micros = nanos / 1_000.0;
      switch (implementation) {
        case 0 -> nearcacheGetAllMicros += micros;
        case 1 -> getBulkMicros += micros;
        default -> getBulkSameBytesMicros += micros;
      }
    }
  }

  /** Starts memcached, preloads every key through both clients and checks every batch. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    fixture = new BulkGetFixture(batch, size);
    fixture.checkAll(IMPLEMENTATIONS);
  }

  /** Shuts both clients down; memcached dies with the fork. */
  @TearDown(Level.Trial)
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Reads one batch with each implementation, starting with a different one each time. */
  @Benchmark
  public int rotation(Spent spent) {
    int turn = position++;
    int b = turn & (BulkGetFixture.BATCHES - 1);
    int found = 0;
    for (int i = 0; i < IMPLEMENTATIONS.size(); i++) {
      int implementation = (turn + i) % IMPLEMENTATIONS.size();
      long start = System.nanoTime();
      found += fixture.read(IMPLEMENTATIONS.get(implementation), b);
      spent.add(implementation, System.nanoTime() - start);
    }
    spent.batchesEach++;
    return found;
  }
}
