package io.nearcache.jcache.near;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.FakeTicker;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.AccessedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The near tier's expire-after-write cap ({@code nearcache.near.expire-after-write} or {@link
 * NearCacheConfiguration#setExpireAfterWrite}) ends every entry that long after its last write,
 * even under an eternal policy or one that access keeps extending: the staleness backstop of
 * DESIGN.md.
 */
class ExpireAfterWriteCapTest {
  private final FakeTicker ticker = new FakeTicker();
  private CacheManager manager;

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void capFromPropertiesEndsAnEternalEntry() {
    Cache<String, String> cache =
        create(properties("nearcache.near.expire-after-write", "2s"), configuration());
    cache.put("k", "v");

    ticker.advance(Duration.ofSeconds(2).minusNanos(1));
    assertEquals("v", cache.get("k"));
    ticker.advance(Duration.ofNanos(1));
    assertNull(cache.get("k"));
  }

  @Test
  void capFromConfigurationEndsAnEternalEntry() {
    Cache<String, String> cache =
        create(new Properties(), configuration().setExpireAfterWrite(Duration.ofSeconds(2)));
    cache.put("k", "v");

    ticker.advance(Duration.ofSeconds(2).minusNanos(1));
    assertEquals("v", cache.get("k"));
    ticker.advance(Duration.ofNanos(1));
    assertNull(cache.get("k"));
  }

  @Test
  void capFromConfigurationWinsOverTheProperty() {
    Cache<String, String> cache =
        create(
            properties("nearcache.near.expire-after-write", "1h"),
            configuration().setExpireAfterWrite(Duration.ofSeconds(2)));
    cache.put("k", "v");

    ticker.advance(Duration.ofSeconds(2));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void capEndsAnEntryThatAccessKeepsExtending() {
    NearCacheConfiguration<String, String> configuration =
        configuration().setExpireAfterWrite(Duration.ofSeconds(3));
    configuration.setExpiryPolicyFactory(
        AccessedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.SECONDS, 1)));
    Cache<String, String> cache = create(new Properties(), configuration);
    cache.put("k", "v");

    for (int i = 0; i < 3; i++) {
      ticker.advanceMillis(900);
      assertEquals("v", cache.get("k"), "access keeps it alive at " + (i + 1) * 900 + " ms");
    }
    ticker.advanceMillis(299);
    assertTrue(cache.containsKey("k"));
    ticker.advanceMillis(1);
    assertFalse(cache.containsKey("k"), "the cap ends it 3 s after the write");
  }

  @Test
  void writeRestartsTheCap() {
    Cache<String, String> cache =
        create(new Properties(), configuration().setExpireAfterWrite(Duration.ofSeconds(2)));
    cache.put("k", "v1");
    ticker.advanceMillis(1500);
    cache.put("k", "v2");

    ticker.advanceMillis(1999);
    assertEquals("v2", cache.get("k"));
    ticker.advanceMillis(1);
    assertNull(cache.get("k"));
  }

  private NearCacheConfiguration<String, String> configuration() {
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setTicker(ticker);
    configuration.setTypes(String.class, String.class);
    return configuration;
  }

  private Cache<String, String> create(
      Properties properties, NearCacheConfiguration<String, String> configuration) {
    manager = TestCacheManagers.open(getClass(), properties);
    return manager.createCache("capped", configuration);
  }
}
