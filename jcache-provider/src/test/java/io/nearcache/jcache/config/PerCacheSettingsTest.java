package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nearcache.caches.<cache>.<key>} overrides {@code nearcache.<key>} for that cache only;
 * other caches keep the global value, and an explicit {@link NearCacheConfiguration} setting wins
 * over both.
 */
class PerCacheSettingsTest {
  private CacheManager manager;

  @BeforeEach
  void openManager() {
    manager =
        TestCacheManagers.open(
            getClass(),
            properties(
                "nearcache.near.maximum-size", "500",
                "nearcache.caches.users.near.maximum-size", "20",
                "nearcache.near.expire-after-write", "10m",
                "nearcache.caches.sessions.near.expire-after-write", "30s",
                "nearcache.statistics.enabled", "true",
                "nearcache.caches.quiet.statistics.enabled", "false"));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void perCacheMaximumSizeOverridesTheGlobalOne() {
    Cache<Object, Object> users = manager.createCache("users", new MutableConfiguration<>());
    Cache<Object, Object> orders = manager.createCache("orders", new MutableConfiguration<>());
    assertEquals(20, NearTiers.maximum(users));
    assertEquals(500, NearTiers.maximum(orders));
  }

  @Test
  void perCacheExpireAfterWriteOverridesTheGlobalOne() {
    Cache<Object, Object> sessions = manager.createCache("sessions", new MutableConfiguration<>());
    Cache<Object, Object> orders = manager.createCache("orders", new MutableConfiguration<>());
    assertEquals(
        Duration.ofSeconds(30), sessions.unwrap(NearCache.class).settings().expireAfterWrite());
    assertEquals(
        Duration.ofMinutes(10), orders.unwrap(NearCache.class).settings().expireAfterWrite());
  }

  @Test
  void perCacheFlagOverridesTheGlobalOne() {
    Cache<Object, Object> quiet = manager.createCache("quiet", new MutableConfiguration<>());
    Cache<Object, Object> orders = manager.createCache("orders", new MutableConfiguration<>());
    assertFalse(statisticsEnabled(quiet));
    assertTrue(statisticsEnabled(orders));
  }

  @Test
  void explicitConfigurationWinsOverTheProperties() {
    Cache<Object, Object> users =
        manager.createCache("users", new NearCacheConfiguration<>().setMaximumSize(4));
    assertEquals(4, NearTiers.maximum(users));
  }

  @SuppressWarnings("unchecked")
  private static boolean statisticsEnabled(Cache<?, ?> cache) {
    return cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled();
  }
}
