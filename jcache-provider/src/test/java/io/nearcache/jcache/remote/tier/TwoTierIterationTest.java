package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18: a two-tier iteration returns every entry that was live when it began, however
 * memcached moves items between its LRU segments meanwhile, and a listing that no zone answers is
 * an error, never an empty cache.
 */
class TwoTierIterationTest {
  private static final String CACHE = "iterated";
  private static final int ENTRIES = 3_000;
  private static final int ROUNDS = 15;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;

  @BeforeEach
  void open() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
    raw.close();
  }

  @Test
  void everyIterationListsEveryEntryWhileTheEntriesAreRead() throws InterruptedException {
    Cache<Integer, String> cache = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    Map<Integer, String> expected = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(i, "v" + i);
      expected.put(i, "v" + i);
    }
    // Reads of the stored items in the listed zone mark them active, so memcached moves them
    // between its HOT, WARM and COLD segments while the iterations list them.
    List<String> memcachedKeys = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      memcachedKeys.add(raw.memcachedKey(CACHE, i));
    }
    ZoneClient zoneA = raw.zone("a");
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicLong batches = new AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              Random random = new Random(18);
              for (int batch = 0; batch < 1_000_000 && reading.get(); batch++) {
                List<String> some = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                  some.add(memcachedKeys.get(random.nextInt(ENTRIES)));
                }
                zoneA.getBulk(some).join();
                batches.incrementAndGet();
              }
            },
            "iteration-test-reader");
    reader.start();
    try {
      Cache<Integer, String> other = cache(managers.open("a"));
      for (int round = 0; round < ROUNDS; round++) {
        Map<Integer, String> seen = new HashMap<>();
        for (Cache.Entry<Integer, String> entry : other) {
          assertEquals(null, seen.put(entry.getKey(), entry.getValue()), "listed once: " + entry);
        }
        assertEquals(expected.size(), seen.size(), "entries listed in round " + round);
        assertEquals(expected, seen, "round " + round);
      }
    } finally {
      reading.set(false);
      reader.join(10_000);
    }
    assertTrue(batches.get() > 0, "the reader read while the iterations ran");
  }

  @Test
  void hasNextIsIdempotentAndANewIteratorSeesTheSameEntry() {
    Cache<Integer, String> cache = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    cache.put(1, "one");
    Iterator<Cache.Entry<Integer, String>> first = cache.iterator();
    for (int i = 0; i < 5; i++) {
      assertTrue(first.hasNext(), "hasNext() call " + i);
    }
    assertEquals("one", first.next().getValue());
    assertFalse(first.hasNext());
    assertEquals(1, cache.iterator().next().getKey(), "a new iterator lists the entry again");
  }

  @Test
  void iterationThatNoZoneAnswersFailsNamingTheZones() {
    Cache<Integer, String> cache = cache(managers.open("a", "nearcache.remote.timeout", "200ms"));
    cache.put(1, "one");
    for (String zone : memcached.cluster().zones()) {
      memcached.cluster().killZone(zone);
    }
    try {
      CacheException e = assertThrows(CacheException.class, cache::iterator);
      assertTrue(e.getMessage().contains(CACHE), e.getMessage());
      assertTrue(e.getMessage().contains("a, b"), e.getMessage());
      CacheException removeAll = assertThrows(CacheException.class, cache::removeAll);
      assertTrue(removeAll.getMessage().contains("no zone answered"), removeAll.getMessage());
    } finally {
      for (String zone : memcached.cluster().zones()) {
        memcached.cluster().startZone(zone);
      }
    }
  }

  private static Cache<Integer, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
  }
}
