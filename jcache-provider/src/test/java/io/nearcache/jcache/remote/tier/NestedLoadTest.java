package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 9: a read-through loader that writes another key of its cache. The two-tier store
 * used to hold the loaded key's stripe lock while the loader ran, so two threads loading {@code
 * left} and {@code right} at once, each loader writing the other key, waited for each other's lock
 * forever, with leases or without. Loads now hold no stripe lock; concurrent misses of one key in
 * a JVM still share one load (ReadThroughSingleLoadTest, LeaseTest).
 */
class NestedLoadTest {
  private static final String CACHE = "nested-loads";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private TwoTierManagers managers;
  private ExecutorService threads;

  @BeforeEach
  void open() {
    managers = new TwoTierManagers(memcached.cluster());
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    managers.close();
  }

  @Test
  void loadersThatWriteEachOthersKeyDoNotDeadlock() throws Exception {
    crossWritingLoads(true);
  }

  @Test
  void loadersThatWriteEachOthersKeyDoNotDeadlockWithoutLeases() throws Exception {
    crossWritingLoads(false);
  }

  @Test
  void concurrentMissesOfOneKeyShareOneLoad() throws Exception {
    for (boolean leases : new boolean[] {true, false}) {
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      CountDownLatch release = new CountDownLatch(1);
      CacheLoader<String, String> slow =
          new CacheLoader<>() {
            @Override
            public String load(String key) {
              calls.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "loaded";
            }

            @Override
            public Map<String, String> loadAll(Iterable<? extends String> keys) {
              throw new UnsupportedOperationException();
            }
          };
      Cache<String, String> cache = cache(slow, leases);
      ExecutorService callers = Executors.newFixedThreadPool(6);
      try {
        java.util.List<java.util.concurrent.Future<String>> reads = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
          reads.add(callers.submit(() -> cache.get("hot-" + leases)));
        }
        Thread.sleep(200); // every caller is waiting for the first one's load
        release.countDown();
        for (java.util.concurrent.Future<String> read : reads) {
          assertEquals("loaded", read.get(20, TimeUnit.SECONDS));
        }
        assertEquals(1, calls.get(), "one load for six concurrent misses, leases " + leases);
      } finally {
        callers.shutdownNow();
        cache.getCacheManager().close();
      }
    }
  }

  /**
   * Each caller gets its loaded value or the value the other loader wrote first (a load does not
   * overwrite a write that came while it ran); the cache keeps the writes.
   */
  private void crossWritingLoads(boolean leases) throws Exception {
    CrossWritingLoader loader = new CrossWritingLoader(Map.of("left", "right", "right", "left"));
    Cache<String, String> cache = cache(loader, leases);
    loader.cache = cache;

    CompletableFuture<String> left = CompletableFuture.supplyAsync(() -> cache.get("left"), threads);
    CompletableFuture<String> right =
        CompletableFuture.supplyAsync(() -> cache.get("right"), threads);

    assertTrue(
        Set.of("loaded-left", "written-by-the-loader-of-right").contains(awaitOrDeadlock(left)));
    assertTrue(
        Set.of("loaded-right", "written-by-the-loader-of-left").contains(awaitOrDeadlock(right)));
    assertTrue(loader.ranTogether.get(), "both loaders ran at the same time");
    assertEquals("written-by-the-loader-of-right", cache.get("left"));
    assertEquals("written-by-the-loader-of-left", cache.get("right"));
  }

  private static String awaitOrDeadlock(CompletableFuture<String> read) throws Exception {
    try {
      return read.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the two loads still wait for each other after 20 s", e);
    }
  }

  private Cache<String, String> cache(CacheLoader<String, String> loader, boolean leases) {
    return managers
        .open("a", "nearcache.leases.enabled", Boolean.toString(leases))
        .createCache(
            CACHE,
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true)
                .setCacheLoaderFactory(() -> loader));
  }

  /** Waits (bounded) until both loads are inside the loader, then writes the other key. */
  static final class CrossWritingLoader implements CacheLoader<String, String> {
    private final Map<String, String> other;
    private final CountDownLatch inside = new CountDownLatch(2);
    final AtomicBoolean ranTogether = new AtomicBoolean();
    volatile Cache<String, String> cache;

    CrossWritingLoader(Map<String, String> other) {
      this.other = other;
    }

    @Override
    public String load(String key) {
      inside.countDown();
      try {
        if (inside.await(5, TimeUnit.SECONDS)) {
          ranTogether.set(true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      cache.put(other.get(key), "written-by-the-loader-of-" + key);
      return "loaded-" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }
}
