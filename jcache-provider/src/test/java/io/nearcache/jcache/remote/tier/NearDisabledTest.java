package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nearcache.jcache.NearTiers;
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
 * {@code nearcache.near.enabled=false}: a two-tier cache runs remote-only. Every read goes to
 * memcached (no near hits, an empty near tier), so a change made by another JVM is seen by the
 * next read.
 */
class NearDisabledTest {
  private static final String CACHE = "remote-only";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).resetBeforeEach();

  private TwoTierManagers managers;

  @BeforeEach
  void connect() {
    managers = new TwoTierManagers(memcached.cluster());
  }

  @AfterEach
  void disconnect() {
    managers.close();
  }

  @Test
  void everyReadGoesToMemcached() {
    Cache<String, String> cache = cache(managers.open("a", "nearcache.near.enabled", "false"));
    cache.put("k", "v");
    cache.put("other", "w");

    for (int i = 0; i < 10; i++) {
      assertEquals("v", cache.get("k"));
    }
    assertEquals(Map.of("k", "v", "other", "w"), cache.getAll(Set.of("k", "other")));

    RemoteCounters counters = counters(cache);
    assertEquals(0, counters.nearHits(), counters.toString());
    assertEquals(Map.of("a", 12L), counters.remoteHits(), counters.toString());
    assertEquals(0, NearTiers.settledSize(cache), "nothing kept in the near tier");
  }

  @Test
  void anotherJvmsChangesAreSeenByTheNextRead() {
    Cache<String, String> remoteOnly =
        cache(managers.open("a", "nearcache.near.enabled", "false"));
    Cache<String, String> other = cache(managers.open("b", "nearcache.write.ack", "ALL"));
    other.put("k", "v1");
    assertEquals("v1", remoteOnly.get("k"));

    other.put("k", "v2");
    assertEquals("v2", remoteOnly.get("k"));

    other.remove("k");
    assertNull(remoteOnly.get("k"));
    assertFalse(remoteOnly.containsKey("k"));
    assertEquals(0, counters(remoteOnly).nearHits());
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
