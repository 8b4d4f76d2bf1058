package io.nearcache.jcache.spi;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import java.util.HashSet;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache named only in the properties ({@code nearcache.caches.<name>.*}) is created on the first
 * {@code getCache(name)}, untyped and with its own settings; names not configured stay absent.
 */
class ConfiguredCachesTest {
  private CacheManager manager;

  @BeforeEach
  void openManager() {
    manager =
        TestCacheManagers.open(
            getClass(),
            properties(
                "nearcache.caches.orders.near.maximum-size", "5",
                "nearcache.caches.audit.log.statistics.enabled", "true"));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void configuredCacheIsCreatedOnFirstGetCache() {
    assertFalse(names().contains("orders"), "not created before it is asked for");
    Cache<String, String> orders = manager.getCache("orders");
    assertNotNull(orders);
    assertEquals(5, NearTiers.maximum(orders));
    assertTrue(names().contains("orders"));
    assertSame(orders, manager.getCache("orders"));

    orders.put("o-1", "open");
    assertEquals("open", manager.<String, String>getCache("orders").get("o-1"));
  }

  @Test
  void configuredCacheIsUntyped() {
    assertNotNull(manager.getCache("orders", Object.class, Object.class));
  }

  @Test
  void cacheNameWithDotsIsFound() {
    Cache<Object, Object> audit = manager.getCache("audit.log");
    assertNotNull(audit);
    assertEquals("audit.log", audit.getName());
  }

  @Test
  void unconfiguredNameIsAbsent() {
    assertNull(manager.getCache("customers"));
    assertFalse(names().contains("customers"));
  }

  private Set<String> names() {
    Set<String> names = new HashSet<>();
    manager.getCacheNames().forEach(names::add);
    return names;
  }
}
