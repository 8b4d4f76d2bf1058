package io.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent read-through misses for one key in one JVM share a single loader call: the first
 * caller loads while the others wait for its value (DESIGN.md, read path; the near-tier half of
 * the thundering-herd protection that leases extend fleet-wide).
 */
class ReadThroughSingleLoadTest {
  private static final int THREADS = 8;
  private static final long WAIT_SECONDS = 10;

  private final AtomicInteger loads = new AtomicInteger();
  private final Set<Thread> loading = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private CacheManager manager;
  private Cache<String, String> cache;
  private ExecutorService pool;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    CacheLoader<String, String> loader = new BlockingLoader();
    Factory<CacheLoader<String, String>> factory = () -> loader;
    cache =
        manager.createCache(
            "read-through",
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true)
                .setCacheLoaderFactory(factory));
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    release.countDown();
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    manager.close();
  }

  @Test
  void concurrentMissesCallTheLoaderOnce() throws Exception {
    List<Thread> workers = new ArrayList<>();
    pool =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, "reader-" + workers.size());
              workers.add(thread);
              return thread;
            });
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return cache.get("hot");
              }));
    }

    // Hold the load until every reader is either loading or blocked waiting on the key, so a
    // cache that did not share the load would call the loader once per reader.
    awaitAllReadersInside(workers);
    release.countDown();

    for (Future<String> result : results) {
      assertEquals("loaded:hot", result.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertEquals(1, loads.get());
    assertEquals("loaded:hot", cache.get("hot"));
    assertEquals(1, loads.get(), "a later get is a hit");
  }

  /**
   * Waits until a load has started (so every reader passed the start barrier) and each reader is
   * either loading or parked inside the cache.
   */
  private void awaitAllReadersInside(List<Thread> workers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (loading.isEmpty() || workers.stream().filter(this::isInside).count() < THREADS) {
      assertTrue(
          System.nanoTime() < deadline,
          "readers did not all reach the cache in time; loads so far: " + loads.get());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private boolean isInside(Thread worker) {
    Thread.State state = worker.getState();
    return loading.contains(worker)
        || state == Thread.State.BLOCKED
        || state == Thread.State.WAITING
        || state == Thread.State.TIMED_WAITING;
  }

  /** Counts its calls and holds each until the test releases it. */
  private final class BlockingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      loads.incrementAndGet();
      loading.add(Thread.currentThread());
      try {
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the load of " + key);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading " + key, e);
      }
      return "loaded:" + key;
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException("not used by this test");
    }
  }
}
