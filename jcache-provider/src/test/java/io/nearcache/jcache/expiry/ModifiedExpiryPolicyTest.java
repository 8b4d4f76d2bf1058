package io.nearcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.FakeTicker;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ModifiedExpiryPolicy} restarts an entry's life on every update ({@code put},
 * {@code replace}), to the millisecond; reads do not move it (JSR-107 section 6).
 */
class ModifiedExpiryPolicyTest {
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
        ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 1000)));
    cache = manager.createCache("modified", configuration);
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void putExtendsTheEntry() {
    cache.put("k", "v1");
    ticker.advanceMillis(900);
    cache.put("k", "v2");

    ticker.advanceMillis(999);
    assertEquals("v2", cache.get("k"));
    ticker.advanceMillis(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void replaceExtendsTheEntry() {
    cache.put("k", "v1");
    ticker.advanceMillis(900);
    assertTrue(cache.replace("k", "v1", "v2"));

    ticker.advanceMillis(999);
    assertTrue(cache.containsKey("k"));
    ticker.advanceMillis(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void readDoesNotExtendTheEntry() {
    cache.put("k", "v");
    ticker.advanceMillis(900);
    assertEquals("v", cache.get("k"));
    ticker.advanceMillis(100);
    assertFalse(cache.containsKey("k"));
  }
}
