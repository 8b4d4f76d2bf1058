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

  private BulkGetFixture fixture;
  private int position;

  /** Starts memcached, preloads every key through both clients and builds the batches. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    fixture = new BulkGetFixture(batch, size);
    for (int b = 0; b < BulkGetFixture.BATCHES; b++) {
      fixture.read(impl, b);
    }
  }

  /** Shuts both clients down; memcached dies with the fork. */
  @TearDown(Level.Trial)
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Reads one batch. */
  @Benchmark
  public int getBatch() {
    return fixture.read(impl, position++ & (BulkGetFixture.BATCHES - 1));
  }
}
