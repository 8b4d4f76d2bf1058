package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * memcached facts, TTL: a JCache expiry in milliseconds holds exactly across JVMs and zones. The
 * envelope carries the exact expiry, which every reader checks against its own clock; memcached's
 * TTL, whole seconds, is rounded up, so memcached still holds the entry for a while after the cache
 * reports it absent, never the other way round.
 */
class ExactExpiryTest {
  private static final String CACHE = "expiring";
  private static final long TTL_MILLIS = 1500;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, String> writer;
  private long beforePut;
  private long afterPut;

  @BeforeEach
  void writeFromZoneA() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"), null);
    beforePut = System.currentTimeMillis();
    writer.put("k", "v");
    afterPut = System.currentTimeMillis();
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void anotherZoneReadsTheEntryUntilItsExactExpiryThenAbsent() {
    Envelope stored = raw.envelope("b", raw.memcachedKey(CACHE, "k"));
    long expireAt = stored.expireAtMillis();
    assertTrue(
        expireAt >= beforePut + TTL_MILLIS && expireAt <= afterPut + TTL_MILLIS,
        "the envelope keeps the exact millisecond: " + expireAt);

    SettableWallClock clock = new SettableWallClock();
    Cache<String, String> reader = cache(managers.open("b"), clock);
    clock.set(expireAt - 1);
    assertEquals("v", reader.get("k"), "1 ms before the expiry");
    assertEquals(Map.of("b", 1L), counters(reader).remoteHits());
    assertEquals("v", reader.get("k"), "from the near tier");

    clock.set(expireAt);
    assertNull(reader.get("k"), "at the expiry, from the near tier and from zone b alike");
    assertFalse(reader.containsKey("k"));
    assertEquals(Map.of("b", 1L), counters(reader).remoteHits(), "zone b's copy read as expired");
  }

  @Test
  void memcachedKeepsTheEntryAfterTheCacheReportsItExpired() throws InterruptedException {
    String key = raw.memcachedKey(CACHE, "k");
    long expireAt = raw.envelope("b", key).expireAtMillis();

    // memcached's own clock is real seconds: wait, once, until just past the JCache expiry. Its TTL
    // here is 3 s (1.5 s rounded up, plus one second for its once-a-second clock), so the item
    // outlives the entry by at least half a second.
    long wait = expireAt + 10 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertNotNull(raw.get("b", key), "memcached still holds the entry");
    assertNotNull(raw.get("a", key), "in every zone");
    Cache<String, String> reader = cache(managers.open("b"), null);
    assertNull(reader.get("k"), "a reader's own clock says the entry expired");
    assertNull(writer.get("k"));
    assertEquals(Map.of(), counters(reader).remoteHits());
  }

  private static Cache<String, String> cache(CacheManager manager, SettableWallClock clock) {
    NearCacheConfiguration<String, String> configuration = new NearCacheConfiguration<>();
    configuration.setTypes(String.class, String.class);
    configuration.setExpiryPolicyFactory(
        CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, TTL_MILLIS)));
    if (clock != null) {
      configuration.setTicker(clock);
    }
    return manager.createCache(CACHE, configuration);
  }
}
