package io.nearcache.jcache.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.coherence.CoherenceFixture;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.lease.LeaseTest.BlockingLoader;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 7: a removal that finds a lease its own clock says has expired, while memcached
 * still holds it (memcached keeps an item up to a second or two past its whole-second TTL, and
 * clocks differ). The removal used to take the expired lease for an absent key and write nothing,
 * so the lease holder's load, which read the data before the removal, was stored in place of its
 * lease afterwards: the stale set that leases exist to prevent. The remover here runs on a clock
 * 10 s ahead (a controlled ticker), so it sees the 2 s lease as expired at once.
 */
class ExpiredLeaseTest {
  private static final String CACHE = "expired-lease";
  private static final long AHEAD_MILLIS = 10_000;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  @Test
  void aRemovalOverAnExpiredLeaseStillRefusesTheLeaseHoldersLoad() throws Exception {
    BlockingLoader slow = new BlockingLoader("loaded-before-the-removal");
    Cache<String, String> loading = cache("a", slow, Ticker.systemTicker());
    Cache<String, String> remover =
        cache("a", null, () -> (System.currentTimeMillis() + AHEAD_MILLIS) * 1_000_000L);

    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> loading.get("k"));
    assertTrue(slow.entered.await(10, TimeUnit.SECONDS), "the loader runs under its lease");
    remover.remove("k");
    slow.release.countDown();

    assertEquals("loaded-before-the-removal", read.get(10, TimeUnit.SECONDS), "its caller gets it");
    assertEquals(
        1,
        loading.unwrap(NearCache.class).remoteCounters().staleSetsPrevented(),
        "the removal replaced the lease, so the load was not stored");
    assertNull(cache("b", null, Ticker.systemTicker()).get("k"), "nothing was stored after it");
  }

  private Cache<String, String> cache(
      String zone, LeaseTest.CountingLoader loader, Ticker ticker) {
    CacheManager manager = CoherenceFixture.manager(memcached.cluster(), zone);
    managers.add(manager);
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setTypes(String.class, String.class);
    configuration.setTicker(ticker);
    if (loader != null) {
      configuration.setReadThrough(true).setCacheLoaderFactory(() -> loader);
    }
    return manager.createCache(CACHE, configuration);
  }
}
