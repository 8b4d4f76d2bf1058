package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default CacheManager URI, and the null URI that Spring Boot passes, read
 * {@code nearcache.properties} from the class loader's classpath when it is there and run on the
 * defaults when it is not (DESIGN.md, configuration contract).
 */
class DefaultUriTest {
  @TempDir Path dir;

  @Test
  void nullUriReadsNearcachePropertiesFromTheClassLoader() throws Exception {
    Files.writeString(
        dir.resolve("nearcache.properties"),
        "nearcache.near.maximum-size=42\n"
            + "nearcache.caches.from-default-file.near.maximum-size=7\n");
    try (URLClassLoader loader = classLoaderOver(dir)) {
      CacheManager manager = provider().getCacheManager(null, loader, null);
      try {
        assertEquals(URI.create("classpath:nearcache.properties"), manager.getURI());
        Map<String, String> loaded =
            manager.unwrap(NearCacheManager.class).nearcacheProperties().asMap();
        assertEquals("42", loaded.get("nearcache.near.maximum-size"));

        Cache<Object, Object> other = manager.createCache("other", new MutableConfiguration<>());
        assertEquals(42, NearTiers.maximum(other));
        Cache<Object, Object> named = manager.getCache("from-default-file");
        assertEquals(7, NearTiers.maximum(named));
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void nullUriWithoutTheFileRunsOnDefaults() throws Exception {
    try (URLClassLoader loader = classLoaderOver(dir)) {
      assertNull(loader.getResource("nearcache.properties"), "no nearcache.properties expected");
      CacheManager manager = provider().getCacheManager(null, loader, null);
      try {
        assertEquals(NearCachingProvider.DEFAULT_URI, manager.getURI());
        assertTrue(manager.unwrap(NearCacheManager.class).nearcacheProperties().asMap().isEmpty());
        Cache<Object, Object> cache = manager.createCache("plain", new MutableConfiguration<>());
        assertEquals(
            Long.parseLong(SettingKey.NEAR_MAXIMUM_SIZE.defaultValue()), NearTiers.maximum(cache));
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void nullUriAndDefaultUriGiveTheSameManager() throws Exception {
    try (URLClassLoader loader = classLoaderOver(dir)) {
      CacheManager byNull = provider().getCacheManager(null, loader);
      try {
        assertSame(byNull, provider().getCacheManager(provider().getDefaultURI(), loader));
      } finally {
        byNull.close();
      }
    }
  }

  private URLClassLoader classLoaderOver(Path directory) throws Exception {
    return new URLClassLoader(new URL[] {directory.toUri().toURL()}, getClass().getClassLoader());
  }
}
