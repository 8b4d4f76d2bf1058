package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Bytes read from memcached may be truncated, corrupted, written by something else or crafted by an
 * attacker. Every such input raises {@link CodecException}; none yields an envelope that was not
 * written, and none makes the reader allocate more than the declared, bounded sizes.
 */
class EnvelopeCodecHostileInputTest {
  private static final byte[] KEY = "\u0001order-7".getBytes(StandardCharsets.UTF_8);

  private final EnvelopeCodec codec = new EnvelopeCodec("orders");
  private final byte[] valid =
      codec.encode(Envelope.of(1_700_000_000_000L, 77L, (byte) 1, KEY, new byte[] {1, 2, 3, 4}));

  @Test
  void everyTruncationIsRejected() {
    for (int length = 0; length < valid.length; length++) {
      byte[] truncated = Arrays.copyOf(valid, length);
      assertThrows(CodecException.class, () -> codec.decode(truncated), "length " + length);
    }
    byte[] compressed = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, new byte[20_000]));
    for (int length = 0; length < compressed.length; length++) {
      byte[] truncated = Arrays.copyOf(compressed, length);
      assertThrows(CodecException.class, () -> codec.decode(truncated), "length " + length);
    }
  }

  @Test
  void everySingleBitFlipIsRejected() {
    for (int bit = 0; bit < valid.length * 8; bit++) {
      byte[] flipped = valid.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(CodecException.class, () -> codec.decode(flipped), "bit " + bit);
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] longer = Arrays.copyOf(valid, valid.length + 1);
    assertThrows(CodecException.class, () -> codec.decode(longer));
    assertThrows(CodecException.class, () -> codec.decode(withChecksum(longer)));
  }

  @Test
  void wrongMagicSaysItIsNotAnEnvelope() {
    byte[] other = valid.clone();
    other[0] = (byte) 0xAC;
    other[1] = (byte) 0xED;
    assertRejected(withChecksum(other), "magic 0xACED");
    assertRejected(
        "plain text someone stored with another client".getBytes(StandardCharsets.UTF_8), "magic");
  }

  @Test
  void unknownFormatSaysWhichFormatIsRead() {
    byte[] future = valid.clone();
    future[2] = 3;
    assertRejected(withChecksum(future), "format 3 is unknown");
  }

  @Test
  void checksumMismatchIsReported() {
    byte[] corrupted = valid.clone();
    corrupted[valid.length - 5] ^= 1;
    assertRejected(corrupted, "checksum");
  }

  @Test
  void unknownFlagsAndSignedAreRejected() {
    for (int flags : new int[] {1 << 3, 1 << 7, Envelope.SIGNED}) {
      byte[] flagged = valid.clone();
      flagged[3] = (byte) flags;
      assertRejected(withChecksum(flagged), "flags");
    }
  }

  /** The checksum is fixed up, so the length checks themselves are what rejects. */
  @Test
  void lengthsOutOfRangeAreRejectedEvenWithAValidChecksum() {
    byte[] payload = {1, 2, 3, 4};
    for (long keyLength : new long[] {Integer.MAX_VALUE, 100, KEY.length + 1 + 1 + 4 + 1}) {
      byte[] bad = raw(0, varint(11), varint(keyLength), KEY, varint(4), payload);
      assertRejected(bad, "key length " + keyLength + " is outside");
    }
    assertRejected(
        raw(0, varint(11), varint(1L << 40), KEY, varint(4), payload), "beyond any array");
    for (long payloadLength : new long[] {0, 3, 5, Integer.MAX_VALUE}) {
      byte[] bad = raw(0, varint(11), varint(KEY.length), KEY, varint(payloadLength), payload);
      assertRejected(bad, "stored payload length " + payloadLength + " does not match");
    }
    byte[] deflated = deflate(new byte[1000]);
    for (int storedLength : new int[] {0, deflated.length - 1, deflated.length + 1}) {
      byte[] bad =
          raw(
              Envelope.COMPRESSED,
              varint(11),
              varint(KEY.length),
              KEY,
              varint(1000),
              varint(storedLength),
              deflated);
      assertRejected(bad, "stored payload length " + storedLength + " does not match");
    }
  }

  @Test
  void varintsThatRunPastTheEndOrExceedNineBytesAreRejected() {
    byte[] open = {(byte) 0x80, (byte) 0x80, (byte) 0x80};
    assertRejected(raw(0, open), "expiry runs past the end");
    assertRejected(raw(0, varint(11), new byte[] {(byte) 0xFF, (byte) 0xFF}),
        "key length runs past the end");
    byte[] tenBytes = new byte[10];
    Arrays.fill(tenBytes, (byte) 0x81);
    tenBytes[9] = 1;
    assertRejected(
        raw(0, tenBytes, varint(0), varint(0)), "expiry is longer than 9 bytes");
    assertRejected(
        raw(0, varint(11), varint(0), tenBytes), "payload length is longer than 9 bytes");
  }

  @Test
  void tombstoneWithPayloadAndNegativeVersionAreRejected() {
    byte[] tombstone = valid.clone();
    tombstone[3] = (byte) Envelope.TOMBSTONE;
    assertRejected(withChecksum(tombstone), "tombstone");
    byte[] negativeVersion = valid.clone();
    ByteBuffer.wrap(negativeVersion).putLong(EnvelopeCodec.VERSION_OFFSET, -5L);
    assertRejected(withChecksum(negativeVersion), "negative");
  }

  /** 10 MB of zeros deflate to about 10 KB; the record claims 1,000 bytes. */
  @Test
  void zipBombInflatingBeyondItsDeclaredLengthIsStopped() {
    byte[] deflated = deflate(new byte[10 * 1024 * 1024]);
    byte[] bomb = record(Envelope.COMPRESSED, KEY, 1_000, deflated);
    assertRejected(bomb, "more than the declared 1000 bytes");
  }

  @Test
  void declaredLengthAboveTheInflateBoundIsRejectedBeforeAllocating() {
    byte[] deflated = deflate(new byte[1000]);
    byte[] bomb = record(Envelope.COMPRESSED, KEY, Integer.MAX_VALUE, deflated);
    assertRejected(bomb, "outside 1.." + EnvelopeCodec.DEFAULT_MAX_PAYLOAD_BYTES);
    assertRejected(record(Envelope.COMPRESSED, KEY, 0, deflated), "outside 1..");
  }

  @Test
  void compressedPayloadThatIsShortOrMalformedIsRejected() {
    byte[] deflated = deflate(new byte[1000]);
    assertRejected(record(Envelope.COMPRESSED, KEY, 2000, deflated), "inflated 1000 of 2000");
    byte[] cut = Arrays.copyOf(deflated, deflated.length / 2);
    assertRejected(record(Envelope.COMPRESSED, KEY, 1000, cut), "compressed payload");
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertRejected(record(Envelope.COMPRESSED, KEY, 1000, garbage), "compressed payload");
    byte[] trailing = Arrays.copyOf(deflated, deflated.length + 3);
    assertRejected(record(Envelope.COMPRESSED, KEY, 1000, trailing), "trailing");
  }

  @Test
  void craftedRecordsOfTheRightShapeDecode() {
    byte[] deflated = deflate(new byte[1000]);
    Envelope decoded = codec.decode(record(Envelope.COMPRESSED, KEY, 1000, deflated));
    assertEquals(1000, decoded.payload().length);
    assertEquals(0, decoded.flags());
  }

  /**
   * Random input, half of it given a valid magic, format and checksum so that the parser behind the
   * checksum is exercised too. Fixed seed, so a failure reproduces.
   */
  @Test
  void randomBytesOnlyEverRaiseCodecException() {
    Random random = new Random(1_234_567L);
    int decoded = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] input = new byte[random.nextInt(128)];
      random.nextBytes(input);
      if (i % 2 == 1 && input.length >= EnvelopeCodec.OVERHEAD_BYTES) {
        input[0] = EnvelopeCodec.MAGIC_0;
        input[1] = EnvelopeCodec.MAGIC_1;
        input[2] = (byte) Envelope.CURRENT_FORMAT;
        if (i % 4 == 1) {
          input[3] &= Envelope.KNOWN_FLAGS;
          input[13] = (byte) random.nextInt(128);
          input[14] = (byte) random.nextInt(input.length - EnvelopeCodec.OVERHEAD_BYTES + 1);
        }
        input = withChecksum(input);
      }
      try {
        codec.decode(input);
        decoded++;
      } catch (CodecException expected) {
        // the only acceptable failure
      }
    }
    assertTrue(decoded < 100, decoded + " random inputs decoded");
  }

  /** Mutations of a valid compressed record, checksum repaired, exercise the inflater. */
  @Test
  void mutatedCompressedRecordsOnlyEverRaiseCodecException() {
    byte[] text =
        "a compressible payload, a compressible payload, "
            .repeat(200)
            .getBytes(StandardCharsets.UTF_8);
    byte[] original = codec.encode(Envelope.of(10L, 1L, (byte) 1, KEY, text));
    Random random = new Random(7L);
    for (int i = 0; i < 2_000; i++) {
      byte[] mutated = original.clone();
      int at = 4 + random.nextInt(mutated.length - 8);
      mutated[at] = (byte) random.nextInt(256);
      try {
        Envelope envelope = codec.decode(withChecksum(mutated));
        assertTrue(envelope.payload().length <= EnvelopeCodec.DEFAULT_MAX_PAYLOAD_BYTES);
      } catch (CodecException expected) {
        // the only acceptable failure
      }
    }
  }

  private void assertRejected(byte[] bytes, String messagePart) {
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    assertTrue(e.getMessage().contains("orders"), e.getMessage());
  }

  /** Replaces the last four bytes with the CRC32C of the others. */
  static byte[] withChecksum(byte[] bytes) {
    byte[] out = bytes.clone();
    CRC32C crc = new CRC32C();
    crc.update(out, 0, out.length - 4);
    ByteBuffer.wrap(out).putInt(out.length - 4, (int) crc.getValue());
    return out;
  }

  /** A format 2 record with arbitrary lengths and stored bytes, and a valid checksum. */
  static byte[] record(int flags, byte[] key, int payloadLength, byte[] stored) {
    return raw(
        flags,
        varint(11),
        varint(key.length),
        key,
        varint(payloadLength),
        (flags & Envelope.COMPRESSED) == 0 ? new byte[0] : varint(stored.length),
        stored);
  }

  /**
   * The fixed fields of format 2 (codec 1, version 1), then the given parts as they are, then a
   * valid checksum.
   */
  static byte[] raw(int flags, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(EnvelopeCodec.MAGIC_0);
    out.write(EnvelopeCodec.MAGIC_1);
    out.write(Envelope.CURRENT_FORMAT);
    out.write(flags);
    out.write(1);
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(1L).array());
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    out.writeBytes(new byte[4]);
    return withChecksum(out.toByteArray());
  }

  /** An unsigned LEB128 varint. */
  static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  static byte[] deflate(byte[] input) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(input);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
