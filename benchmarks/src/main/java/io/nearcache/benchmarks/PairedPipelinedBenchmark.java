package io.nearcache.benchmarks;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.BytesTranscoder;
import io.nearcache.testsupport.MemcachedCluster;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import net.spy.memcached.MemcachedClient;
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
 * The pipelined ratios of {@link RemoteGetBenchmark}, measured interleaved: one operation runs a
 * run of {@link #gets} asynchronous gets, {@link #window} outstanding, with each of nearcache's
 * {@code getAsync} (near tier off), spymemcached's {@code asyncGet} of its own items and
 * spymemcached's {@code asyncGet} of nearcache's items as bytes, one after the other (the order
 * rotating), and adds each one's time to its own counter. Load from elsewhere on the machine then
 * falls on the three alike. The counters' ratios are the figures to quote; one memcached node (one
 * worker thread), the same keys and 100-byte values as {@link RemoteGetBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class PairedPipelinedBenchmark {
  /** The implementations interleaved, in the order of the counters. */
  static final List<String> IMPLEMENTATIONS =
      List.of("nearcache-async", "spymemcached-async", "spymemcached-async-same-bytes");

  /** Number of keys, all preloaded. */
  @Param({"4096"})
  public int size;

  /** Requests kept outstanding. */
  @Param({"100"})
  public int window;

  /** Gets per implementation per rotation, the window's filling and draining included. */
  @Param({"2000"})
  public int gets;

  private MemcachedCluster memcached;
  private MemcachedClient stock;
  private RemoteUnderTest nearcache;
  private List<IntFunction<Future<?>>> senders;
  private Integer[] reads;
  private int position;
  private int rotations;

  /**
   * Time spent in each implementation during one iteration, reset before each: JMH reports them
   * beside the time per rotation.
   */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Spent {
    /** nearcache's {@code getAsync}. */
    public double nearcacheAsyncMicros;

    /** spymemcached's {@code asyncGet} of its own items. */
    public double asyncMicros;

    /** spymemcached's {@code asyncGet} of nearcache's items, as bytes. */
    public double asyncSameBytesMicros;

    /** Rotations: the divisor for the time per run of gets. */
    public long runsEach;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      nearcacheAsyncMicros = 0;
      asyncMicros = 0;
      asyncSameBytesMicros = 0;
      runsEach = 0;
    }

    void add(int implementation, long nanos) {
      double micros = nanos / 1_000.0;
      switch (implementation) {
        case 0 -> nearcacheAsyncMicros += micros;
        case 1 -> asyncMicros += micros;
        default -> asyncSameBytesMicros += micros;
      }
    }
  }

  /** Starts memcached, preloads every key through both clients and reads each back once. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    AccessTrace trace = AccessTrace.generate(size, AccessTrace.Distribution.UNIFORM);
    reads = trace.reads();
    memcached = MemcachedCluster.builder().zones(1).nodesPerZone(1).threads(1).start();
    String node = memcached.nodes("a").get(0);
    int colon = node.lastIndexOf(':');
    String host = node.substring(0, colon);
    int port = Integer.parseInt(node.substring(colon + 1));
    stock = RemoteImplementation.stockClient(host, port);
    nearcache = RemoteImplementation.NEARCACHE.open(host, port, size);
    String[] own = new String[size];
    for (int i = 0; i < size; i++) {
      own[i] = RemoteImplementation.memcachedKey(i);
      stock.set(own[i], 0, trace.value(i)).get();
      nearcache.put(trace.key(i), trace.value(i));
    }
    String[] stored =
        RemoteImplementation.nearcacheKeys(stock, RemoteImplementation.CACHE_NAME, size);
    NearCache<Integer, String> cache = RemoteImplementation.nearCache(nearcache);
    senders =
        List.of(
            key -> cache.getAsync(key),
            key -> stock.asyncGet(own[key]),
            key -> stock.asyncGet(stored[key], BytesTranscoder.INSTANCE));
    for (int i = 0; i < size; i++) {
      for (int implementation = 0; implementation < senders.size(); implementation++) {
        Object got = senders.get(implementation).apply(trace.key(i)).get();
        boolean hit =
            got instanceof byte[] bytes
                ? bytes.length > trace.value(i).length()
                : trace.value(i).equals(got);
        if (!hit) {
          throw new IllegalStateException(
              IMPLEMENTATIONS.get(implementation) + " did not read key " + trace.key(i) + " back");
        }
      }
    }
  }

  /** Closes both clients, then kills memcached. */
  @TearDown(Level.Trial)
  public void close() throws Exception {
    try {
      if (stock != null) {
        stock.shutdown();
      }
      if (nearcache != null) {
        nearcache.close();
      }
    } finally {
      if (memcached != null) {
        memcached.close();
      }
    }
  }

  /** Runs {@link #gets} gets with each implementation, starting with a different one each time. */
  @Benchmark
  public long rotation(Spent spent) throws Exception {
    int turn = rotations++;
    long answered = 0;
    for (int i = 0; i < IMPLEMENTATIONS.size(); i++) {
      int implementation = (turn + i) % IMPLEMENTATIONS.size();
      long start = System.nanoTime();
      answered += run(implementation);
      spent.add(implementation, System.nanoTime() - start);
    }
    spent.runsEach++;
    return answered;
  }

  /** {@link #gets} gets, {@link #window} outstanding; every one must hit. */
  private int run(int implementation) throws Exception {
    IntFunction<Future<?>> send = senders.get(implementation);
    ArrayDeque<Future<?>> inFlight = new ArrayDeque<>(window);
    int sent = 0;
    int answered = 0;
    while (answered < gets) {
      while (sent < gets && inFlight.size() < window) {
        inFlight.add(send.apply(reads[position++ & AccessTrace.MASK]));
        sent++;
      }
      Object value = await(inFlight.poll());
      if (value == null) {
        throw new IllegalStateException(
            IMPLEMENTATIONS.get(implementation)
                + " missed a key while measuring; this benchmark measures hits only");
      }
      answered++;
    }
    return answered;
  }

  private static Object await(Future<?> request)
      throws InterruptedException, ExecutionException, TimeoutException {
    return request.get(RemoteImplementation.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
