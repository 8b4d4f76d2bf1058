package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored layout of an envelope (format 2), its round trip, compression of large payloads and
 * the item size limit of memcached.
 */
class EnvelopeCodecTest {
  private static final byte[] KEY = "\u0001user-42".getBytes(StandardCharsets.UTF_8);

  private final EnvelopeCodec codec = new EnvelopeCodec("users");

  @Test
  void valueRoundTrips() {
    Envelope envelope =
        Envelope.of(1_700_000_000_123L, 0x0123_4567_89ABL, (byte) 1, KEY, bytes(100));
    assertEquals(envelope, codec.decode(codec.encode(envelope)));
  }

  @Test
  void versionIsReadWithoutDecodingAndOnlyFromIntactEnvelopes() {
    byte[] plain = codec.encode(Envelope.of(10L, 0x0123_4567_89ABL, (byte) 1, KEY, bytes(100)));
    byte[] compressed = codec.encode(Envelope.of(10L, 42L, (byte) 1, KEY, new byte[20_000]));
    byte[] tombstone = codec.encode(Envelope.tombstone(10L, 7L, KEY));
    assertEquals(0x0123_4567_89ABL, codec.version(plain));
    assertEquals(42L, codec.version(compressed));
    assertEquals(7L, codec.version(tombstone));

    byte[] corrupted = plain.clone();
    corrupted[EnvelopeCodec.VERSION_OFFSET] ^= 1;
    assertThrows(CodecException.class, () -> codec.version(corrupted));
    assertThrows(CodecException.class, () -> codec.version(new byte[] {0x6E, 0x63, 1}));
  }

  @Test
  void tombstoneAndEternalAndEmptyKeyRoundTrip() {
    Envelope tombstone = Envelope.tombstone(1_700_000_060_000L, 99L, KEY);
    assertEquals(tombstone, codec.decode(codec.encode(tombstone)));
    assertTrue(codec.decode(codec.encode(tombstone)).isTombstone());
    Envelope eternal =
        Envelope.of(Envelope.ETERNAL, Long.MAX_VALUE, (byte) -1, new byte[0], new byte[0]);
    assertEquals(eternal, codec.decode(codec.encode(eternal)));
  }

  @Test
  void layoutIsFixedFieldsVarintsKeyPayloadChecksum() {
    long expiry = 1_733_500_000_123L;
    Envelope envelope =
        Envelope.of(expiry, 0x0102_0304_0506_0708L, (byte) 9, KEY, new byte[] {(byte) 0xEE});
    byte[] bytes = codec.encode(envelope);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertEquals(EnvelopeCodec.encodedSize(expiry, KEY.length, 1), bytes.length);
    // 13 fixed, 6-byte expiry varint (41 bits), 1-byte key length, key, 1-byte payload length.
    assertEquals(13 + 6 + 1 + KEY.length + 1 + 1 + 4, bytes.length);
    assertEquals('n', in.get());
    assertEquals('c', in.get());
    assertEquals(2, in.get());
    assertEquals(0, in.get());
    assertEquals(9, in.get());
    assertEquals(0x0102_0304_0506_0708L, in.getLong());
    assertEquals(expiry + 1, readVarint(in));
    assertEquals(KEY.length, readVarint(in));
    byte[] key = new byte[KEY.length];
    in.get(key);
    assertArrayEquals(KEY, key);
    assertEquals(1, readVarint(in));
    assertEquals((byte) 0xEE, in.get());
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    assertEquals((int) crc.getValue(), in.getInt());
    assertFalse(in.hasRemaining());
  }

  @Test
  void eternalEntryUnderAReadableKeyCostsTwentyBytes() {
    byte[] payload = bytes(100);
    byte[] bytes =
        codec.encode(Envelope.of(Envelope.ETERNAL, 5L, (byte) 1, new byte[0], payload));
    assertEquals(120, bytes.length);
    assertEquals(0, bytes[13], "expiry 0 stands for eternal");
    assertEquals(0, bytes[14], "no canonical key");
    assertEquals(100, bytes[15]);
    Envelope decoded = codec.decode(bytes);
    assertEquals(Envelope.ETERNAL, decoded.expireAtMillis());
    assertEquals(0, decoded.canonicalKey().length);
    assertArrayEquals(payload, decoded.payload());
  }

  @Test
  void varintBoundariesRoundTrip() {
    long[] expiries = {0L, 126L, 127L, 128L, 16_382L, 16_383L, Long.MAX_VALUE - 1, Envelope.ETERNAL};
    int[] lengths = {0, 127, 128, 16_383, 16_384, 70_000};
    for (long expiry : expiries) {
      for (int length : lengths) {
        Envelope envelope = Envelope.of(expiry, 3L, (byte) 1, bytes(length % 300), bytes(length));
        byte[] encoded =
            new EnvelopeCodec("users", Integer.MAX_VALUE, 1 << 20, 1 << 20).encode(envelope);
        assertEquals(EnvelopeCodec.encodedSize(expiry, length % 300, length), encoded.length);
        assertEquals(envelope, codec.decode(encoded), "expiry " + expiry + ", length " + length);
      }
    }
  }

  @Test
  void formatOneIsRejectedAsUnknown() {
    byte[] bytes = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, bytes(10)));
    bytes[2] = 1;
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().contains("format 1 is unknown"), e.getMessage());
  }

  private static long readVarint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  @Test
  void compressiblePayloadAboveTheThresholdIsDeflatedAndInflatedTransparently() {
    byte[] text =
        "the same sentence again and again. ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Envelope envelope = Envelope.of(10L, 1L, (byte) 1, KEY, text);
    byte[] bytes = codec.encode(envelope);
    assertTrue(bytes.length < text.length / 10, "encoded " + bytes.length + " bytes");
    assertEquals(Envelope.COMPRESSED, bytes[3] & Envelope.COMPRESSED);
    Envelope decoded = codec.decode(bytes);
    assertEquals(envelope, decoded);
    assertFalse(decoded.hasFlag(Envelope.COMPRESSED));
  }

  @Test
  void payloadAtOrBelowTheThresholdIsStoredAsIs() {
    byte[] zeros = new byte[EnvelopeCodec.DEFAULT_COMPRESSION_THRESHOLD];
    byte[] bytes = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, zeros));
    assertEquals(EnvelopeCodec.encodedSize(10L, KEY.length, zeros.length), bytes.length);
    assertEquals(0, bytes[3] & Envelope.COMPRESSED);
    byte[] oneMore = new byte[EnvelopeCodec.DEFAULT_COMPRESSION_THRESHOLD + 1];
    byte[] compressed = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, oneMore));
    assertEquals(Envelope.COMPRESSED, compressed[3] & Envelope.COMPRESSED);
  }

  @Test
  void incompressiblePayloadIsStoredAsIs() {
    byte[] noise = bytes(50_000);
    byte[] bytes = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, noise));
    assertEquals(EnvelopeCodec.encodedSize(10L, KEY.length, noise.length), bytes.length);
    assertEquals(0, bytes[3] & Envelope.COMPRESSED);
    assertArrayEquals(noise, codec.decode(bytes).payload());
  }

  @Test
  void thresholdIsAConstructorArgument() {
    EnvelopeCodec eager =
        new EnvelopeCodec("users", 16, EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES, 1 << 20);
    byte[] small =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = eager.encode(Envelope.of(10L, 1L, (byte) 1, KEY, small));
    assertEquals(Envelope.COMPRESSED, bytes[3] & Envelope.COMPRESSED);
    assertArrayEquals(small, eager.decode(bytes).payload());
    EnvelopeCodec never =
        new EnvelopeCodec(
            "users", Integer.MAX_VALUE, EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES, 1 << 20);
    assertEquals(0, never.encode(Envelope.of(10L, 1L, (byte) 1, KEY, new byte[100_000]))[3]);
  }

  @Test
  void entryAboveTheItemLimitIsRefusedWithSizes() {
    byte[] noise = bytes(EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES);
    EntryTooLargeException e =
        assertThrows(
            EntryTooLargeException.class,
            () -> codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, noise)));
    assertEquals(EnvelopeCodec.encodedSize(10L, KEY.length, noise.length), e.sizeBytes());
    assertEquals(EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES, e.limitBytes());
    assertTrue(e.getMessage().contains("users"), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(e.sizeBytes())), e.getMessage());
    assertTrue(e.getMessage().contains(Long.toString(e.limitBytes())), e.getMessage());
  }

  @Test
  void entryThatFitsExactlyIsAccepted() {
    int largest =
        EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES - EnvelopeCodec.OVERHEAD_BYTES - KEY.length - 8;
    while (EnvelopeCodec.encodedSize(10L, KEY.length, largest + 1)
        <= EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES) {
      largest++;
    }
    int payload = largest;
    byte[] noise = bytes(payload);
    byte[] bytes = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, noise));
    assertEquals(EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES, bytes.length);
    assertTrue(bytes.length < EnvelopeCodec.MEMCACHED_ITEM_SIZE_MAX);
    assertThrows(
        EntryTooLargeException.class,
        () -> codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, bytes(payload + 1))));
  }

  @Test
  void largeValueThatCompressesBelowTheItemLimitIsStored() {
    byte[] zeros = new byte[4 * EnvelopeCodec.MEMCACHED_ITEM_SIZE_MAX];
    byte[] bytes = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, zeros));
    assertTrue(bytes.length < EnvelopeCodec.MEMCACHED_ITEM_SIZE_MAX);
    assertArrayEquals(zeros, codec.decode(bytes).payload());
  }

  @Test
  void payloadAboveThePayloadLimitIsRefusedEvenWhenItWouldCompress() {
    EnvelopeCodec small =
        new EnvelopeCodec("users", 16, EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES, 1000);
    EntryTooLargeException e =
        assertThrows(
            EntryTooLargeException.class,
            () -> small.encode(Envelope.of(10L, 1L, (byte) 1, KEY, new byte[1001])));
    assertEquals(1001, e.sizeBytes());
    assertEquals(1000, e.limitBytes());
  }

  @Test
  void codecOwnsTheCompressedFlagAndSignedIsReserved() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            codec.encode(
                new Envelope(
                    Envelope.CURRENT_FORMAT,
                    10L,
                    1L,
                    (byte) 1,
                    Envelope.COMPRESSED,
                    KEY,
                    new byte[1])));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            codec.encode(
                new Envelope(
                    Envelope.CURRENT_FORMAT, 10L, 1L, (byte) 1, Envelope.SIGNED, KEY, new byte[1])));
    assertThrows(
        IllegalArgumentException.class,
        () -> codec.encode(new Envelope(1, 10L, 1L, (byte) 1, 0, KEY, new byte[1])));
  }

  @Test
  void constructorRejectsNonsenseLimits() {
    assertThrows(
        IllegalArgumentException.class, () -> new EnvelopeCodec("c", -1, 1 << 20, 1 << 20));
    assertThrows(IllegalArgumentException.class, () -> new EnvelopeCodec("c", 0, 10, 1 << 20));
    assertThrows(IllegalArgumentException.class, () -> new EnvelopeCodec("c", 0, 1 << 20, -1));
    assertThrows(NullPointerException.class, () -> new EnvelopeCodec(null));
  }

  static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
