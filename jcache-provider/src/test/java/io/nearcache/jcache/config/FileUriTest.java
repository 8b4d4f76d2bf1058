package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.spi.NearCacheManager;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code file:} CacheManager URI reads that file, and its keys configure the caches. */
class FileUriTest {
  @TempDir Path dir;

  @Test
  void fileUriConfiguresTheManager() throws Exception {
    Path file = dir.resolve("cache settings.properties");
    Files.writeString(
        file,
        "nearcache.near.maximum-size = 64\n"
            + "nearcache.near.expire-after-write=90s\n"
            + "nearcache.caches.from-file.near.maximum-size=5\n");
    URI uri = file.toUri();
    CacheManager manager = provider().getCacheManager(uri, getClass().getClassLoader(), null);
    try {
      assertEquals(uri, manager.getURI());
      assertEquals(
          "64",
          manager
              .unwrap(NearCacheManager.class)
              .nearcacheProperties()
              .asMap()
              .get("nearcache.near.maximum-size"),
          "values are trimmed");

      Cache<Object, Object> cache = manager.createCache("any", new MutableConfiguration<>());
      assertEquals(64, NearTiers.maximum(cache));
      assertEquals(
          Duration.ofSeconds(90),
          cache.unwrap(io.nearcache.jcache.NearCache.class).settings().expireAfterWrite());
      assertEquals(5, NearTiers.maximum(manager.getCache("from-file")));
    } finally {
      manager.close();
    }
  }
}
