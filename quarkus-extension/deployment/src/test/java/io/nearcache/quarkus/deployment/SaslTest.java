package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.nearcache.remote.sasl.*} reaches the provider: against a memcached node that
 * requires SASL, the password read from an environment-style reference... here given as a system
 * property, the cached results are stored remotely without a single failed operation.
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
  void cachedResultsGoToAnAuthenticatedRemoteTier() {
    assertEquals(
        RemoteHealth.Status.UP, cacheManager.unwrap(NearCacheManager.class).remoteHealth().status());
    service.product(1);
    service.product(2);
    NearCache<?, ?> products = cacheManager.getCache("products").unwrap(NearCache.class);
    assertTrue(products.remoteCounters().failures().isEmpty(), products.remoteCounters().toString());
    assertEquals(0, products.remoteCounters().skippedWrites());
    // Drop the near copy; the read is then served by the authenticated node.
    products.unwrap(com.github.benmanes.caffeine.cache.Cache.class).invalidateAll();
    int calls = service.productCalls();
    assertEquals(new Product(1, "product 1", "test"), service.product(1));
    assertEquals(calls, service.productCalls(), "served by memcached");
    assertEquals(Long.valueOf(1), products.remoteCounters().remoteHits().get("a"));
  }
}
