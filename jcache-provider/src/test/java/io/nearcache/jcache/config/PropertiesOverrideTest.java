package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.spi.NearCacheManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The properties passed to {@code getCacheManager} (how Spring and Quarkus hand over their
 * configuration) override the keys of the file that the URI names, key by key; keys outside
 * {@code nearcache.*} are left to their owners.
 */
class PropertiesOverrideTest {
  @TempDir Path dir;

  @Test
  void passedPropertiesOverrideTheFileKeyByKey() throws Exception {
    Path file = dir.resolve("base.properties");
    Files.writeString(
        file,
        "nearcache.near.maximum-size=100\n"
            + "nearcache.near.expire-after-write=5m\n"
            + "nearcache.caches.users.near.maximum-size=3\n");
    Properties overrides =
        properties(
            "nearcache.near.maximum-size", "200",
            "nearcache.caches.users.near.maximum-size", "30",
            "spring.cache.type", "jcache");
    CacheManager manager =
        provider().getCacheManager(file.toUri(), getClass().getClassLoader(), overrides);
    try {
      Map<String, String> loaded =
          manager.unwrap(NearCacheManager.class).nearcacheProperties().asMap();
      assertEquals("200", loaded.get("nearcache.near.maximum-size"));
      assertEquals("30", loaded.get("nearcache.caches.users.near.maximum-size"));
      assertEquals("5m", loaded.get("nearcache.near.expire-after-write"), "kept from the file");
      assertFalse(loaded.containsKey("spring.cache.type"));

      Cache<Object, Object> orders = manager.createCache("orders", new MutableConfiguration<>());
      assertEquals(200, NearTiers.maximum(orders));
      assertEquals(30, NearTiers.maximum(manager.getCache("users")));
    } finally {
      manager.close();
    }
  }
}
