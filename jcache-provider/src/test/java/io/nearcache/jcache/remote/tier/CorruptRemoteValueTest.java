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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * Style, a cache that fails open: bytes in memcached that this cache cannot use under one of its
 * keys (a truncated envelope, random bytes, an envelope whose payload is a class outside the
 * deserialization allowlist, null, or a value or key of another type than the cache's) read as a
 * miss in every read operation, without an exception and without running the foreign class's
 * code, and are counted in {@link RemoteCounters#rejectedValues()}; a later write replaces them.
 */
class CorruptRemoteValueTest {
  private static final String CACHE = "corrupted";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, String> writer;

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
  void valueOfAnotherTypeThanTheCachesReadsAsAMiss() {
    plant("k", envelope("k", SerializationCodec.withDefaults(CACHE, loader()).encode(42)));
    assertMissEverywhere("k");
  }

  @Test
  void keyOfAnotherTypeThanTheCachesIsLeftOutOfTheIterator() {
    SerializationCodec codec = SerializationCodec.withDefaults(CACHE, loader());
    byte[] integerKeyed =
        new EnvelopeCodec(CACHE)
            .encode(
                Envelope.of(
                    Envelope.ETERNAL, 1, SerializationCodec.ID, codec.encode(7), codec.encode("v")));
    String memcachedKey = raw.memcachedKey(CACHE, 7);
    raw.zones().forEach(zone -> raw.set(zone, memcachedKey, integerKeyed));
    writer.put("k", "v");
    Cache<String, String> reader = cache(managers.open("b"));

    List<String> listed = new ArrayList<>();
    reader.forEach(e -> listed.add(e.getKey()));

    assertEquals(List.of("k"), listed);
    assertTrue(counters(reader).rejectedValues() >= 1, counters(reader).toString());
  }

  @Test
  void aWriteReplacesCorruptBytes() {
    plant("k", "not an envelope".getBytes(StandardCharsets.US_ASCII));

    writer.put("k", "repaired");
    String key = raw.memcachedKey(CACHE, "k");

    assertEquals("repaired", cache(managers.open("b")).get("k"));
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " holds a valid envelope",
          () -> "repaired".equals(RawZones.value(CACHE, raw.envelope(zone, key))));
    }
  }

  @Test
  void manyCorruptValuesAreCountedEachButWarnedOnce() {
    for (int i = 0; i < 20; i++) {
      plant("k" + i, ("foreign bytes " + i).getBytes(StandardCharsets.US_ASCII));
    }
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger("io.nearcache.jcache.TwoTierStore");
    List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
              warnings.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      Cache<String, String> reader = cache(managers.open("b"));
      for (int i = 0; i < 20; i++) {
        assertNull(reader.get("k" + i));
      }
      assertTrue(counters(reader).rejectedValues() >= 20, counters(reader).toString());
      assertEquals(1, warnings.size(), "one warning for the cache, not one per value");
      assertTrue(warnings.get(0).getMessage().contains(CACHE), warnings.get(0).getMessage());
    } finally {
      log.removeHandler(capture);
    }
  }

  /** Every read of a fresh JVM in zone b misses the key, counting rejections, never throwing. */
  private void assertMissEverywhere(String key) {
    Cache<String, String> reader = cache(managers.open("b"));
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

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
