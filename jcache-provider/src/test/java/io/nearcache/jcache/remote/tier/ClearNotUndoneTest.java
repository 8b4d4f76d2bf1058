package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nearcache.testsupport.FaultyProxy;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 3: a {@code clear()} whose new generation did not reach a zone (a partition
 * swallowed the copy) must not be undone there. Before the fix the copy was sent once and
 * forgotten, and pollers adopted any generation that differed from theirs, so the clearing JVM,
 * local to that zone, went back to the old generation at its next poll and served the cleared
 * entries again; other JVMs of the zone never saw the clear.
 */
class ClearNotUndoneTest {
  private static final String CACHE = "cleared-once";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private FaultyProxy proxy;
  private TwoTierManagers managers;
  private RawZones raw;

  @BeforeEach
  void open() {
    proxy = FaultyProxy.to(memcached.nodes("b").get(0));
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
    raw.close();
    proxy.close();
  }

  @Test
  void aClearThatMissedAZoneStaysClearedThereAndReachesItsOtherJvms() throws Exception {
    Cache<String, String> clearing =
        cache(
            managers.open(
                "b",
                "nearcache.zones.b", proxy.address(),
                "nearcache.write.ack", "ALL",
                "nearcache.remote.timeout", "250ms"));
    Cache<String, String> neighbour = cache(managers.open("b"));
    clearing.put("k", "before the clear");
    assertEquals("before the clear", neighbour.get("k"));
    long before = raw.generation("b", CACHE);

    proxy.partition();
    try {
      clearing.clear();
    } finally {
      proxy.heal();
    }
    long cleared = raw.generation("a", CACHE);
    assertEquals(before + 1, cleared, "zone a took the clear");

    assertNull(clearing.get("k"), "cleared at once");
    // The node the partition made fail is probed back within a second; then the clearing JVM's
    // poller reads zone b again, whose counter the copy did not reach.
    TimeUnit.MILLISECONDS.sleep(2_500);
    assertNull(clearing.get("k"), "still cleared after its poller read zone b");
    Eventually.await(
        "zone b's generation raised to the clear's",
        Duration.ofSeconds(5),
        () -> Long.valueOf(cleared).equals(raw.generation("b", CACHE)));
    Eventually.await(
        "the other JVM of zone b sees the clear",
        Duration.ofSeconds(5),
        () -> neighbour.get("k") == null);
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
