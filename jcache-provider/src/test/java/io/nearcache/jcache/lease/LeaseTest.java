package io.nearcache.jcache.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.coherence.CoherenceFixture;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5, leases: one caller fleet-wide loads a missing key, the others wait for its value; a
 * load that raced a write or removal is returned to its caller but not stored. Each CacheManager
 * stands for a JVM (its own near tier, its own connections); memcached is real, in two zones.
 */
class LeaseTest {
  private static final String CACHE = "leased";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  private Cache<String, String> cache(
      String zone, CacheLoader<String, String> loader, String... settings) {
    CacheManager manager = CoherenceFixture.manager(memcached.cluster(), zone, settings);
    managers.add(manager);
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    if (loader != null) {
      configuration.setReadThrough(true).setCacheLoaderFactory(() -> loader);
    }
    return manager.createCache(CACHE, configuration);
  }

  private static RemoteCounters counters(Cache<?, ?> cache) {
    return cache.unwrap(NearCache.class).remoteCounters();
  }

  @Test
  void aLoadThatRacedARemovalIsReturnedToItsCallerButNotStored() throws Exception {
    BlockingLoader slow = new BlockingLoader("loaded-before-the-removal");
    Cache<String, String> reader = cache("a", slow);
    Cache<String, String> writer = cache("b", null);
    writer.put("k", "old");
    writer.remove("k");

    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> reader.get("k"));
    assertTrue(slow.entered.await(10, TimeUnit.SECONDS), "the loader runs");
    writer.remove("k");
    slow.release.countDown();

    assertEquals("loaded-before-the-removal", read.get(10, TimeUnit.SECONDS), "its caller gets it");
    assertEquals(1, counters(reader).staleSetsPrevented());
    Cache<String, String> other = cache("b", null);
    assertNull(other.get("k"), "the removal wins: nothing was stored after it");
  }

  @Test
  void aLoadThatRacedAWriteLeavesTheWrittenValue() throws Exception {
    BlockingLoader slow = new BlockingLoader("stale");
    Cache<String, String> reader = cache("a", slow);
    Cache<String, String> writer = cache("b", null);

    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> reader.get("k"));
    assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
    writer.put("k", "fresh");
    slow.release.countDown();

    assertEquals("stale", read.get(10, TimeUnit.SECONDS));
    assertEquals("fresh", cache("b", null).get("k"), "the write wins");
    assertEquals("fresh", reader.get("k"), "and the loading JVM does not keep the stale value");
    assertEquals(1, slow.calls.get());
  }

  @Test
  void aSecondJvmWaitsForTheLeaseInsteadOfLoading() throws Exception {
    BlockingLoader first = new BlockingLoader("from-a");
    CountingLoader second = new CountingLoader("from-b");
    Cache<String, String> a = cache("a", first);
    Cache<String, String> b = cache("b", second);

    CompletableFuture<String> readA = CompletableFuture.supplyAsync(() -> a.get("k"));
    assertTrue(first.entered.await(10, TimeUnit.SECONDS));
    CompletableFuture<String> readB = CompletableFuture.supplyAsync(() -> b.get("k"));
    waitFor(() -> counters(b).leaseWaits() == 1, "b waits for a's lease");
    first.release.countDown();

    assertEquals("from-a", readA.get(10, TimeUnit.SECONDS));
    assertEquals("from-a", readB.get(10, TimeUnit.SECONDS), "b reads what a loaded");
    assertEquals(0, second.calls.get(), "b never loaded");
    assertEquals(1, counters(a).leasesGranted());
    assertEquals(0, counters(b).leasesGranted());
  }

  @Test
  void aWaitThatRunsOutLoadsWithoutStoring() throws Exception {
    BlockingLoader first = new BlockingLoader("from-a");
    CountingLoader second = new CountingLoader("from-b");
    Cache<String, String> a = cache("a", first);
    Cache<String, String> b = cache("b", second, "nearcache.leases.wait", "100ms");

    CompletableFuture<String> readA = CompletableFuture.supplyAsync(() -> a.get("k"));
    assertTrue(first.entered.await(10, TimeUnit.SECONDS));
    assertEquals("from-b", b.get("k"), "after the wait, b loads for itself");
    assertEquals(1, counters(b).leaseWaitsExpired());
    first.release.countDown();
    assertEquals("from-a", readA.get(10, TimeUnit.SECONDS));
    assertEquals("from-a", cache("b", null).get("k"), "only the lease holder stored its value");
  }

  @Test
  void aLoaderThatFindsNothingGivesTheLeaseBack() throws Exception {
    Cache<String, String> a = cache("a", new CountingLoader(null));
    CountingLoader second = new CountingLoader("found-later");
    Cache<String, String> b = cache("b", second, "nearcache.leases.wait", "5s");

    assertNull(a.get("k"));
    long start = System.nanoTime();
    assertEquals("found-later", b.get("k"));
    assertEquals(0, counters(b).leaseWaits(), "nobody waits for a lease given back");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
  }

  @Test
  void withLeasesOffEveryJvmLoads() throws Exception {
    BlockingLoader first = new BlockingLoader("from-a");
    CountingLoader second = new CountingLoader("from-b");
    Cache<String, String> a = cache("a", first, "nearcache.leases.enabled", "false");
    Cache<String, String> b = cache("b", second, "nearcache.leases.enabled", "false");

    CompletableFuture<String> readA = CompletableFuture.supplyAsync(() -> a.get("k"));
    assertTrue(first.entered.await(10, TimeUnit.SECONDS));
    assertEquals("from-b", b.get("k"));
    first.release.countDown();
    readA.get(10, TimeUnit.SECONDS);
    assertEquals(1, second.calls.get(), "without a lease b loads too");
    assertEquals(0, counters(a).leasesGranted() + counters(b).leasesGranted());
  }

  private static void waitFor(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Returns a fixed value and counts calls. */
  static class CountingLoader implements CacheLoader<String, String> {
    final AtomicInteger calls = new AtomicInteger();
    private final String value;

    CountingLoader(String value) {
      this.value = value;
    }

    @Override
    public String load(String key) {
      calls.incrementAndGet();
      return value;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }

  /** Signals when it starts and returns only once released. */
  static final class BlockingLoader extends CountingLoader {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    BlockingLoader(String value) {
      super(value);
    }

    @Override
    public String load(String key) {
      entered.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.load(key);
    }
  }
}
