package io.nearcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer's {@code JCacheMetrics}, which Spring Boot binds for every JCache cache, reads the
 * real hit, miss, put, removal and eviction counts from our statistics MXBean through the MBean
 * server: the bean's name and attributes match what it looks up.
 */
class MicrometerJCacheMetricsTest {
  private CacheManager manager;
  private Cache<String, String> cache;
  private SimpleMeterRegistry registry;
  private JCacheMetrics<String, String, Cache<String, String>> metrics;

  @BeforeEach
  void bindMetrics() {
    manager = TestCacheManagers.open(getClass());
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setMaximumSize(2);
    configuration.setTypes(String.class, String.class);
    configuration.setStatisticsEnabled(true);
    cache = manager.createCache("metered", configuration);
    registry = new SimpleMeterRegistry();
    metrics = new JCacheMetrics<>(cache, Tags.of("app", "test"));
    metrics.bindTo(registry);
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void metricsReadTheCacheStatistics() {
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    NearTiers.settledSize(cache); // one of the three is evicted to respect the bound of 2

    int present = 0;
    String presentKey = null;
    for (String key : List.of("a", "b", "c")) {
      if (cache.containsKey(key)) {
        present++;
        presentKey = key;
      }
    }
    assertEquals(2, present);
    for (String key : List.of("a", "b", "c", "zzz")) {
      cache.get(key); // 2 hits, 2 misses
    }
    cache.remove(presentKey);
    assertFalse(cache.containsKey(presentKey));

    assertEquals(2.0, counter("cache.gets", "result", "hit"));
    assertEquals(2.0, counter("cache.gets", "result", "miss"));
    assertEquals(3.0, registry.get("cache.puts").tag("cache", "metered").functionCounter().count());
    assertEquals(
        1.0, registry.get("cache.evictions").tag("cache", "metered").functionCounter().count());
    assertEquals(1.0, registry.get("cache.removals").tag("cache", "metered").gauge().value());
  }

  @Test
  void metricsAreTaggedWithTheCacheName() {
    cache.get("missing");
    assertEquals(
        1.0,
        registry
            .get("cache.gets")
            .tags("cache", "metered", "app", "test", "result", "miss")
            .functionCounter()
            .count());
  }

  private double counter(String name, String tag, String value) {
    return registry.get(name).tag("cache", "metered").tag(tag, value).functionCounter().count();
  }
}
