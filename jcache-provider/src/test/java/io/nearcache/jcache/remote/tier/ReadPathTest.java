package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Design, read path steps 2 and 3: a JVM with an empty near tier reads its local zone's copy; when
 * that copy is missing it falls back to the other zones in order, and the hit is copied back into
 * the local zone with {@code add} (cold-zone warm-up) unless {@code nearcache.remote.warm-up=false}.
 */
class ReadPathTest {
  private static final String CACHE = "reads";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, String> writer;

  @BeforeEach
  void writeFromZoneA() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    writer.put("k", "from a");
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void readsTheLocalZoneCopy() {
    Cache<String, String> reader = cache(managers.open("b"));

    assertEquals("from a", reader.get("k"));

    RemoteCounters counters = counters(reader);
    assertEquals(Map.of("b", 1L), counters.remoteHits(), "served by local zone b: " + counters);
    assertEquals(0, counters.nearHits());
    assertEquals(0, counters.warmUps());
    assertEquals("from a", reader.get("k"));
    assertEquals(1, counters.nearHits(), "the second read is a near hit");
  }

  @Test
  void missingLocalCopyFallsBackToTheNextZoneAndIsWarmedUp() {
    String key = raw.memcachedKey(CACHE, "k");
    raw.deleteCopy("b", key);
    Cache<String, String> reader = cache(managers.open("b"));

    assertEquals("from a", reader.get("k"));

    RemoteCounters counters = counters(reader);
    assertEquals(Map.of("a", 1L), counters.remoteHits(), "served by zone a: " + counters);
    byte[] warmed = Eventually.awaitValue("zone b is warmed up", () -> raw.get("b", key));
    assertArrayEquals(raw.get("a", key), warmed, "zone b got zone a's envelope byte for byte");
    Eventually.await("the warm-up is counted", () -> counters.warmUps() == 1);
    assertEquals(0, counters.failures().size(), "no zone failed: " + counters);
  }

  @Test
  void noWarmUpWhenDisabled() throws InterruptedException {
    String key = raw.memcachedKey(CACHE, "k");
    raw.deleteCopy("b", key);
    Cache<String, String> reader =
        cache(
            managers.open(
                "b", "nearcache.remote.warm-up", "false", "nearcache.near.enabled", "false"));

    assertEquals("from a", reader.get("k"));
    // A warm-up is sent before get returns and takes milliseconds; give it ample time to show.
    Thread.sleep(300);
    assertNull(raw.get("b", key), "zone b stays without a copy");
    assertEquals("from a", reader.get("k"));

    RemoteCounters counters = counters(reader);
    assertEquals(Map.of("a", 2L), counters.remoteHits(), "both reads fell back: " + counters);
    assertEquals(0, counters.warmUps());
    assertNotNull(raw.get("c", key), "zone c was not touched");
  }

  @Test
  void getAllReadsTheLocalZoneThenTheNextForWhatItLacksAndCountsEachZone() {
    writer.putAll(Map.of("p", "from a", "q", "from a", "r", "from a"));
    raw.deleteCopy("b", raw.memcachedKey(CACHE, "q"));
    raw.deleteCopy("b", raw.memcachedKey(CACHE, "r"));
    Cache<String, String> reader =
        cache(managers.open("b", "nearcache.remote.warm-up", "false"));

    assertEquals(
        Map.of("k", "from a", "p", "from a", "q", "from a", "r", "from a"),
        reader.getAll(Set.of("k", "p", "q", "r", "absent")));

    RemoteCounters counters = counters(reader);
    assertEquals(
        Map.of("b", 2L, "a", 2L), counters.remoteHits(), "k and p from b, q and r from a");
    assertEquals(1, counters.remoteMisses(), "absent everywhere: " + counters);
    assertEquals(0, counters.nearHits());
    assertEquals(
        Map.of("k", "from a", "q", "from a"), reader.getAll(Set.of("k", "q")), "near hits now");
    assertEquals(2, counters.nearHits(), counters.toString());
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
