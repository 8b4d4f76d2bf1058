package io.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Cache#unwrap} gives the {@link NearCache} and its live Caffeine near tier, and refuses
 * anything else with an {@link IllegalArgumentException} (JSR-107 {@code Cache.unwrap}).
 */
class CacheUnwrapTest {
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    cache =
        manager.createCache(
            "profiles",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void unwrapsToNearCache() {
    assertSame(cache, cache.unwrap(NearCache.class));
    assertSame(cache, cache.unwrap(Cache.class));
  }

  @Test
  void unwrapsToTheLiveCaffeineCache() {
    assertInstanceOf(
        com.github.benmanes.caffeine.cache.Cache.class,
        cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class));
    com.github.benmanes.caffeine.cache.Cache<Object, Object> near = NearTiers.caffeine(cache);
    cache.put("k", "v");
    assertTrue(near.asMap().containsKey("k"), "the unwrapped cache holds the JCache entries");
    near.invalidate("k");
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void unwrapToAnotherTypeFailsNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cache.unwrap(Map.class));
    assertTrue(e.getMessage().contains(Map.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("profiles"), e.getMessage());
  }
}
