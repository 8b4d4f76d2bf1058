package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, signing: envelopes carry an HMAC-SHA256 over header, key and payload; an unsigned entry,
 * one signed with another key or for another cache, or an altered one is rejected and counted
 * before any of its fields is used, and a JVM without the key refuses signed entries.
 */
class EnvelopeSigningTest {
  private static final byte[] KEY = "\u0001user-42".getBytes(StandardCharsets.UTF_8);
  private static final SigningKey SECRET = key('k');
  private static final SigningKey OTHER = key('o');

  private final AtomicInteger rejected = new AtomicInteger();
  private final EnvelopeCodec signing = codec("users", SECRET, rejected);
  private final EnvelopeCodec plain = new EnvelopeCodec("users");

  @Test
  void signedEnvelopesRoundTripSmallAndCompressed() {
    Envelope small = Envelope.of(10L, 5L, (byte) 1, KEY, bytes(100));
    Envelope large = Envelope.of(10L, 6L, (byte) 1, KEY, new byte[20_000]);
    Envelope tombstone = Envelope.tombstone(10L, 7L, KEY);
    for (Envelope envelope : new Envelope[] {small, large, tombstone}) {
      byte[] bytes = signing.encode(envelope);
      assertTrue((bytes[3] & Envelope.SIGNED) != 0, "the stored flags say SIGNED");
      assertEquals(envelope, signing.decode(bytes), "decoded envelopes carry no SIGNED flag");
      assertEquals(envelope.version(), signing.version(bytes));
    }
    assertEquals(
        plain.encode(small).length + EntrySigner.MAC_BYTES, signing.encode(small).length,
        "a signature adds 32 bytes");
    assertEquals(0, rejected.get());
  }

  @Test
  void unsignedEntriesAreRejectedAndCounted() {
    byte[] unsigned = plain.encode(Envelope.of(10L, 5L, (byte) 1, KEY, bytes(10)));
    CodecException e = assertThrows(CodecException.class, () -> signing.decode(unsigned));
    assertTrue(e.getMessage().contains("not signed"), e.getMessage());
    assertThrows(CodecException.class, () -> signing.version(unsigned));
    assertEquals(2, rejected.get());
  }

  @Test
  void signedEntriesAreRejectedWithoutTheKey() {
    byte[] signed = signing.encode(Envelope.of(10L, 5L, (byte) 1, KEY, bytes(10)));
    CodecException e = assertThrows(CodecException.class, () -> plain.decode(signed));
    assertTrue(e.getMessage().contains("nearcache.security.signing-key"), e.getMessage());
    assertThrows(CodecException.class, () -> plain.version(signed));
  }

  @Test
  void anotherKeyOrAnotherCacheDoesNotVerify() {
    byte[] signed = signing.encode(Envelope.of(10L, 5L, (byte) 1, KEY, bytes(10)));
    AtomicInteger otherRejected = new AtomicInteger();
    CodecException e =
        assertThrows(
            CodecException.class, () -> codec("users", OTHER, otherRejected).decode(signed));
    assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
    assertThrows(
        CodecException.class, () -> codec("orders", SECRET, otherRejected).decode(signed));
    assertEquals(2, otherRejected.get());
    assertEquals(
        Envelope.of(10L, 5L, (byte) 1, KEY, bytes(10)),
        codec("users", new SigningKey(repeat('k')), new AtomicInteger()).decode(signed),
        "the same key bytes in another JVM verify");
  }

  @Test
  void everyAlteredByteIsRejectedEvenWithAValidChecksum() {
    byte[] signed = signing.encode(Envelope.of(10L, 5L, (byte) 1, KEY, bytes(40)));
    int body = signed.length - 4;
    for (int i = 0; i < body; i++) {
      if (i == 3) {
        continue; // the flags byte: clearing SIGNED is covered by the unsigned case
      }
      // Bytes 0-2 (magic, format) fail the frame check first, as bytes not written by nearcache.
      byte[] altered = signed.clone();
      altered[i] ^= 0x01;
      resealChecksum(altered);
      int at = i;
      assertThrows(CodecException.class, () -> signing.decode(altered), "byte " + at);
    }
    assertEquals(body - 4, rejected.get(), "each one past the frame counted as a signature failure");
  }

  @Test
  void theSignatureIsCheckedBeforeAnyFieldIsTrusted() {
    // A forged entry declaring a huge compressed payload: an unsigned codec reports the field; a
    // signing codec rejects the entry for its signature, without reading the field.
    byte[] signed = signing.encode(Envelope.of(10L, 5L, (byte) 1, KEY, bytes(40)));
    ByteBuffer forged = ByteBuffer.wrap(signed);
    forged.put(3, (byte) (Envelope.SIGNED | Envelope.COMPRESSED));
    // expiry 11 and the key length take a byte each; then comes the payload length
    forged.putInt(EnvelopeCodec.FIXED_BYTES + 2 + KEY.length, 0xFFFF_FFFF);
    resealChecksum(signed);
    CodecException e = assertThrows(CodecException.class, () -> signing.decode(signed));
    assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
  }

  @Test
  void keysShorterThan32BytesAreRefusedAndKeysNeverPrint() {
    assertThrows(IllegalArgumentException.class, () -> new SigningKey(new byte[31]));
    SigningKey key = new SigningKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    assertFalse(key.toString().contains("0123"), key.toString());
    assertEquals(32, key.length());
    assertEquals(key, new SigningKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] repeat(char c) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  private static SigningKey key(char c) {
    return new SigningKey(repeat(c));
  }

  private static EnvelopeCodec codec(String cache, SigningKey key, AtomicInteger rejected) {
    return new EnvelopeCodec(
        cache,
        EnvelopeCodec.DEFAULT_COMPRESSION_THRESHOLD,
        EnvelopeCodec.DEFAULT_MAX_ENCODED_BYTES,
        EnvelopeCodec.DEFAULT_MAX_PAYLOAD_BYTES,
        new EntrySigner(cache, key, rejected::incrementAndGet));
  }

  private static void resealChecksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }
}
