package io.nearcache.samples.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.spi.CachingProvider;

/**
 * Walks through the embedded nearcache provider (near tier only, no memcached) with nothing but the
 * standard {@code javax.cache} API: hits and misses, expiry, entry events and read-through.
 */
public final class EmbeddedDemo {

  private static final String PROVIDER = "io.nearcache.jcache.spi.NearCachingProvider";
  private static final long SESSION_LIFETIME_MILLIS = 1_500;
  private static final long DATABASE_LATENCY_MILLIS = 200;
  private static final int CONCURRENT_READERS = 8;

  private EmbeddedDemo() {}

  /** Runs the demo; takes no arguments. */
  public static void main(String[] args) throws Exception {
    try (CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        CacheManager manager = provider.getCacheManager()) {
      System.out.println("nearcache embedded demo: near tier only, no memcached");
      System.out.println(
          "provider " + provider.getClass().getName() + ", manager " + manager.getURI());

      SessionsResult sessions = sessions(manager);
      ReadThroughResult products = products(manager);

      System.out.println();
      System.out.println("Summary (statistics from the javax.cache:type=CacheStatistics MXBeans)");
      System.out.printf(
          "  sessions: %s; %s%n",
          Statistics.describe(sessions.statistics()),
          sessions.aliceExpired()
              ? "alice expired 1.5 s after creation despite the update"
              : "alice was still cached after 1.6 s, expected her to expire");
      System.out.printf(
          "  products: %s; %d reads of 2 products needed %d database loads%n",
          Statistics.describe(products.statistics()), products.reads(), products.loads());
    }
  }

  /** A cache whose entries live 1.5 s after creation, with a listener that records its events. */
  private static SessionsResult sessions(CacheManager manager) throws InterruptedException {
    EventRecorder events = new EventRecorder();
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(
                CreatedExpiryPolicy.factoryOf(
                    new Duration(TimeUnit.MILLISECONDS, SESSION_LIFETIME_MILLIS)))
            .setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(
                new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(events),
                    null, // no filter: every event
                    true, // old values wanted, to print updates
                    true)); // synchronous: fired before the operation returns
    Cache<String, String> sessions = manager.createCache("sessions", config);

    System.out.println();
    System.out.printf(
        "1. cache \"sessions\": CreatedExpiryPolicy %d ms, statistics and an entry listener%n",
        SESSION_LIFETIME_MILLIS);
    sessions.put("alice", "cart: 1 item");
    step("put alice = cart: 1 item", events.drain());
    String alice = sessions.get("alice");
    step("get alice -> " + alice, hitOrMiss(alice));
    String bob = sessions.get("bob");
    step("get bob   -> " + bob, hitOrMiss(bob));
    sessions.put("alice", "cart: 2 items");
    step("put alice = cart: 2 items", events.drain() + " (an update does not extend the life)");
    sessions.put("bob", "cart: empty");
    step("put bob   = cart: empty", events.drain());
    sessions.remove("bob");
    step("remove bob", events.drain());

    long sleepMillis = SESSION_LIFETIME_MILLIS + 100;
    step(String.format("sleep %.1f s", sleepMillis / 1000.0), "past alice's lifetime");
    TimeUnit.MILLISECONDS.sleep(sleepMillis);
    alice = sessions.get("alice");
    step("get alice -> " + alice, hitOrMiss(alice) + ", " + events.awaitAndDrain(500));
    return new SessionsResult(Statistics.of(sessions), alice == null);
  }

  /** A read-through cache in front of a slow database that counts its loads. */
  private static ReadThroughResult products(CacheManager manager) throws Exception {
    SlowDatabase database = new SlowDatabase(DATABASE_LATENCY_MILLIS);
    MutableConfiguration<Long, String> config =
        new MutableConfiguration<Long, String>()
            .setTypes(Long.class, String.class)
            .setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(database))
            .setStatisticsEnabled(true);
    Cache<Long, String> products = manager.createCache("products", config);

    System.out.println();
    System.out.printf(
        "2. cache \"products\": read-through from a database that takes %d ms per load%n",
        DATABASE_LATENCY_MILLIS);
    timedGet(products, 7L, database);
    timedGet(products, 7L, database);

    int loadsBefore = database.loads();
    long start = System.nanoTime();
    List<String> values = getConcurrently(products, 8L);
    step(
        String.format(
            "%d threads get 8 at once -> %s (%d ms)",
            CONCURRENT_READERS, values.get(0), elapsedMillis(start)),
        "database loads +" + (database.loads() - loadsBefore));

    return new ReadThroughResult(Statistics.of(products), 2 + CONCURRENT_READERS, database.loads());
  }

  private static void timedGet(Cache<Long, String> cache, long id, SlowDatabase database) {
    int loadsBefore = database.loads();
    long start = System.nanoTime();
    String value = cache.get(id);
    step(
        String.format("get %d -> %s (%d ms)", id, value, elapsedMillis(start)),
        "database loads +" + (database.loads() - loadsBefore));
  }

  private static List<String> getConcurrently(Cache<Long, String> cache, long id) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_READERS);
    try {
      List<Callable<String>> readers = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_READERS; i++) {
        readers.add(() -> cache.get(id));
      }
      List<String> values = new ArrayList<>();
      for (Future<String> future : pool.invokeAll(readers, 10, TimeUnit.SECONDS)) {
        values.add(future.get());
      }
      return values;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String hitOrMiss(Object value) {
    return value == null ? "miss" : "hit";
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static void step(String action, String outcome) {
    System.out.printf("   %-48s %s%n", action, outcome);
  }

  /** What the sessions part observed. */
  private record SessionsResult(CacheStatisticsMXBean statistics, boolean aliceExpired) {}

  /** What the read-through part observed. */
  private record ReadThroughResult(CacheStatisticsMXBean statistics, int reads, int loads) {}
}
