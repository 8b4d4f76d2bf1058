package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.coherence.HybridLogicalClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remote tier's write and read of one entry, end to end without I/O: key encoding, value codec,
 * version stamp, envelope. This is the sequence the cache facade performs.
 */
class RemoteEntryRoundTripTest {
  private static final long NOW = 1_700_000_000_000L;

  private final SerializationCodec values =
      SerializationCodec.withDefaults("users", RemoteEntryRoundTripTest.class.getClassLoader());
  private final KeyEncoder keys = new KeyEncoder("users", values);
  private final EnvelopeCodec envelopes = new EnvelopeCodec("users");
  private final HybridLogicalClock writer = new HybridLogicalClock(() -> NOW);
  private final HybridLogicalClock reader = new HybridLogicalClock(() -> NOW - 5_000);

  @Test
  void entryWrittenByOneJvmIsReadBackByAnother() {
    Object key = "user with spaces";
    Object value = Map.of("name", "Ada", "roles", new ArrayList<>(List.of("admin")));

    EncodedKey encodedKey = keys.encode(key, 3);
    Envelope written =
        Envelope.of(
            NOW + 60_000,
            writer.now(),
            values.id(),
            encodedKey.canonicalKey(),
            values.encode(value));
    byte[] stored = envelopes.encode(written);

    Envelope read = envelopes.decode(stored);
    assertTrue(encodedKey.matches(read));
    assertFalse(read.isExpired(NOW));
    assertEquals(key, values.decode(read.canonicalKey()));
    assertEquals(value, values.decode(read.payload()));
    assertTrue(reader.observe(read.version()));
    assertTrue(reader.now() > read.version(), "a write after the read must win over what it read");
  }

  @Test
  void tombstoneOutranksTheValueItDeletes() {
    EncodedKey encodedKey = keys.encode(42L, 0);
    Envelope value =
        Envelope.of(
            Envelope.ETERNAL,
            writer.now(),
            values.id(),
            encodedKey.canonicalKey(),
            values.encode("v"));
    Envelope tombstone =
        envelopes.decode(
            envelopes.encode(
                Envelope.tombstone(NOW + 10_000, writer.now(), encodedKey.canonicalKey())));
    assertTrue(tombstone.isTombstone());
    assertTrue(tombstone.version() > value.version());
    assertTrue(tombstone.isExpired(NOW + 10_000));
  }
}
