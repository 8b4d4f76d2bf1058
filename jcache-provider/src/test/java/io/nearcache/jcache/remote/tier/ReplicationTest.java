package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Design, write path: a write reaches every zone's memcached, the primary zone at once and the
 * others as {@code nearcache.write.ack} says (in the background with {@code ONE}, before the call
 * returns with {@code ALL}), all holding the same envelope; a removal leaves a tombstone in every
 * zone, and a JVM of another zone reads the key as absent.
 */
class ReplicationTest {
  private static final String CACHE = "replicated";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).nodesPerZone(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;

  @BeforeEach
  void connect() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void putWithAckOneIsOnThePrimaryAtOnceAndInEveryZoneSoon() {
    Cache<String, String> cache = cache(managers.open("a", "nearcache.write.ack", "ONE"));

    cache.put("k", "v1");
    String key = raw.memcachedKey(CACHE, "k");
    Envelope onPrimary = raw.envelope("a", key);
    assertNotNull(onPrimary, "the primary zone arbitrated the write, so it holds it on return");
    assertEquals("v1", RawZones.value(CACHE, onPrimary));
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " holds the primary's envelope of k",
          () -> onPrimary.equals(raw.envelope(zone, key)));
    }

    cache.put("k", "v2");
    Envelope second = raw.envelope("a", key);
    assertEquals("v2", RawZones.value(CACHE, second));
    assertTrue(second.version() > onPrimary.version(), "a later write has a higher version");
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " replaced v1 by v2", () -> second.equals(raw.envelope(zone, key)));
    }
  }

  @Test
  void putWithAckAllIsInEveryZoneWhenItReturns() {
    // Local zone b: the write is still arbitrated on the primary zone a, then copied to b and c.
    Cache<String, String> cache = cache(managers.open("b", "nearcache.write.ack", "ALL"));

    // The wait for acknowledgements is bounded by twice remote.timeout; a zone whose copy failed
    // is counted (and gets it by replay) before put returns. So when put returns within the bound,
    // each zone holds the write or its failure was counted. (A put that took the whole bound, on
    // a machine too saturated to answer in 2 s, is reported and not held to it.)
    RemoteCounters counters = TwoTierManagers.counters(cache);
    long bound = 2 * java.time.Duration.parse("PT" + TwoTierManagers.TIMEOUT).toNanos();
    for (int i = 0; i < 20; i++) {
      Map<String, Long> failedBefore = counters.failedReplications();
      long start = System.nanoTime();
      cache.put("k" + i, "v" + i);
      boolean waitRanOut = System.nanoTime() - start >= bound;
      Map<String, Long> failedAfter = counters.failedReplications();
      String key = raw.memcachedKey(CACHE, "k" + i);
      Envelope onPrimary = raw.envelope("a", key);
      assertNotNull(onPrimary, "k" + i + " on the primary");
      if (waitRanOut) {
        System.out.println("ReplicationTest: put of k" + i + " took the whole acknowledgement wait");
        continue;
      }
      for (String zone : raw.zones()) {
        boolean counted =
            failedAfter.getOrDefault(zone, 0L) > failedBefore.getOrDefault(zone, 0L);
        if (!counted) {
          assertEquals(onPrimary, raw.envelope(zone, key), "k" + i + " in zone " + zone);
        }
      }
      assertEquals("v" + i, RawZones.value(CACHE, onPrimary));
    }
  }

  @Test
  void removeLeavesTombstonesEverywhereAndAnotherZoneSeesTheRemoval() {
    Cache<String, String> writer = cache(managers.open("a", "nearcache.write.ack", "ONE"));
    Cache<String, String> reader = cache(managers.open("b"));
    writer.put("gone", "v");
    writer.put("kept", "v");
    String gone = raw.memcachedKey(CACHE, "gone");
    for (String zone : raw.zones()) {
      Eventually.await("zone " + zone + " holds gone", () -> raw.envelope(zone, gone) != null);
    }

    assertTrue(writer.remove("gone"));

    Envelope tombstone = raw.envelope("a", gone);
    assertTrue(tombstone.isTombstone(), "the primary holds a tombstone, not nothing");
    assertEquals(0, tombstone.payload().length);
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " holds the primary's tombstone",
          () -> tombstone.equals(raw.envelope(zone, gone)));
    }
    assertNull(reader.get("gone"), "zone b's tombstone reads as absent");
    assertFalse(reader.containsKey("gone"));
    assertEquals("v", reader.get("kept"), "the other key is untouched");
    assertFalse(writer.remove("gone"), "removing a tombstoned key finds nothing");
  }

  private static Cache<String, String> cache(javax.cache.CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
