package io.nearcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.FakeTicker;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CreatedExpiryPolicy} ends an entry exactly its duration after creation, to the
 * millisecond, and neither updates nor reads move that time (JSR-107 section 6, expiry policies).
 */
class CreatedExpiryPolicyTest {
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
        CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 1500)));
    cache = manager.createCache("created", configuration);
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void entryLivesToTheMillisecond() {
    cache.put("k", "v");
    ticker.advanceMillis(1499);
    assertEquals("v", cache.get("k"));
    ticker.advanceMillis(1);
    assertNull(cache.get("k"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void updateDoesNotExtendTheEntry() {
    cache.put("k", "v1");
    ticker.advanceMillis(1000);
    cache.put("k", "v2");
    ticker.advanceMillis(499);
    assertEquals("v2", cache.get("k"));
    ticker.advanceMillis(1);
    assertNull(cache.get("k"));
  }

  @Test
  void readDoesNotExtendTheEntry() {
    cache.put("k", "v");
    ticker.advanceMillis(1000);
    assertEquals("v", cache.get("k"));
    ticker.advanceMillis(500);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void entryCreatedAgainAfterExpiryGetsAFreshLife() {
    cache.put("k", "v1");
    ticker.advanceMillis(1500);
    assertTrue(cache.putIfAbsent("k", "v2"), "the expired entry counts as absent");
    ticker.advanceMillis(1499);
    assertEquals("v2", cache.get("k"));
  }
}
