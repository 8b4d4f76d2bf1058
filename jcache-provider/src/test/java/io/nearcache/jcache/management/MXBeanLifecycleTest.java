package io.nearcache.jcache.management;

import static io.nearcache.jcache.CacheBeans.configurationName;
import static io.nearcache.jcache.CacheBeans.isRegistered;
import static io.nearcache.jcache.CacheBeans.statisticsName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache's MXBeans follow its life: {@code enableStatistics(false)} unregisters the statistics
 * bean and {@code true} registers it again; closing or destroying the cache, or closing its
 * manager, unregisters both beans (JSR-107 section 10, management).
 */
class MXBeanLifecycleTest {
  private CacheManager manager;
  private Cache<String, String> cache;
  private ObjectName statistics;
  private ObjectName configuration;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    cache =
        manager.createCache(
            "managed",
            new MutableConfiguration<String, String>()
                .setStatisticsEnabled(true)
                .setManagementEnabled(true));
    statistics = statisticsName(cache);
    configuration = configurationName(cache);
    assertTrue(isRegistered(statistics));
    assertTrue(isRegistered(configuration));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void disablingStatisticsUnregistersOnlyTheStatisticsBean() {
    manager.enableStatistics("managed", false);
    assertFalse(isRegistered(statistics));
    assertTrue(isRegistered(configuration));

    manager.enableStatistics("managed", true);
    assertTrue(isRegistered(statistics));
  }

  @Test
  void disablingManagementUnregistersOnlyTheConfigurationBean() {
    manager.enableManagement("managed", false);
    assertFalse(isRegistered(configuration));
    assertTrue(isRegistered(statistics));
  }

  @Test
  void closingTheCacheUnregistersBothBeans() {
    cache.close();
    assertFalse(isRegistered(statistics));
    assertFalse(isRegistered(configuration));
  }

  @Test
  void destroyingTheCacheUnregistersBothBeans() {
    manager.destroyCache("managed");
    assertFalse(isRegistered(statistics));
    assertFalse(isRegistered(configuration));
  }

  @Test
  void closingTheManagerUnregistersBothBeans() {
    manager.close();
    assertFalse(isRegistered(statistics));
    assertFalse(isRegistered(configuration));
  }
}
