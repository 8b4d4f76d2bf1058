package io.nearcache.benchmarks;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.BytesTranscoder;
import io.nearcache.testsupport.MemcachedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Remote gets: what a read that goes to memcached costs through nearcache (near tier off), next to
 * stock spymemcached and a bare text-protocol client, all against one local memcached node.
 *
 * <ul>
 *   <li>{@link #latency}: one thread, one call at a time; JMH samples every call, so the report
 *       has the median and tail of a single get.
 *   <li>{@link #throughput100InFlight}: 100 threads each making one call at a time, so 100 gets
 *       are in flight: what a blocking API does under concurrent load.
 *   <li>{@link #pipelined}: one thread keeping a window of asynchronous gets outstanding
 *       (spymemcached's {@code asyncGet}, nearcache's {@code NearCache#getAsync}): the most one
 *       connection delivers; the same 100 in flight as {@link #throughput100InFlight}, from one
 *       thread.
 * </ul>
 *
 * <p>Each trial starts its own memcached (one worker thread, so it uses at most one of the
 * machine's cores) on a free loopback port, preloads every key through the implementation under
 * test, reads each back once to check it, and kills memcached at the end. Every implementation
 * reads the same keys with the same 100-byte values in the same order (see {@link AccessTrace},
 * uniform over the keys). A miss during measurement fails the trial.
 *
 * <p>Loopback round trips dominate every number and vary with what else runs: compare the
 * implementations within one run, not absolute numbers across runs. JMH generates subclasses of the
 * state classes, so none is final.
 */
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class RemoteGetBenchmark {

  /** Threads of {@link #throughput100InFlight}, each with one get outstanding at a time. */
  static final int THREADS = 100;

  /** One thread, one get at a time: the latency distribution of a single get. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public String latency(Session session) {
    return session.next();
  }

  /** A hundred threads, each one get at a time, through the same client. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(THREADS)
  public String throughput100InFlight(Session session) {
    return session.next();
  }

  /** One thread keeping {@link Window#window} asynchronous gets outstanding; one op is one get. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public Object pipelined(Window window) {
    return window.next();
  }

  /** The memcached node, the keys and the implementation under test, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Target {
    /** Which implementation: raw-socket, spymemcached-sync or nearcache. */
    @Param({"raw-socket", "spymemcached-sync", "nearcache"})
    public String impl;

    /** Number of keys, all preloaded. */
    @Param({"4096"})
    public int size;

    private MemcachedCluster memcached;
    private AccessTrace trace;
    private RemoteUnderTest remote;

    /** Starts memcached, connects, preloads every key and checks that it reads back. */
    @Setup(Level.Trial)
    public void open() {
      trace = AccessTrace.generate(size, AccessTrace.Distribution.UNIFORM);
      memcached = startMemcached();
      try {
        String node = memcached.nodes("a").get(0);
        int colon = node.lastIndexOf(':');
        remote =
            RemoteImplementation.fromParameter(impl)
                .open(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)), size);
        for (int i = 0; i < size; i++) {
          remote.put(trace.key(i), trace.value(i));
        }
        RemoteUnderTest.Reader reader = remote.reader();
        for (int i = 0; i < size; i++) {
          checkHit(impl, trace, i, reader.get(trace.key(i)));
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      System.out.println(trace.describe() + "; memcached " + memcached);
    }

    /** Closes the implementation, then kills memcached. */
    @TearDown(Level.Trial)
    public void close() {
      try {
        if (remote != null) {
          remote.close();
        }
      } finally {
        memcached.close();
      }
    }
  }

  /** One benchmark thread's reader and its place in the shared trace. */
  @State(Scope.Thread)
  public static class Session {
    private String impl;
    private RemoteUnderTest.Reader reader;
    private Integer[] reads;
    private int position;

    /** Opens this thread's reader; threads start evenly spaced in the trace. */
    @Setup(Level.Trial)
    public void start(Target target, ThreadParams threads) {
      impl = target.impl;
      reader = target.remote.reader();
      reads = target.trace.reads();
      position =
          (int) ((long) AccessTrace.LENGTH * threads.getThreadIndex() / threads.getThreadCount());
    }

    /** Reads the next key of the trace; a miss fails the trial. */
    String next() {
      Integer key = reads[position++ & AccessTrace.MASK];
      String value = reader.get(key);
      if (value == null) {
        throw new IllegalStateException(
            impl + " missed key " + key + " while measuring; this trial measures hits only");
      }
      return value;
    }
  }

  /**
   * Asynchronous gets, pipelined: a ring of {@link #window} outstanding requests from one thread.
   * Each operation waits for the oldest request and sends the next one in its place, so the window
   * stays full and an operation is one completed get. {@code spymemcached-async} is the stock
   * client's {@code asyncGet} on one connection; {@code nearcache-async} is {@link
   * NearCache#getAsync} with the near tier off, so every get goes to memcached; {@code
   * spymemcached-async-same-bytes} is the stock client's {@code asyncGet} of the items nearcache
   * stored (its keys and envelopes, handed back as bytes), which separates what nearcache's wire
   * format costs from what its code costs.
   */
  @State(Scope.Thread)
  public static class Window {
    /** Which implementation: spymemcached-async, nearcache-async or spymemcached-async-same-bytes. */
    @Param({"spymemcached-async", "nearcache-async", "spymemcached-async-same-bytes"})
    public String impl;

    /** Number of keys, all preloaded. */
    @Param({"4096"})
    public int size;

    /** Requests kept outstanding. */
    @Param({"100"})
    public int window;

    private MemcachedCluster memcached;
    private AutoCloseable client;
    private Function<Integer, Future<?>> send;
    private Integer[] reads;
    private int position;
    private List<Future<?>> inFlight;
    private int slot;

    /** Starts memcached, connects, preloads every key and checks that it reads back. */
    @Setup(Level.Trial)
    public void open() throws Exception {
      AccessTrace trace = AccessTrace.generate(size, AccessTrace.Distribution.UNIFORM);
      reads = trace.reads();
      memcached = startMemcached();
      try {
        String node = memcached.nodes("a").get(0);
        int colon = node.lastIndexOf(':');
        String host = node.substring(0, colon);
        int port = Integer.parseInt(node.substring(colon + 1));
        switch (impl) {
          case "spymemcached-async" -> {
            MemcachedClient stock = RemoteImplementation.stockClient(host, port);
            client = stock::shutdown;
            String[] keys = new String[size];
            for (int i = 0; i < size; i++) {
              keys[i] = RemoteImplementation.memcachedKey(i);
              stock.set(keys[i], 0, trace.value(i)).get();
            }
            send = key -> stock.asyncGet(keys[key]);
          }
          case "nearcache-async" -> {
            RemoteUnderTest nearcache = RemoteImplementation.NEARCACHE.open(host, port, size);
            client = nearcache;
            for (int i = 0; i < size; i++) {
              nearcache.put(trace.key(i), trace.value(i));
            }
            NearCache<Integer, String> cache = RemoteImplementation.nearCache(nearcache);
            send = cache::getAsync;
          }
          case "spymemcached-async-same-bytes" -> {
            RemoteUnderTest nearcache = RemoteImplementation.NEARCACHE.open(host, port, size);
            MemcachedClient stock = RemoteImplementation.stockClient(host, port);
            client =
                () -> {
                  stock.shutdown();
                  nearcache.close();
                };
            for (int i = 0; i < size; i++) {
              nearcache.put(trace.key(i), trace.value(i));
            }
            String[] keys =
                RemoteImplementation.nearcacheKeys(stock, RemoteImplementation.CACHE_NAME, size);
            send = key -> stock.asyncGet(keys[key], BytesTranscoder.INSTANCE);
          }
          default ->
              throw new IllegalArgumentException(
                  "pipelined measures spymemcached-async, nearcache-async or"
                      + " spymemcached-async-same-bytes, not '"
                      + impl
                      + "'");
        }
        for (int i = 0; i < size; i++) {
          Object got = send.apply(trace.key(i)).get();
          if (got instanceof byte[]) {
            if (((byte[]) got).length <= trace.value(i).length()) {
              throw new IllegalStateException(impl + " read no envelope for key " + trace.key(i));
            }
          } else {
            checkHit(impl, trace, i, (String) got);
          }
        }
      } catch (Exception e) {
        close();
        throw e;
      }
      inFlight = new ArrayList<>(window);
      System.out.println(trace.describe() + "; memcached " + memcached);
    }

    /** Fills the window before each iteration. */
    @Setup(Level.Iteration)
    public void fill() {
      inFlight.clear();
      for (int i = 0; i < window; i++) {
        inFlight.add(send.apply(reads[position++ & AccessTrace.MASK]));
      }
      slot = 0;
    }

    /** Waits for the requests still outstanding after each iteration. */
    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException, ExecutionException, TimeoutException {
      for (Future<?> request : inFlight) {
        request.get(RemoteImplementation.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    /** Waits for the oldest request and replaces it with the next key's. */
    Object next() {
      Object value;
      try {
        value =
            inFlight
                .get(slot)
                .get(RemoteImplementation.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while measuring", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(impl + " get failed while measuring", e);
      }
      if (value == null) {
        throw new IllegalStateException(
            impl + " missed a key while measuring; this trial measures hits only");
      }
      inFlight.set(slot, send.apply(reads[position++ & AccessTrace.MASK]));
      slot = slot + 1 == window ? 0 : slot + 1;
      return value;
    }

    /** Closes the client, then kills memcached. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
      try {
        if (client != null) {
          client.close();
        }
      } finally {
        memcached.close();
      }
    }
  }

  /** One memcached node with one worker thread. */
  private static MemcachedCluster startMemcached() {
    return MemcachedCluster.builder().zones(1).nodesPerZone(1).threads(1).start();
  }

  private static void checkHit(String impl, AccessTrace trace, int index, String actual) {
    if (!trace.value(index).equals(actual)) {
      throw new IllegalStateException(
          impl
              + " returned "
              + (actual == null ? "null (a miss)" : "a different value")
              + " for key "
              + index
              + " after preloading; the benchmark measures hits of the stored value only, so"
              + " this trial is void");
    }
  }
}
