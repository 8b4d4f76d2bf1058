package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.awaitQuiet;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.metrics;
import static io.nearcache.jcache.coherence.CoherenceFixture.nearHolds;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JVM's own writes never cost it its near tier: a bulk load of many more records per poll than a
 * poller fetches leaves every near copy in place (no partition repair), while a write from another
 * JVM in the middle of the load still removes the copy it replaced.
 */
class OwnWritesTest {
  private static final String CACHE = "bulk";
  private static final int KEYS = 6000;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  @Test
  void aBulkLoadKeepsTheLoadersNearCopiesAndAnotherWritersChangeStillLands() {
    // One partition and one poll a second: the load puts thousands of records between two polls,
    // far past the 512 a poll fetches per partition.
    String[] settings = {
      "nearcache.coherence.partitions", "1", "nearcache.coherence.poll-interval", "1s"
    };
    try (CacheManager loaderJvm = manager(memcached.cluster(), "a", settings);
        CacheManager otherJvm = manager(memcached.cluster(), "b", settings)) {
      Cache<String, String> loader = stringCache(loaderJvm, CACHE);
      Cache<String, String> other = stringCache(otherJvm, CACHE);
      loader.put("seed", "creates the partition's counter");
      awaitQuiet(loader);
      long partitionRepairs = metrics(loader).partitionRepairs();
      long fullRepairs = metrics(loader).fullRepairs();

      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < KEYS; i++) {
        batch.put("k" + i, "v" + i);
        if (batch.size() == 500) {
          loader.putAll(batch);
          batch.clear();
        }
        if (i == KEYS / 2) {
          other.put("k7", "changed by the other JVM");
        }
      }
      awaitQuiet(loader);

      assertEquals(
          partitionRepairs, metrics(loader).partitionRepairs(), metrics(loader).toString());
      assertEquals(fullRepairs, metrics(loader).fullRepairs(), metrics(loader).toString());
      int kept = 0;
      for (int i = 0; i < KEYS; i++) {
        if (nearHolds(loader, "k" + i)) {
          kept++;
        }
      }
      assertFalse(nearHolds(loader, "k7"), "the other JVM's write removed the loader's copy");
      assertEquals(KEYS - 1, kept, "every other near copy of the load is kept");
      assertEquals("changed by the other JVM", loader.get("k7"));
      assertTrue(metrics(loader).recordsApplied() >= 1, metrics(loader).toString());
    }
  }
}
