package io.nearcache.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.FakeTicker;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearCacheConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An entry that expires fires one EXPIRED event, with its key and old value, to a registered
 * expired listener, and no REMOVED event (JSR-107 section 8, cache entry listeners): right after
 * a read finds it expired, else when the near tier's maintenance removes it.
 */
class ExpiredEventTest {
  private final FakeTicker ticker = new FakeTicker();
  private final List<CacheEntryEvent<? extends String, ? extends String>> events =
      new CopyOnWriteArrayList<>();
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setTicker(ticker);
    configuration.setTypes(String.class, String.class);
    configuration.setExpiryPolicyFactory(
        CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 1)));
    Recorder recorder = new Recorder(events);
    Factory<CacheEntryListener<String, String>> factory = () -> recorder;
    configuration.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(factory, null, true, true));
    cache = manager.createCache("expiring", configuration);
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void getOfAnExpiredEntryFiresOneExpiredEvent() {
    cache.put("k", "v");
    ticker.advanceMillis(999);
    assertEquals("v", cache.get("k"));
    NearTiers.settledSize(cache);
    assertTrue(events.isEmpty(), "nothing expired yet: " + events);

    ticker.advanceMillis(1);
    assertNull(cache.get("k"));
    assertExpiredOnce();

    assertNull(cache.get("k"));
    NearTiers.settledSize(cache);
    assertExpiredOnce();
  }

  @Test
  void containsKeyOfAnExpiredEntryFiresTheExpiredEvent() {
    cache.put("k", "v");
    ticker.advanceMillis(1000);
    assertFalse(cache.containsKey("k"));
    assertExpiredOnce();
  }

  @Test
  void unreadExpiredEntryIsReportedByLaterMaintenance() {
    cache.put("k", "v");
    ticker.advanceMillis(3000);
    NearTiers.settledSize(cache);
    assertExpiredOnce();
  }

  private void assertExpiredOnce() {
    // The expiry notification is delivered by the near tier's maintenance on the common pool.
    java.util.concurrent.ForkJoinPool.commonPool().awaitQuiescence(5, TimeUnit.SECONDS);
    assertEquals(1, events.size(), events.toString());
    CacheEntryEvent<? extends String, ? extends String> event = events.get(0);
    assertEquals(EventType.EXPIRED, event.getEventType());
    assertEquals("k", event.getKey());
    assertEquals("v", event.getOldValue());
  }

  /** Records expired and removed events, so a wrong REMOVED would show. */
  private static final class Recorder
      implements CacheEntryExpiredListener<String, String>,
          CacheEntryRemovedListener<String, String> {
    private final List<CacheEntryEvent<? extends String, ? extends String>> events;

    Recorder(List<CacheEntryEvent<? extends String, ? extends String>> events) {
      this.events = events;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      batch.forEach(events::add);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      batch.forEach(events::add);
    }
  }
}
