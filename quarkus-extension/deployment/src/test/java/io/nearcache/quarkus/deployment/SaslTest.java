package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.nearcache.remote.sasl.*} reaches the provider: against a memcached node that
 * requires SASL, with the user and password given as Quarkus properties, cached results are stored
 * in and read back from memcached without a failed operation.
 */
class SaslTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Product.class, ProductService.class, TestCluster.class))
          .overrideConfigKey("quarkus.cache.type", "nearcache")
          .overrideRuntimeConfigKey("quarkus.nearcache.remote.sasl.username", "app")
          .overrideRuntimeConfigKey("quarkus.nearcache.remote.sasl.password", "s3cret-pass")
          .setBeforeAllCustomizer(() -> TestCluster.startSasl("app", "s3cret-pass"))
          .setAfterAllCustomizer(TestCluster::stop);

  @Inject ProductService service;

  @Inject CacheManager cacheManager;

  @Test
  void cachedResultsGoToAnAuthenticatedRemoteTier() throws InterruptedException {
    // The first authentication may still be under way on a loaded machine.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (cacheManager.unwrap(NearCacheManager.class).remoteHealth().status()
        != RemoteHealth.Status.UP) {
      assertTrue(System.nanoTime() < deadline, "the authenticated node is up within 10 s");
      Thread.sleep(50);
    }
    NearCache<?, ?> products = cacheManager.getCache("products").unwrap(NearCache.class);
    long failures = total(products.remoteCounters().failures());
    long skipped = products.remoteCounters().skippedWrites();
    service.product(1);
    service.product(2);
    assertEquals(failures, total(products.remoteCounters().failures()), "no failed operation");
    assertEquals(skipped, products.remoteCounters().skippedWrites(), "no write kept near only");
    // Drop the near copy; the read is then served by the authenticated node.
    products.unwrap(com.github.benmanes.caffeine.cache.Cache.class).invalidateAll();
    int calls = service.productCalls();
    long hits = products.remoteCounters().remoteHits().getOrDefault("a", 0L);
    assertEquals(new Product(1, "product 1", "test"), service.product(1));
    assertEquals(calls, service.productCalls(), "served by memcached");
    assertEquals(hits + 1, products.remoteCounters().remoteHits().get("a"));
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
