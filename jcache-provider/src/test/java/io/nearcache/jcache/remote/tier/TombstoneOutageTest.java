package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Issue 19, item 2: a removal whose tombstone could not reach a zone, for longer than the
 * tombstone lives. Zone b is cut off from the removing JVM only (a proxy partition); the
 * tombstone life is shortened to 2 s ({@code nearcache.remote.tombstone-ttl}) so that the outage
 * outlasts it. The tombstone in zone a used to expire while zone b still held the removed value:
 * a reader in zone a then missed, fell back to zone b, returned the removed value and copied it
 * into zone a (warm-up), where the pending replay, aimed at zone b, would never remove it. A
 * tombstone whose copy is still owed to a zone is now kept alive in the zones that hold it until
 * the replay lands.
 */
class TombstoneOutageTest {
  private static final String CACHE = "tombstone-outage";
  private static final Duration TOMBSTONE_TTL = Duration.ofSeconds(2);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private FaultyProxy zoneB;
  private TwoTierManagers managers;
  private RawZones raw;

  @BeforeEach
  void open() {
    zoneB = FaultyProxy.to(memcached.nodes("b").get(0));
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
    raw.close();
    zoneB.close();
  }

  @Test
  void aRemovalOutlivesAnOutageLongerThanTheTombstone() throws Exception {
    Cache<String, String> remover =
        cache(
            managers.open(
                "a",
                "nearcache.zones.b", zoneB.address(),
                "nearcache.remote.tombstone-ttl", TOMBSTONE_TTL.toSeconds() + "s"));
    remover.put("k", "removed");
    String memcachedKey = raw.memcachedKey(CACHE, "k");
    Eventually.await("zone b holds the value", () -> raw.get("b", memcachedKey) != null);

    zoneB.partition();
    assertTrue(remover.remove("k"));
    // Past the tombstone's life, memcached's whole-second rounding included.
    TimeUnit.MILLISECONDS.sleep(TOMBSTONE_TTL.toMillis() * 2 + 1_000);

    Cache<String, String> readerInA = cache(managers.open("a"));
    assertNull(readerInA.get("k"), "a reader in zone a, which can reach zone b, reads no value");
    assertTrue(
        raw.envelope("a", memcachedKey).isTombstone(), "zone a still holds the tombstone");

    zoneB.heal();
    Eventually.await(
        "the replay reaches zone b",
        Duration.ofSeconds(10),
        () -> raw.envelope("b", memcachedKey).isTombstone());
    assertNull(cache(managers.open("b")).get("k"), "a reader in zone b reads no value");
    assertEquals(
        0,
        TwoTierManagers.counters(remover).droppedReplays().values().stream()
            .mapToLong(Long::longValue)
            .sum(),
        "no replay was dropped");
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
