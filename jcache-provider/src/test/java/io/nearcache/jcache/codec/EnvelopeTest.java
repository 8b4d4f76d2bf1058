package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The envelope's invariants: exact millisecond expiry, tombstones without payload, known flags. */
class EnvelopeTest {
  private static final byte[] KEY = {1, 'k'};

  @Test
  void expiresAtItsExactMillisecond() {
    Envelope envelope = Envelope.of(1_000L, 1L, (byte) 1, KEY, new byte[] {1});
    assertFalse(envelope.isExpired(999L));
    assertTrue(envelope.isExpired(1_000L));
    assertTrue(envelope.isExpired(1_001L));
  }

  @Test
  void eternalNeverExpires() {
    Envelope envelope = Envelope.of(Envelope.ETERNAL, 1L, (byte) 1, KEY, new byte[0]);
    assertFalse(envelope.isExpired(Long.MAX_VALUE));
    assertFalse(envelope.isExpired(System.currentTimeMillis()));
  }

  @Test
  void tombstoneHasNoPayloadAndSaysSo() {
    Envelope tombstone = Envelope.tombstone(5_000L, 7L, KEY);
    assertTrue(tombstone.isTombstone());
    assertTrue(tombstone.hasFlag(Envelope.TOMBSTONE));
    assertEquals(0, tombstone.payload().length);
    assertEquals(Envelope.CURRENT_FORMAT, tombstone.format());
    assertFalse(Envelope.of(5_000L, 7L, (byte) 1, KEY, new byte[0]).isTombstone());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Envelope(1, 5_000L, 7L, (byte) 1, Envelope.TOMBSTONE, KEY, new byte[] {1}));
    assertTrue(e.getMessage().contains("1 bytes"), e.getMessage());
  }

  @Test
  void rejectsInvalidComponents() {
    byte[] none = new byte[0];
    assertThrows(NullPointerException.class, () -> Envelope.of(1, 1, (byte) 1, null, none));
    assertThrows(NullPointerException.class, () -> Envelope.of(1, 1, (byte) 1, KEY, null));
    assertThrows(IllegalArgumentException.class, () -> Envelope.of(-1, 1, (byte) 1, KEY, none));
    assertThrows(IllegalArgumentException.class, () -> Envelope.of(1, -1, (byte) 1, KEY, none));
    assertThrows(
        IllegalArgumentException.class, () -> new Envelope(0, 1, 1, (byte) 1, 0, KEY, none));
    assertThrows(
        IllegalArgumentException.class, () -> new Envelope(256, 1, 1, (byte) 1, 0, KEY, none));
    assertThrows(
        IllegalArgumentException.class, () -> new Envelope(1, 1, 1, (byte) 1, 1 << 3, KEY, none));
  }

  @Test
  void equalityComparesArrayContents() {
    Envelope a = Envelope.of(10L, 2L, (byte) 1, new byte[] {1, 2}, new byte[] {3});
    Envelope b = Envelope.of(10L, 2L, (byte) 1, new byte[] {1, 2}, new byte[] {3});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Envelope.of(10L, 2L, (byte) 1, new byte[] {1, 2}, new byte[] {4}));
    assertNotEquals(a, Envelope.of(10L, 3L, (byte) 1, new byte[] {1, 2}, new byte[] {3}));
  }

  @Test
  void toStringShowsSizesNotContents() {
    Envelope envelope =
        Envelope.of(Envelope.ETERNAL, 9L, (byte) 1, KEY, "secret".getBytes(StandardCharsets.UTF_8));
    String text = envelope.toString();
    assertTrue(text.contains("ETERNAL"), text);
    assertTrue(text.contains("payload=6 bytes"), text);
    assertFalse(text.contains("secret"), text);
  }
}
