package io.nearcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.FakeTicker;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AccessedExpiryPolicy} restarts an entry's life on every access ({@code get},
 * {@code getAll}), to the millisecond; {@code containsKey} is not an access (JSR-107 section 6).
 */
class AccessedExpiryPolicyTest {
  private final FakeTicker ticker = new FakeTicker();
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setTicker(ticker);
    configuration.setTypes(String.class, String.class);
    configuration.setExpiryPolicyFactory(
        AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 1000)));
    cache = manager.createCache("accessed", configuration);
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void unreadEntryExpiresAfterTheDuration() {
    cache.put("k", "v");
    ticker.advanceMillis(999);
    assertTrue(cache.containsKey("k"));
    ticker.advanceMillis(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void getExtendsTheEntry() {
    cache.put("k", "v");
    ticker.advanceMillis(999);
    assertEquals("v", cache.get("k"));

    ticker.advanceMillis(999);
    assertTrue(cache.containsKey("k"), "alive 999 ms after the access");
    ticker.advanceMillis(1);
    assertFalse(cache.containsKey("k"), "expired 1000 ms after the access");
  }

  @Test
  void getAllExtendsTheEntry() {
    cache.put("k", "v");
    ticker.advanceMillis(600);
    assertEquals("v", cache.getAll(Set.of("k")).get("k"));

    ticker.advanceMillis(999);
    assertEquals("v", cache.get("k"));
  }

  @Test
  void containsKeyDoesNotExtendTheEntry() {
    cache.put("k", "v");
    ticker.advanceMillis(600);
    assertTrue(cache.containsKey("k"));
    ticker.advanceMillis(400);
    assertNull(cache.get("k"));
  }
}
