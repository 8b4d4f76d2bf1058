package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, per-cache pools: a cache that names a pool ({@code nearcache.caches.<cache>.pool})
 * stores its entries only on that pool's nodes, and the other caches only on the default pool's
 * nodes ({@code nearcache.zones.*}). Checked by listing every key on every memcached node.
 */
class PoolIsolationTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  @Test
  void aCacheKeysLandOnlyOnItsPoolNodes() throws Exception {
    MemcachedCluster cluster = memcached.cluster();
    List<String> a = cluster.nodes("a");
    List<String> b = cluster.nodes("b");
    Properties properties = twoPools(cluster);
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, "a");
    try (CacheManager manager =
        TestCacheManagers.provider()
            .getCacheManager(URI.create("urn:nearcache:pools"), getClass().getClassLoader(),
                properties)) {
      Cache<String, String> sessions = stringCache(manager, "sessions");
      Cache<String, String> users = stringCache(manager, "users");
      for (int i = 0; i < 200; i++) {
        sessions.put("s" + i, "session " + i);
        users.put("u" + i, "user " + i);
      }
      for (String node : List.of(a.get(0), b.get(0))) {
        List<String> keys = keysOn(node);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("nc:users:")), node + " " + keys);
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("nc:sessions:")), node + " " + keys);
      }
      for (String node : List.of(a.get(1), b.get(1))) {
        List<String> keys = keysOn(node);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("nc:sessions:")), node + " " + keys);
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("nc:users:")), node + " " + keys);
      }
      assertEquals("session 7", sessions.get("s7"));
      assertEquals("user 7", users.get("u7"));
    }
  }

  @Test
  void everyPoolHasItsOwnHealth() {
    MemcachedCluster cluster = memcached.cluster();
    List<String> a = cluster.nodes("a");
    Properties properties = twoPools(cluster);
    properties.setProperty("nearcache.remote.timeout", "250ms");
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, "a");
    try (CacheManager manager =
        TestCacheManagers.provider()
            .getCacheManager(
                URI.create("urn:nearcache:pool-health"), getClass().getClassLoader(), properties)) {
      NearCacheManager nearcache = manager.unwrap(NearCacheManager.class);
      assertEquals(List.of("default", "sessions"), List.copyOf(nearcache.poolHealth().keySet()));
      assertEquals(RemoteHealth.Status.UP, nearcache.poolHealth().get("sessions").status());

      Cache<String, String> sessions = stringCache(manager, "sessions");
      cluster.kill(a.get(1));
      // Reads of the pool's keys find the killed node and mark it down (3 failures by default).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int reads = 0;
      while (nearcache.poolHealth().get("sessions").status() == RemoteHealth.Status.UP) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the pool's killed node was never marked down after " + reads
              + " reads: " + nearcache.poolHealth());
        }
        sessions.get("s" + reads++);
      }
      assertEquals(
          RemoteHealth.Status.DEGRADED,
          nearcache.poolHealth().get("sessions").status(),
          nearcache.poolHealth().toString());
      assertEquals(RemoteHealth.Status.UP, nearcache.poolHealth().get("default").status());
      assertEquals(RemoteHealth.Status.UP, nearcache.remoteHealth().status(), "default pool only");
    }
  }

  @Test
  void aCacheNamingAnUnknownPoolFailsNamingTheKey() {
    Properties properties = memcached.cluster().asProperties();
    properties.setProperty("nearcache.caches.sessions.pool", "nope");
    CacheException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () ->
                TestCacheManagers.provider()
                    .getCacheManager(
                        URI.create("urn:nearcache:bad-pool"), getClass().getClassLoader(),
                        properties));
    assertTrue(e.getMessage().contains("nearcache.caches.sessions.pool"), e.getMessage());
  }

  /**
   * The default pool on the first node of zones a and b, pool "sessions" (for the cache of that
   * name) on their second nodes.
   */
  private static Properties twoPools(MemcachedCluster cluster) {
    List<String> a = cluster.nodes("a");
    List<String> b = cluster.nodes("b");
    Properties properties = new Properties();
    properties.setProperty("nearcache.zones.a", a.get(0));
    properties.setProperty("nearcache.zones.b", b.get(0));
    properties.setProperty("nearcache.pools.sessions.zones.a", a.get(1));
    properties.setProperty("nearcache.pools.sessions.zones.b", b.get(1));
    properties.setProperty("nearcache.caches.sessions.pool", "sessions");
    return properties;
  }

  private static Cache<String, String> stringCache(CacheManager manager, String name) {
    return manager.createCache(
        name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static List<String> keysOn(String node) throws Exception {
    try (SpyZoneClient client =
        new SpyZoneClient("probe", List.of(NodeAddress.parse(node)), Duration.ofSeconds(2))) {
      return client.keys("nc:").get(10, TimeUnit.SECONDS);
    }
  }
}
