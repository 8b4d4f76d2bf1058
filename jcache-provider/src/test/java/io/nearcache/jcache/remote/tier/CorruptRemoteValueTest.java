package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Style, a cache that fails open: bytes in memcached that nearcache cannot use under a cache key
 * (a truncated envelope, random bytes, an envelope whose payload is a class outside the
 * deserialization allowlist) read as a miss in every read operation, without an exception and
 * without running the foreign class's code, and are counted in {@link
 * RemoteCounters#rejectedValues()}; a later write replaces them.
 */
class CorruptRemoteValueTest {
  private static final String CACHE = "corrupted";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, Object> writer;

  @BeforeEach
  void connect() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void truncatedEnvelopeReadsAsAMiss() {
    byte[] whole = envelope("k", SerializationCodec.withDefaults(CACHE, loader()).encode("v"));
    plant("k", Arrays.copyOf(whole, whole.length / 2));
    assertMissEverywhere("k");
  }

  @Test
  void randomBytesReadAsAMiss() {
    byte[] bytes = new byte[200];
    new Random(42).nextBytes(bytes);
    bytes[0] = 'X';
    plant("k", bytes);
    assertMissEverywhere("k");
  }

  @Test
  void classOutsideTheAllowlistReadsAsAMissAndIsNeverDeserialized() {
    SerializationCodec permissive =
        new SerializationCodec(
            CACHE, loader(), SerializationCodec.allowlist(ForeignValue.class.getName()));
    plant("k", envelope("k", permissive.encode(new ForeignValue("gadget"))));
    int before = ForeignValue.DESERIALIZED.get();

    assertMissEverywhere("k");

    assertEquals(before, ForeignValue.DESERIALIZED.get(), "its readObject never ran");
  }

  @Test
  void envelopeOfANullValueReadsAsAMiss() {
    plant("k", envelope("k", SerializationCodec.withDefaults(CACHE, loader()).encode(null)));
    assertMissEverywhere("k");
  }

  @Test
  void aWriteReplacesCorruptBytes() {
    plant("k", "not an envelope".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    writer.put("k", "repaired");

    assertEquals("repaired", cache(managers.open("b")).get("k"));
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " holds a valid envelope",
          () -> "repaired".equals(RawZones.value(CACHE, raw.envelope(zone, raw.memcachedKey(CACHE, "k")))));
    }
  }

  /** Every read of a fresh JVM in zone b misses the key, counting rejections, never throwing. */
  private void assertMissEverywhere(String key) {
    Cache<String, Object> reader = cache(managers.open("b"));
    RemoteCounters counters = counters(reader);

    assertNull(reader.get(key));
    long afterGet = counters.rejectedValues();
    assertTrue(afterGet >= 1, "the get counted a rejection: " + counters);
    assertTrue(reader.getAll(Set.of(key)).isEmpty());
    assertFalse(reader.containsKey(key));
    assertFalse(reader.iterator().hasNext(), "the iterator leaves it out");
    assertTrue(counters.rejectedValues() > afterGet, "each read counted: " + counters);
    assertEquals(0, counters.remoteHits().size(), counters.toString());
  }

  /** Writes the bytes raw under the key's memcached key, in every zone. */
  private void plant(String key, byte[] bytes) {
    String memcachedKey = raw.memcachedKey(CACHE, key);
    for (String zone : raw.zones()) {
      raw.set(zone, memcachedKey, bytes);
    }
  }

  /** A well-formed envelope of this cache's key with the given payload. */
  private static byte[] envelope(String key, byte[] payload) {
    byte[] canonicalKey = SerializationCodec.withDefaults(CACHE, loader()).encode(key);
    return new EnvelopeCodec(CACHE)
        .encode(Envelope.of(Envelope.ETERNAL, 1, SerializationCodec.ID, canonicalKey, payload));
  }

  private static ClassLoader loader() {
    return CorruptRemoteValueTest.class.getClassLoader();
  }

  private static Cache<String, Object> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
  }
}
