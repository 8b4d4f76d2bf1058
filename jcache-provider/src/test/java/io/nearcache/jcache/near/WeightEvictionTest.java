package io.nearcache.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Policy;
import io.nearcache.jcache.CacheBeans;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A near tier bounded by weight ({@code setMaximumWeight(weight, weigher)}) keeps the weigher's
 * total at or under the bound, whatever the entry-count settings say, and counts its evictions.
 */
class WeightEvictionTest {
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    cache =
        manager.createCache(
            "weighed",
            new NearCacheConfiguration<String, String>()
                .setMaximumWeight(100, (key, value) -> value.length())
                .setTypes(String.class, String.class)
                .setStatisticsEnabled(true));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void totalWeightStaysWithinTheBound() {
    for (int i = 0; i < 30; i++) {
      cache.put("k" + i, "0123456789"); // weight 10 each
    }
    long size = NearTiers.settledSize(cache);
    Policy.Eviction<Object, Object> eviction = NearTiers.eviction(cache);

    assertTrue(eviction.isWeighted());
    assertEquals(100, eviction.getMaximum());
    assertEquals(10, size);
    assertEquals(100, eviction.weightedSize().orElseThrow());
    assertEquals(30 - size, CacheBeans.statistic(cache, "CacheEvictions"));
  }

  @Test
  void entryHeavierThanTheBoundIsEvicted() {
    cache.put("small", "x");
    cache.put("huge", "x".repeat(101));
    NearTiers.settledSize(cache);

    assertFalse(cache.containsKey("huge"));
    assertTrue(cache.containsKey("small"));
    assertEquals(1, CacheBeans.statistic(cache, "CacheEvictions"));
  }
}
