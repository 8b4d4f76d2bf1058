package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * memcached facts, {@code lru_crawler metadump}: {@code iterator()} and {@code removeAll()} of a
 * two-tier cache enumerate the entries in memcached, including those written by another JVM that
 * this JVM never read, and leave out removed ones.
 */
class RemoteEnumerationTest {
  private static final String CACHE = "enumerated";
  private static final int KEYS = 30;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).nodesPerZone(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<Integer, String> writer;

  @BeforeEach
  void writeFromZoneA() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    for (int i = 0; i < KEYS; i++) {
      writer.put(i, "v" + i);
    }
    writer.remove(0);
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void iteratorListsTheEntriesAnotherJvmWrote() {
    Cache<Integer, String> reader = cache(managers.open("b"));

    Map<Integer, String> seen = new HashMap<>();
    for (Cache.Entry<Integer, String> entry : reader) {
      assertEquals(null, seen.put(entry.getKey(), entry.getValue()), "listed once: " + entry);
    }

    Map<Integer, String> expected = new HashMap<>();
    for (int i = 1; i < KEYS; i++) {
      expected.put(i, "v" + i);
    }
    assertEquals(expected, seen, "every live entry, without the removed key 0");
  }

  @Test
  void removeAllRemovesTheEntriesAnotherJvmWrote() {
    Cache<Integer, String> remover = cache(managers.open("b"));

    remover.removeAll();

    assertFalse(remover.iterator().hasNext());
    for (int i = 1; i < KEYS; i++) {
      String key = raw.memcachedKey(CACHE, i);
      Envelope onPrimary = raw.envelope("a", key);
      assertTrue(onPrimary.isTombstone(), "key " + i + " is a tombstone on the primary");
      for (String zone : raw.zones()) {
        Eventually.await(
            "key " + i + " is a tombstone in zone " + zone,
            () -> raw.envelope(zone, key).isTombstone());
      }
    }
    Cache<Integer, String> opened = cache(managers.open("c"));
    for (int i = 0; i < KEYS; i++) {
      assertEquals(null, opened.get(i), "key " + i + " from zone c");
    }
  }

  private static Cache<Integer, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
  }
}
