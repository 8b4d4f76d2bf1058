package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.coherence.HybridLogicalClock;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 5: a JVM whose clock runs ahead wrote an entry whose version stamp lies beyond
 * the drift other JVMs adopt. A later write from a JVM with a true clock still wins the arbiter's
 * compare-and-swap, so its stamp must be above the one it replaced: with a stamp below it, the
 * other zones took their old copy for the newer one, skipped the copy, and kept serving the
 * replaced value.
 */
class ClockDriftTest {
  private static final String CACHE = "drift";
  private static final long AHEAD_MILLIS = TimeUnit.MINUTES.toMillis(10);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;

  @BeforeEach
  void open() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
    raw.close();
  }

  @Test
  void aWriteOverAnEntryStampedInTheFutureReachesEveryZone() {
    writeFromAClockAhead("k", "from-the-future");
    Cache<String, String> writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));

    writer.put("k", "now");

    assertEquals("now", cache(managers.open("b")).get("k"), "zone b holds the newer write");
    assertTrue(
        raw.envelope("b", raw.memcachedKey(CACHE, "k")).version()
            > HybridLogicalClock.stamp(System.currentTimeMillis() + AHEAD_MILLIS / 2, 0),
        "the write's stamp is above the one it replaced");
  }

  @Test
  void aRemovalOverAnEntryStampedInTheFutureReachesEveryZone() {
    writeFromAClockAhead("k", "from-the-future");
    Cache<String, String> writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));

    assertTrue(writer.remove("k"));

    assertNull(cache(managers.open("b")).get("k"), "zone b holds the tombstone");
    assertTrue(raw.envelope("b", raw.memcachedKey(CACHE, "k")).isTombstone());
  }

  /** Stores an entry in every zone as a JVM whose clock is {@link #AHEAD_MILLIS} ahead would. */
  private void writeFromAClockAhead(String key, String value) {
    CacheManager ahead = managers.open("a", "nearcache.write.ack", "ALL");
    cache(ahead).put(key, value);
    ahead.close();
    String memcachedKey = raw.memcachedKey(CACHE, key);
    Envelope written = raw.envelope("a", memcachedKey);
    long future =
        HybridLogicalClock.stamp(
            HybridLogicalClock.physicalMillis(written.version()) + AHEAD_MILLIS, 0);
    byte[] bytes =
        new EnvelopeCodec(CACHE)
            .encode(
                new Envelope(
                    written.format(),
                    written.expireAtMillis(),
                    future,
                    written.codecId(),
                    written.flags(),
                    written.canonicalKey(),
                    written.payload()));
    for (String zone : raw.zones()) {
      raw.set(zone, memcachedKey, bytes);
    }
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
