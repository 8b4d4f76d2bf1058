package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.REPAIR_BOUND;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitSettled;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitTrue;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.metrics;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearTiers;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Coherence" and "generation": {@code clear()} in one JVM moves the cache to a new
 * generation; another JVM notices the new generation on its next poll, drops every near copy, and
 * reads and writes the new generation from then on.
 */
class ForeignClearTest {
  private static final String CACHE = "sessions";
  private static final int ENTRIES = 50;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private CacheManager clearingJvm;
  private CacheManager otherJvm;
  private Cache<String, String> clearing;
  private Cache<String, String> other;

  @BeforeEach
  void open() {
    clearingJvm = manager(memcached.cluster(), "a");
    otherJvm = manager(memcached.cluster(), "b");
    clearing = stringCache(clearingJvm, CACHE);
    other = stringCache(otherJvm, CACHE);
  }

  @AfterEach
  void close() {
    otherJvm.close();
    clearingJvm.close();
  }

  @Test
  void clearInOneJvmEmptiesTheOtherJvmsNearTierWithinTheBound() {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      entries.put("session:" + i, "s" + i);
    }
    clearing.putAll(entries);
    CoherenceMetrics seen = metrics(other);
    awaitSettled(memcached.cluster(), "b", CACHE, entries, other);
    assertEquals(entries, other.getAll(entries.keySet()));
    assertEquals(ENTRIES, NearTiers.settledSize(other), "every entry is in the near tier");
    long fullRepairs = seen.fullRepairs();

    clearing.clear();
    long dropped =
        awaitTrue(
            "the other JVM's near tier is empty",
            REPAIR_BOUND,
            () -> NearTiers.settledSize(other) == 0);
    System.out.println("FOREIGN CLEAR near tier dropped after " + dropped + " ms");

    assertTrue(seen.fullRepairs() > fullRepairs, seen.toString());
    for (String key : entries.keySet()) {
      assertNull(other.get(key), key + " is gone for the other JVM too");
    }
    other.put("session:0", "after");
    awaitTrue(
        "the clearing JVM reads what the other wrote after the clear",
        REPAIR_BOUND,
        () -> "after".equals(clearing.get("session:0")));
  }
}
