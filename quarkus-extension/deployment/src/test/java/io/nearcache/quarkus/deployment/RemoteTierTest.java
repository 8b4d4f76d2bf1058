package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.spi.NearCachingProvider;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache annotations against two zones of real memcached: results reach memcached readable by
 * another CacheManager with the cached type allowed by the build alone, a removal by another
 * CacheManager reaches this application's near tier, the readiness check reports the zones, the
 * meters count the tiers, and the CacheManager is closed when the application stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteTierTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String MANAGER = "test.remote-tier.manager";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Product.class, ProductService.class, TestCluster.class))
          .overrideConfigKey("quarkus.cache.type", "nearcache")
          .overrideRuntimeConfigKey("quarkus.nearcache.coherence.poll-interval", "50ms")
          .setBeforeAllCustomizer(() -> TestCluster.start(2))
          .setAfterUndeployListener(RemoteTierTest::closedAtShutdown);

  @Inject ProductService service;

  @Inject CacheManager cacheManager;

  @Inject SmallRyeHealthReporter health;

  @Inject MeterRegistry registry;

  /** Runs in the test's own class loader once the application stopped. */
  private static void closedAtShutdown() {
    Object manager = System.getProperties().remove(MANAGER);
    try {
      if (manager == null) {
        fail("no test recorded the application's CacheManager");
      }
      Object closed = manager.getClass().getMethod("isClosed").invoke(manager);
      assertEquals(Boolean.TRUE, closed, "the CacheManager is closed when the application stops");
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    } finally {
      TestCluster.stop();
    }
  }

  @Test
  @Order(1)
  void aCachedResultIsInMemcachedWithItsTypeAllowedByTheBuild() throws Exception {
    System.getProperties().put(MANAGER, cacheManager);
    Product computed = service.product(100);
    String allow =
        cacheManager
            .unwrap(NearCacheManager.class)
            .nearcacheProperties()
            .asMap()
            .get("nearcache.caches.products.serialization.allow");
    assertTrue(
        allow.contains(Product.class.getName()), "the build allowed the cached type: " + allow);
    try (CacheManager other = otherManager()) {
      Cache<Object, Object> products = other.createCache("products", objects());
      assertEquals(computed, products.get(100L), "another CacheManager reads the result");
    }
    NearCache<?, ?> cache = cacheManager.getCache("products").unwrap(NearCache.class);
    assertEquals(0, cache.remoteCounters().rejectedValues());
    assertEquals(0, cache.remoteCounters().skippedWrites());
  }

  @Test
  @Order(2)
  void aRemovalByAnotherCacheManagerReachesTheNearTier() throws Exception {
    service.product(101);
    int calls = service.productCalls();
    service.product(101);
    assertEquals(calls, service.productCalls(), "a near hit");
    try (CacheManager other = otherManager()) {
      other.createCache("products", objects()).remove(101L);
    }
    Cache<Object, Object> products = cacheManager.getCache("products");
    com.github.benmanes.caffeine.cache.Cache<?, ?> near =
        products.unwrap(com.github.benmanes.caffeine.cache.Cache.class);
    awaitTrue(() -> !near.asMap().containsKey(101L), "the near copy of key 101 is dropped");
    service.product(101);
    assertEquals(calls + 1, service.productCalls(), "the method runs again");
  }

  @Test
  @Order(3)
  void aValueWrittenElsewhereIsARemoteHitCountedByTheMeters() throws Exception {
    Product elsewhere = new Product(102, "written elsewhere", "other");
    try (CacheManager other = otherManager()) {
      other.createCache("products", objects()).put(102L, elsewhere);
    }
    int calls = service.productCalls();
    assertEquals(elsewhere, service.product(102));
    assertEquals(calls, service.productCalls(), "served by zone a, not computed");
    assertTrue(count("nearcache.remote.hits", "zone", "a") >= 1, "remote hits in zone a");
    service.product(102);
    assertTrue(count("nearcache.near.hits", null, null) >= 1, "near hits");
    assertTrue(
        registry
                .get("cache.gets")
                .tag("cache", "products")
                .tag("result", "hit")
                .functionCounter()
                .count()
            >= 2,
        "JCache statistics are on for the annotations' caches");
    assertEquals(
        1.0,
        registry.get("nearcache.remote.nodes.up").tag("zone", "b").gauge().value(),
        "zone b's node is up");
  }

  @Test
  @Order(4)
  void aValueTheRemoteTierRefusesIsReturnedUncached() {
    int calls = service.opaqueCalls();
    Object first = service.opaque("hello");
    Object second = service.opaque("hello");
    assertEquals("hello", ((java.util.logging.LogRecord) first).getMessage());
    assertEquals("hello", ((java.util.logging.LogRecord) second).getMessage());
    assertEquals(calls + 2, service.opaqueCalls(), "not cached in either tier");
  }

  @Test
  @Order(5)
  void readinessReportsTheZonesAndStaysUpWhenAZoneFails() throws Exception {
    JsonObject check = nearcacheCheck();
    assertEquals("UP", check.getString("status"));
    JsonObject data = check.getJsonObject("data");
    assertEquals("UP", data.getString("remote"));
    assertEquals("1/1 nodes up, local, primary", data.getString("zone.a"));
    assertEquals("1/1 nodes up", data.getString("zone.b"));

    TestCluster.kill("b");
    long[] key = {1_000};
    awaitTrue(
        () -> {
          // Writes reach zone b too: its node is marked down after a few failed ones.
          service.product(key[0]++);
          return "DEGRADED".equals(nearcacheCheck().getJsonObject("data").getString("remote"));
        },
        "the check reports zone b's node down");
    JsonObject degraded = nearcacheCheck();
    assertEquals("UP", degraded.getString("status"), "caches still serve with one zone");
    assertTrue(
        degraded.getJsonObject("data").getString("zone.b").startsWith("0/1 nodes up; down: "),
        degraded.toString());
  }

  private JsonObject nearcacheCheck() {
    for (var check : health.getReadiness().getPayload().getJsonArray("checks")) {
      JsonObject object = check.asJsonObject();
      if (object.getString("name").equals("nearcache")) {
        return object;
      }
    }
    throw new AssertionError(
        "no nearcache readiness check in " + health.getReadiness().getPayload());
  }

  private double count(String name, String tag, String value) {
    var search = registry.get(name).tag("cache", "products");
    if (tag != null) {
      search = search.tag(tag, value);
    }
    return search.functionCounter().count();
  }

  /** A CacheManager of its own on the same zones, as another application would have. */
  private static CacheManager otherManager() {
    Properties properties = new Properties();
    for (String zone : TestCluster.zones()) {
      properties.setProperty("nearcache.zones." + zone, TestCluster.nodes(zone));
    }
    properties.setProperty("nearcache.local-zone", "b");
    properties.setProperty("nearcache.serialization.allow", Product.class.getName());
    return new NearCachingProvider()
        .getCacheManager(
            URI.create("test:other-application"),
            Thread.currentThread().getContextClassLoader(),
            properties);
  }

  private static MutableConfiguration<Object, Object> objects() {
    return new MutableConfiguration<>().setTypes(Object.class, Object.class).setStoreByValue(false);
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Within " + BOUND + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}
