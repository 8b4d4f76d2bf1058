package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.spi.NearCacheManager;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code classpath:} CacheManager URI reads that resource through the manager's class loader,
 * with or without a leading slash, and its keys configure the caches.
 */
class ClasspathUriTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "classpath:nearcache-test/classpath-config.properties",
        "classpath:/nearcache-test/classpath-config.properties"
      })
  void classpathUriConfiguresTheManager(String uri) {
    CacheManager manager =
        provider().getCacheManager(URI.create(uri), getClass().getClassLoader(), null);
    try {
      assertEquals(
          "321",
          manager
              .unwrap(NearCacheManager.class)
              .nearcacheProperties()
              .asMap()
              .get("nearcache.near.maximum-size"));

      Cache<String, String> cache =
          manager.createCache(
              "any", new MutableConfiguration<String, String>().setStatisticsEnabled(false));
      assertEquals(321, NearTiers.maximum(cache));
      assertTrue(
          statisticsEnabled(cache),
          "nearcache.statistics.enabled=true must force statistics on");
      assertEquals(11, NearTiers.maximum(manager.getCache("from-classpath")));
    } finally {
      manager.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean statisticsEnabled(Cache<?, ?> cache) {
    return cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled();
  }
}
