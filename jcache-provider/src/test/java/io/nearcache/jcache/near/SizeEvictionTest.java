package io.nearcache.jcache.near;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.CacheBeans;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A near tier bounded to N entries holds N after many puts, evicting on the writing thread, and
 * every eviction is counted in the statistics MXBean's {@code CacheEvictions} (JSR-107
 * {@code CacheStatisticsMXBean}).
 */
class SizeEvictionTest {
  private static final int PUTS = 1_000;

  private CacheManager manager;

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void configuredMaximumSizeBoundsTheNearTierAndCountsEvictions() {
    manager = TestCacheManagers.open(getClass());
    Cache<Integer, String> cache =
        manager.createCache(
            "bounded",
            new NearCacheConfiguration<Integer, String>()
                .setMaximumSize(50)
                .setTypes(Integer.class, String.class)
                .setStatisticsEnabled(true));
    putMany(cache);

    assertEquals(50, NearTiers.settledSize(cache));
    assertEquals(PUTS, CacheBeans.statistic(cache, "CachePuts"));
    assertEquals(PUTS - 50, CacheBeans.statistic(cache, "CacheEvictions"));
    assertEquals(0, CacheBeans.statistic(cache, "CacheRemovals"), "evictions are not removals");
  }

  @Test
  void maximumSizePropertyBoundsTheNearTierAndCountsEvictions() {
    manager =
        TestCacheManagers.open(
            getClass(),
            properties(
                "nearcache.caches.bounded.near.maximum-size", "20",
                "nearcache.caches.bounded.statistics.enabled", "true"));
    Cache<Integer, String> cache =
        manager.createCache("bounded", new MutableConfiguration<Integer, String>());
    putMany(cache);

    assertEquals(20, NearTiers.settledSize(cache));
    assertEquals(PUTS - 20, CacheBeans.statistic(cache, "CacheEvictions"));
  }

  @Test
  void evictionIsCountedOnceMaintenanceRan() {
    manager = TestCacheManagers.open(getClass());
    Cache<Integer, String> cache =
        manager.createCache(
            "inline",
            new NearCacheConfiguration<Integer, String>()
                .setMaximumSize(10)
                .setTypes(Integer.class, String.class)
                .setStatisticsEnabled(true));
    for (int i = 0; i < 11; i++) {
      cache.put(i, "value-" + i);
    }

    // Maintenance runs off the writing thread, as in plain Caffeine; once it ran, the bound holds
    // and the eviction is counted.
    assertEquals(10, NearTiers.settledSize(cache));
    assertEquals(1, CacheBeans.statistic(cache, "CacheEvictions"));
  }

  private static void putMany(Cache<Integer, String> cache) {
    for (int i = 0; i < PUTS; i++) {
      cache.put(i, "value-" + i);
    }
  }
}
