package io.nearcache.testsupport.herd;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;

/**
 * One JVM of a {@link HerdRun}, configured by {@code -Dnearcache.*} system properties. As a
 * reader, its threads read the hot key through a CacheLoader that sleeps like a database query and
 * counts its calls; as the remover, it removes the key at a fixed period. Both wait for the start
 * file, run for the given time, and print their counts on standard output.
 */
public final class HerdWorker {
  /** The cache every worker uses. */
  public static final String CACHE = "herd";

  /** The hot key. */
  public static final String KEY = "hot";

  static final AtomicLong LOADS = new AtomicLong();
  static volatile long loaderMillis;

  private HerdWorker() {}

  /**
   * Arguments: {@code reader|remover}, threads (readers) or period in ms (remover), run time in
   * ms, loader time in ms, start file.
   */
  public static void main(String[] args) throws Exception {
    String role = args[0];
    int threadsOrPeriod = Integer.parseInt(args[1]);
    long runMillis = Long.parseLong(args[2]);
    loaderMillis = Long.parseLong(args[3]);
    Path startFile = Path.of(args[4]);
    PrintStream out = System.out;

    CacheManager manager =
        Caching.getCachingProvider("io.nearcache.jcache.spi.NearCachingProvider")
            .getCacheManager();
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    if (role.equals("reader")) {
      configuration
          .setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class));
    }
    Cache<String, String> cache = manager.createCache(CACHE, configuration);
    out.println("READY");
    out.flush();
    long startDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(startFile)) {
      if (System.nanoTime() > startDeadline) {
        throw new IllegalStateException("no start signal within 120 s");
      }
      Thread.sleep(2);
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
    if (role.equals("reader")) {
      read(cache, threadsOrPeriod, end, out);
    } else {
      remove(cache, threadsOrPeriod, end, out);
    }
    out.println("DONE");
    out.flush();
    manager.close();
    System.exit(0);
  }

  private static void read(Cache<String, String> cache, int threads, long end, PrintStream out)
      throws InterruptedException {
    AtomicLong gets = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread reader =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  try {
                    String value = cache.get(KEY);
                    gets.incrementAndGet();
                    // Every loaded value names the key: anything else is a wrong answer.
                    if (value == null || !value.startsWith(KEY + "@")) {
                      wrong.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    errors.incrementAndGet();
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    for (Thread reader : readers) {
      reader.join(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 60_000);
    }
    out.println("LOADS " + LOADS.get());
    out.println("GETS " + gets.get());
    out.println("WRONG " + wrong.get());
    out.println("ERRORS " + errors.get());
    out.println("LEASE_WAITS_EXPIRED " + remoteCounter(cache, "leaseWaitsExpired"));
    out.println("LEASES_GRANTED " + remoteCounter(cache, "leasesGranted"));
    Map<?, ?> failures = (Map<?, ?>) remoteCounter(cache, "failures");
    out.println(
        "REMOTE_FAILURES " + failures.values().stream().mapToLong(n -> (Long) n).sum());
  }

  /**
   * One of the provider's remote-tier counters ({@code NearCache#remoteCounters()}), read
   * reflectively: this module cannot depend on the provider, whose own tests depend on it.
   */
  private static Object remoteCounter(Cache<String, String> cache, String counter) {
    try {
      Class<?> nearCache = Class.forName("io.nearcache.jcache.NearCache");
      Object counters = nearCache.getMethod("remoteCounters").invoke(cache.unwrap(nearCache));
      return counters.getClass().getMethod(counter).invoke(counters);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the remote counter " + counter, e);
    }
  }

  private static void remove(Cache<String, String> cache, int periodMillis, long end, PrintStream out)
      throws InterruptedException {
    long removals = 0;
    long next = System.nanoTime();
    while (System.nanoTime() < end) {
      cache.remove(KEY);
      removals++;
      next += TimeUnit.MILLISECONDS.toNanos(periodMillis);
      long pause = next - System.nanoTime();
      if (pause > 0) {
        TimeUnit.NANOSECONDS.sleep(pause);
      }
    }
    out.println("REMOVALS " + removals);
  }

  /** A loader that takes as long as a database query and counts its calls. */
  public static final class SlowLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      long call = LOADS.incrementAndGet();
      try {
        Thread.sleep(loaderMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return key + "@" + ProcessHandle.current().pid() + "/" + call;
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> values = new java.util.HashMap<>();
      keys.forEach(k -> values.put(k, load(k)));
      return values;
    }
  }
}
