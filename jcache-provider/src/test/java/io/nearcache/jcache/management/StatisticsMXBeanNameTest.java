package io.nearcache.jcache.management;

import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.CacheBeans;
import io.nearcache.jcache.TestCacheManagers;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With statistics enabled, the statistics MXBean is registered as
 * {@code javax.cache:type=CacheStatistics,CacheManager=<uri with ':' as '.'>,Cache=<name>}, the
 * name Micrometer's {@code JCacheMetrics} builds (DESIGN.md, Spring Boot facts); with statistics
 * off there is none.
 */
class StatisticsMXBeanNameTest {
  @TempDir Path dir;

  @Test
  void defaultManagerRegistersUnderTheLiteralName() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      CacheManager manager = provider().getCacheManager(null, loader, null);
      try {
        manager.createCache(
            "stats-users", new MutableConfiguration<String, String>().setStatisticsEnabled(true));
        ObjectName expected =
            new ObjectName(
                "javax.cache:type=CacheStatistics,"
                    + "CacheManager=classpath.nearcache.properties,Cache=stats-users");
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(expected));
        assertEquals(
            0L, ManagementFactory.getPlatformMBeanServer().getAttribute(expected, "CacheGets"));
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void statisticsBeanIsRegisteredOnlyWhenStatisticsAreEnabled() {
    CacheManager manager = TestCacheManagers.open(getClass());
    try {
      Cache<String, String> counted =
          manager.createCache(
              "counted", new MutableConfiguration<String, String>().setStatisticsEnabled(true));
      Cache<String, String> uncounted =
          manager.createCache("uncounted", new MutableConfiguration<String, String>());

      assertTrue(CacheBeans.isRegistered(CacheBeans.statisticsName(counted)));
      assertFalse(CacheBeans.isRegistered(CacheBeans.statisticsName(uncounted)));
    } finally {
      manager.close();
    }
  }
}
