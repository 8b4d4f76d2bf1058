package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NearCache#getAsync}: the same answers as {@code get}, from the same tiers in the same
 * order, without a caller thread waiting on memcached; the work after a remote answer runs on the
 * cache's executor, never on a memcached I/O thread.
 */
class AsyncGetTest {
  private static final String CACHE = "async";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).resetBeforeEach();

  private MemcachedCluster cluster;
  private TwoTierManagers managers;
  private RawZones raw;
  private ExecutorService executor;
  /** The threads that handed work to the cache's executor. */
  private final Set<String> submitters = ConcurrentHashMap.newKeySet();

  /** The threads the loader ran on. */
  private static final Set<String> LOADER_THREADS = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void connect() {
    cluster = memcached.cluster();
    managers = new TwoTierManagers(cluster);
    raw = new RawZones(cluster);
    executor = Executors.newFixedThreadPool(2, task -> new Thread(task, "async-test-executor"));
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    managers.close();
    raw.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  @Test
  void nearHitCompletesBeforeReturningAndRemoteHitFillsTheNearTier() throws Exception {
    NearCache<String, String> writer = cache(writerInZoneA(), null);
    writer.put("k", "v");
    assertEquals("v", writer.getAsync("k").getNow("not complete"), "near hit answered at once");

    NearCache<String, String> reader = cache(managers.open("a"), null);
    CompletableFuture<String> remote = reader.getAsync("k");
    assertEquals("v", remote.get(5, TimeUnit.SECONDS));
    RemoteCounters counters = counters(reader);
    assertEquals(1L, counters.remoteHits().get("a"), counters.toString());
    assertEquals(
        "v", reader.getAsync("k").getNow("not complete"), "the remote answer filled the near tier");
    assertEquals(1L, counters.nearHits(), counters.toString());
    // The step after the remote answer was handed to the executor: by spymemcached's I/O thread,
    // or by this thread when the answer was already there.
    assertFalse(submitters.isEmpty(), "the step after the remote answer ran on the executor");
    assertTrue(
        submitters.stream()
            .allMatch(name -> name.startsWith("Memcached IO") || name.equals("main")
                || name.equals(Thread.currentThread().getName())),
        "handed over by an I/O thread or the caller only: " + submitters);
  }

  @Test
  void missingInTheLocalZoneIsReadFromTheNextZone() throws Exception {
    NearCache<String, String> writer = cache(writerInZoneA(), null);
    writer.put("k", "v");
    raw.deleteCopy("b", raw.memcachedKey(CACHE, "k"));

    NearCache<String, String> reader = cache(managers.open("b"), null);
    assertEquals("v", reader.getAsync("k").get(5, TimeUnit.SECONDS));
    RemoteCounters counters = counters(reader);
    assertEquals(1L, counters.remoteHits().get("a"), counters.toString());
    assertNull(reader.getAsync("absent").get(5, TimeUnit.SECONDS), "absent everywhere: null");
  }

  @Test
  void deadLocalZoneFallsBackAndAllZonesDeadIsACountedMiss() throws Exception {
    NearCache<String, String> writer = cache(writerInZoneA(), null);
    writer.put("k", "v");
    NearCache<String, String> reader =
        cache(managers.open("b", "nearcache.near.enabled", "false"), null);
    cluster.killZone("b");
    assertEquals("v", reader.getAsync("k").get(5, TimeUnit.SECONDS));
    RemoteCounters counters = counters(reader);
    assertTrue(counters.failures().getOrDefault("b", 0L) > 0, counters.toString());

    cluster.killZone("a");
    assertNull(reader.getAsync("k").get(5, TimeUnit.SECONDS), "a failure is a miss, not an error");
    assertTrue(counters.failures().getOrDefault("a", 0L) > 0, counters.toString());
  }

  @Test
  void readThroughLoadsOnTheExecutorAndALoaderFailureCompletesExceptionally() throws Exception {
    NearCache<String, String> cache = cache(writerInZoneA(), new NamedLoader());
    LOADER_THREADS.clear();
    assertEquals("loaded fine", cache.getAsync("fine").get(5, TimeUnit.SECONDS));
    assertEquals(Set.of("async-test-executor"), LOADER_THREADS, "the loader ran on the executor");
    NearCache<String, String> other = cache(managers.open("b"), null);
    assertEquals("loaded fine", other.get("fine"), "the loaded value was stored remotely");

    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> cache.getAsync("fail").get(5, TimeUnit.SECONDS));
    assertInstanceOf(CacheLoaderException.class, failure.getCause(), failure.toString());
    assertNull(other.get("fail"), "nothing stored for a failed load");
  }

  @Test
  void manyReadsInFlightFromOneThreadEachGetTheirOwnValue() throws Exception {
    NearCache<String, String> writer = cache(writerInZoneA(), null);
    int keys = 500;
    for (int i = 0; i < keys; i++) {
      writer.put("k" + i, "v" + i);
    }
    NearCache<String, String> reader =
        cache(managers.open("a", "nearcache.near.enabled", "false"), null);
    List<CompletableFuture<String>> inFlight = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      inFlight.add(reader.getAsync("k" + i));
    }
    AtomicInteger wrong = new AtomicInteger();
    for (int i = 0; i < keys; i++) {
      if (!("v" + i).equals(inFlight.get(i).get(10, TimeUnit.SECONDS))) {
        wrong.incrementAndGet();
      }
    }
    assertEquals(0, wrong.get(), "reads answered with another key's value or nothing");
    assertEquals((long) keys, counters(reader).remoteHits().get("a"));
  }

  @Test
  void embeddedCacheAnswersAtOnceAndLoadsOnTheExecutor() throws Exception {
    CacheManager embedded = io.nearcache.jcache.TestCacheManagers.open(AsyncGetTest.class);
    try {
      NearCache<String, String> cache = cache(embedded, new NamedLoader());
      cache.put("k", "v");
      assertEquals("v", cache.getAsync("k").getNow("not complete"));
      LOADER_THREADS.clear();
      assertEquals("loaded x", cache.getAsync("x").get(5, TimeUnit.SECONDS));
      assertEquals(Set.of("async-test-executor"), LOADER_THREADS);
      assertEquals("loaded x", cache.getAsync("x").getNow("not complete"), "the load was kept");
    } finally {
      embedded.close();
    }
  }

  @Test
  void aReadInFlightWhenItsManagerClosesStillCompletes() throws Exception {
    NearCache<String, String> writer = cache(writerInZoneA(), null);
    writer.put("k", "v");
    CacheManager closing = managers.open("b", "nearcache.remote.timeout", "2s");
    NearCache<String, String> reader = cache(closing, null);
    cluster.nodes("b").forEach(cluster::suspend);
    try {
      CompletableFuture<String> inFlight = reader.getAsync("k");
      assertFalse(inFlight.isDone(), "zone b is hung, so the read is still waiting");
      closing.close();
      // Answered one way or the other (the value from zone a, a miss or a failure), never hung.
      try {
        String value = inFlight.get(5, TimeUnit.SECONDS);
        assertTrue(value == null || "v".equals(value), "a wrong value: " + value);
      } catch (ExecutionException acceptable) {
        // refused by the closed manager: an answer too
      }
    } finally {
      cluster.nodes("b").forEach(cluster::resume);
    }
  }

  @Test
  void closedCacheAndNullKeyAreRefusedAtOnce() {
    NearCache<String, String> cache = cache(managers.open("a"), null);
    assertThrows(NullPointerException.class, () -> cache.getAsync(null));
    cache.close();
    assertThrows(IllegalStateException.class, () -> cache.getAsync("k"));
  }

  /** Writes return once every zone holds them, so a test can read or delete another zone's copy. */
  private CacheManager writerInZoneA() {
    return managers.open("a", "nearcache.write.ack", "ALL");
  }

  @SuppressWarnings("unchecked")
  private NearCache<String, String> cache(CacheManager manager, CacheLoader<String, String> loader) {
    Executor recording =
        task -> {
          submitters.add(Thread.currentThread().getName());
          executor.execute(
                () -> {
                  task.run();
                });
        };
    NearCacheConfiguration<String, String> configuration =
        new NearCacheConfiguration<String, String>().setExecutor(recording);
    configuration.setTypes(String.class, String.class);
    if (loader != null) {
      configuration.setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(loader)).setReadThrough(true);
    }
    Cache<String, String> cache = manager.createCache(CACHE, configuration);
    return cache.unwrap(NearCache.class);
  }

  /** Loads "loaded " + key, and fails for the key "fail". */
  static final class NamedLoader implements CacheLoader<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      LOADER_THREADS.add(Thread.currentThread().getName());
      if ("fail".equals(key)) {
        throw new IllegalStateException("the database is down");
      }
      return "loaded " + key;
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
