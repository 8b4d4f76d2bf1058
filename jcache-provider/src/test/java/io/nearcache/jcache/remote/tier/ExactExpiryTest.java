package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.remote.AdminClient;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    ShiftedWallClock clock = new ShiftedWallClock();
    Cache<String, String> reader = cache(managers.open("b"), clock);
    clock.advance(java.time.Duration.ofMillis(expireAt - 100 - System.currentTimeMillis()));
    assertEquals("v", reader.get("k"), "100 ms before the expiry");
    assertEquals(Map.of("b", 1L), counters(reader).remoteHits());

    clock.advance(java.time.Duration.ofMillis(100));
    assertNull(reader.get("k"), "at the expiry, from the near tier and from zone b alike");
    assertFalse(reader.containsKey("k"));
  }

  @Test
  void memcachedKeepsTheEntryAfterTheCacheReportsItExpired() throws InterruptedException {
    String key = raw.memcachedKey(CACHE, "k");
    long expireAt = raw.envelope("b", key).expireAtMillis();
    long memcachedExpiry = memcachedExpirySeconds("b", key);
    assertTrue(
        memcachedExpiry * 1000 >= expireAt,
        "memcached's whole-second TTL ends at " + memcachedExpiry + " s, not before " + expireAt);

    // memcached's own clock is real seconds: wait, once, until just past the JCache expiry.
    long wait = expireAt + 50 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertNotNull(raw.get("b", key), "memcached still holds the entry");
    Cache<String, String> reader = cache(managers.open("b"), null);
    assertNull(reader.get("k"), "a reader's own clock says the entry expired");
    assertNull(writer.get("k"));
    assertEquals(Map.of(), counters(reader).remoteHits());
  }

  /** The absolute expiry memcached holds for a key, in Unix seconds, from its metadump. */
  private long memcachedExpirySeconds(String zone, String key) {
    NodeAddress node = raw.zone(zone).nodeFor(key);
    AtomicLong expiry = new AtomicLong(Long.MIN_VALUE);
    new AdminClient(zone, java.time.Duration.ofSeconds(5))
        .metadump(
            node,
            item -> {
              if (item.key().equals(key)) {
                expiry.set(item.expiresAt());
              }
            });
    assertTrue(expiry.get() > 0, "memcached lists " + key + " with an expiry: " + expiry);
    return expiry.get();
  }

  private static Cache<String, String> cache(CacheManager manager, ShiftedWallClock clock) {
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
