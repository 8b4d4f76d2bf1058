package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearcache.jcache.spi.NearCacheManager;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness check with two pools of real memcached ({@code quarkus.nearcache.zones} and {@code
 * quarkus.nearcache.pools.sessions.zones}, the cache {@code sessions} on the second): a killed node
 * of the second pool makes the remote tier DEGRADED and names that pool while the default pool
 * stays UP; with every node of the second pool killed the tier is DOWN, and with {@code
 * require-remote} on so is the check, as it would be for the default pool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolsReadinessTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(TestCluster.class))
          .overrideConfigKey("quarkus.cache.type", "nearcache")
          .overrideRuntimeConfigKey("quarkus.nearcache.caches.\"sessions\".pool", TestCluster.POOL)
          .overrideRuntimeConfigKey("quarkus.nearcache.health.require-remote", "true")
          .setBeforeAllCustomizer(TestCluster::startWithPool)
          .setAfterAllCustomizer(TestCluster::stop);

  @Inject CacheManager cacheManager;

  @Inject SmallRyeHealthReporter health;

  @Inject MeterRegistry registry;

  @Test
  @Order(1)
  void bothPoolsAreReportedUp() throws Exception {
    assertEquals(
        List.of("default", TestCluster.POOL),
        List.copyOf(cacheManager.unwrap(NearCacheManager.class).poolHealth().keySet()));
    JsonObject check = awaitCheck(data -> "UP".equals(data.getString("remote")));
    assertEquals("UP", check.getString("status"));
    JsonObject data = check.getJsonObject("data");
    assertEquals("1/1 nodes up, local, primary", data.getString("zone.a"));
    assertEquals("1/1 nodes up", data.getString("zone.b"));
    assertEquals("UP", data.getString("pool.default"));
    assertEquals("UP", data.getString("pool.sessions"));
    assertEquals("1/1 nodes up, local, primary", data.getString("pool.sessions.zone.a"));
    assertEquals("1/1 nodes up", data.getString("pool.sessions.zone.b"));
  }

  @Test
  @Order(2)
  void aKilledNodeOfTheSecondPoolDegradesItWhileTheDefaultPoolStaysUp() throws Exception {
    TestCluster.killPoolNode("b");
    JsonObject check = awaitCheck(data -> "DEGRADED".equals(data.getString("pool.sessions")));
    assertEquals("UP", check.getString("status"), "the caches still serve");
    JsonObject data = check.getJsonObject("data");
    assertEquals("DEGRADED", data.getString("remote"), check.toString());
    assertTrue(
        data.getString("pool.sessions.zone.b").startsWith("0/1 nodes up; down: "),
        check.toString());
    assertEquals("1/1 nodes up, local, primary", data.getString("pool.sessions.zone.a"));
    assertEquals("UP", data.getString("pool.default"));
    assertEquals("1/1 nodes up", data.getString("zone.b"), "the default pool's zone b");
    assertEquals("1/1 nodes up", data.getString("pool.default.zone.b"));
    assertEquals(1.0, nodes("down", TestCluster.POOL, "b"), "the pool's gauge counts the node");
    assertEquals(0.0, nodes("up", TestCluster.POOL, "b"));
    assertEquals(0.0, nodes("down", "default", "b"), "the default pool's zone b is whole");
    assertEquals(1.0, nodes("up", "default", "b"));
  }

  private double nodes(String state, String pool, String zone) {
    return registry
        .get("nearcache.remote.nodes." + state)
        .tag("pool", pool)
        .tag("zone", zone)
        .gauge()
        .value();
  }

  @Test
  @Order(3)
  void theSecondPoolWithNoNodeUpIsDownAsTheDefaultPoolWouldBe() throws Exception {
    TestCluster.killPoolNode("a");
    JsonObject check = awaitCheck(data -> "DOWN".equals(data.getString("pool.sessions")));
    assertEquals("DOWN", check.getString("status"), "require-remote is on");
    JsonObject data = check.getJsonObject("data");
    assertEquals("DOWN", data.getString("remote"));
    assertEquals("UP", data.getString("pool.default"));
    assertEquals("1/1 nodes up, local, primary", data.getString("zone.a"));
  }

  /**
   * Reads the check until its data matches, at most {@link #BOUND}, while writing to a cache of
   * each pool: a node is marked down after operations on it fail.
   */
  private JsonObject awaitCheck(Predicate<JsonObject> condition) throws InterruptedException {
    Cache<Object, Object> traffic = cache("traffic");
    Cache<Object, Object> sessions = cache("sessions");
    long deadline = System.nanoTime() + BOUND.toNanos();
    JsonObject check = nearcacheCheck();
    for (int i = 0; !condition.test(check.getJsonObject("data")); i++) {
      if (System.nanoTime() > deadline) {
        fail("Within " + BOUND + " the readiness check never matched: " + check);
      }
      for (int k = 0; k < 8; k++) {
        traffic.put("key-" + i + "-" + k, i);
        sessions.put("key-" + i + "-" + k, i);
      }
      Thread.sleep(20);
      check = nearcacheCheck();
    }
    return check;
  }

  private Cache<Object, Object> cache(String name) {
    Cache<Object, Object> cache = cacheManager.getCache(name);
    return cache != null
        ? cache
        : cacheManager.createCache(
            name,
            new MutableConfiguration<>().setTypes(Object.class, Object.class).setStoreByValue(false));
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
}
