package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Writes and reads the bytes of an {@link Envelope}. Format 2; fixed fields big-endian, lengths
 * and the expiry as unsigned LEB128 varints (7 bits per byte, low groups first):
 *
 * <pre>
 * offset  size  field
 *  0       2    magic 0x6E 0x63 ("nc")
 *  2       1    format (2)
 *  3       1    flags: bit 0 COMPRESSED, bit 1 TOMBSTONE, bit 2 SIGNED, bit 3 LEASE, others zero
 *  4       1    codec id
 *  5       8    version stamp
 * 13       1-9  expiry: 0 for eternal, otherwise epoch milliseconds + 1
 *          1-5  canonical key length K; 0 when the memcached key is the key's readable form
 *          K    canonical key
 *          1-5  payload length P (after inflation)
 *          1-5  only when COMPRESSED: stored length S (otherwise S = P)
 *          S    payload, raw deflate when COMPRESSED
 *          32   only when SIGNED: HMAC-SHA256 of every preceding byte (see {@link EntrySigner})
 * end-4    4    CRC32C of every preceding byte
 * </pre>
 *
 * <p>A 100-byte value under a readable key costs 20 bytes of envelope (26 with an expiry): the
 * format is kept small because memcached holds one per entry and every read carries it. Format 1
 * (fixed 8-byte expiry, 4-byte lengths, the canonical key always present) was never released and
 * is rejected as unknown.
 *
 * <p>A codec with an {@link EntrySigner} signs everything it writes and accepts only entries whose
 * MAC verifies: an unsigned entry, or one signed with another key or altered, is rejected (counted
 * and warned about by the signer) before its key or payload is read, inflated or deserialized. A
 * codec without one rejects signed entries, since it cannot check them.
 *
 * <p>Payloads longer than the compression threshold are deflated when that makes them smaller.
 * Decoding checks the magic, the format, the checksum and every length before it allocates, and
 * inflates at most the declared length, itself bounded: a damaged, truncated or hostile record
 * raises {@link CodecException} and never yields a wrong envelope. Instances are thread-safe.
 */
public final class EnvelopeCodec {
  /** Payloads longer than this many bytes are compressed by default. */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 4 * 1024;

  /** memcached's default item size limit ({@code -I 1m}). */
  public static final int MEMCACHED_ITEM_SIZE_MAX = 1024 * 1024;

  /**
   * The default limit on an encoded envelope. memcached counts its item header and the key against
   * {@code -I}: with a 250-byte key, 1.6.18 at {@code -I 1m} stores at most 1,048,267 value bytes,
   * so the default keeps 1 KiB of room.
   */
  public static final int DEFAULT_MAX_ENCODED_BYTES = MEMCACHED_ITEM_SIZE_MAX - 1024;

  /** The default bound on a payload, before compression: what a reader agrees to inflate. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  static final byte MAGIC_0 = 0x6E;
  static final byte MAGIC_1 = 0x63;
  /** Magic, format, flags, codec id and version stamp: the fields at fixed offsets. */
  static final int FIXED_BYTES = 13;

  static final int VERSION_OFFSET = 5;
  static final int CHECKSUM_BYTES = 4;

  /** The smallest envelope: the fixed fields, three one-byte varints and the checksum. */
  static final int OVERHEAD_BYTES = FIXED_BYTES + 3 + CHECKSUM_BYTES;

  private static final byte[] EMPTY = new byte[0];

  private final String cacheName;
  private final int compressionThreshold;
  private final int maxEncodedBytes;
  private final int maxPayloadBytes;
  private final EntrySigner signer;

  /** Creates a codec with the default threshold and limits. */
  public EnvelopeCodec(String cacheName) {
    this(
        cacheName,
        DEFAULT_COMPRESSION_THRESHOLD,
        DEFAULT_MAX_ENCODED_BYTES,
        DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * Creates a codec.
   *
   * @param cacheName the cache, named in error messages
   * @param compressionThreshold payloads longer than this many bytes are compressed when that
   *     shrinks them; {@link Integer#MAX_VALUE} disables compression
   * @param maxEncodedBytes the largest envelope {@link #encode} produces: the memcached item limit
   *     less its per-item overhead
   * @param maxPayloadBytes the largest payload written or inflated on read
   */
  public EnvelopeCodec(
      String cacheName, int compressionThreshold, int maxEncodedBytes, int maxPayloadBytes) {
    this(cacheName, compressionThreshold, maxEncodedBytes, maxPayloadBytes, null);
  }

  /**
   * Creates a codec that signs what it writes and reads only what verifies.
   *
   * @param signer signs and verifies envelopes, or null for unsigned envelopes
   * @see #EnvelopeCodec(String, int, int, int)
   */
  public EnvelopeCodec(
      String cacheName,
      int compressionThreshold,
      int maxEncodedBytes,
      int maxPayloadBytes,
      EntrySigner signer) {
    this.cacheName = requireNonNull(cacheName);
    this.signer = signer;
    if (compressionThreshold < 0) {
      throw new IllegalArgumentException(
          "Compression threshold of cache " + cacheName + " is negative: " + compressionThreshold);
    }
    int smallest = OVERHEAD_BYTES + (signer == null ? 0 : EntrySigner.MAC_BYTES);
    if (maxEncodedBytes < smallest || maxPayloadBytes < 0) {
      throw new IllegalArgumentException(
          "Envelope limits of cache "
              + cacheName
              + " are too small: maxEncodedBytes="
              + maxEncodedBytes
              + " (at least "
              + smallest
              + "), maxPayloadBytes="
              + maxPayloadBytes);
    }
    this.compressionThreshold = compressionThreshold;
    this.maxEncodedBytes = maxEncodedBytes;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * The size of an unsigned envelope whose payload is stored uncompressed; compression only shrinks
   * it.
   *
   * @param expireAtMillis the expiry, {@link Envelope#ETERNAL} for none
   * @param canonicalKeyLength the length of the canonical key as stored (0 for a readable key)
   * @param payloadLength the payload's length
   */
  public static long encodedSize(long expireAtMillis, int canonicalKeyLength, int payloadLength) {
    return encodedSize(expireAtMillis, canonicalKeyLength, payloadLength, payloadLength, false);
  }

  private static long encodedSize(
      long expireAtMillis, int keyLength, int payloadLength, int storedLength, boolean compressed) {
    return (long) FIXED_BYTES
        + varintSize(expiryField(expireAtMillis))
        + varintSize(keyLength)
        + keyLength
        + varintSize(payloadLength)
        + (compressed ? varintSize(storedLength) : 0)
        + storedLength
        + CHECKSUM_BYTES;
  }

  /** Whether this codec signs envelopes and accepts only signed ones. */
  public boolean signs() {
    return signer != null;
  }

  /** The largest envelope {@link #encode} produces, in bytes. */
  public int maxEncodedBytes() {
    return maxEncodedBytes;
  }

  /** The largest payload written or inflated, in bytes. */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Payloads longer than this many bytes are compressed when that shrinks them. */
  public int compressionThreshold() {
    return compressionThreshold;
  }

  /**
   * Encodes an envelope, compressing its payload when worthwhile.
   *
   * @param envelope an envelope in the current format, without {@link Envelope#COMPRESSED} or
   *     {@link Envelope#SIGNED}
   * @return the bytes to store, at most {@link #maxEncodedBytes()}
   * @throws EntryTooLargeException when the payload or the encoded envelope exceeds its limit
   */
  public byte[] encode(Envelope envelope) {
    requireNonNull(envelope);
    if (envelope.format() != Envelope.CURRENT_FORMAT) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " writes envelope format "
              + Envelope.CURRENT_FORMAT
              + " only, not "
              + envelope.format());
    }
    if (envelope.hasFlag(Envelope.COMPRESSED | Envelope.SIGNED)) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + ": COMPRESSED and SIGNED are decided by the codec;"
              + " flags were 0x"
              + Integer.toHexString(envelope.flags()));
    }
    byte[] key = envelope.canonicalKey();
    byte[] payload = envelope.payload();
    if (payload.length > maxPayloadBytes) {
      throw new EntryTooLargeException(
          "Cache "
              + cacheName
              + " cannot store a value of "
              + payload.length
              + " bytes remotely: values are limited to "
              + maxPayloadBytes
              + " bytes",
          payload.length,
          maxPayloadBytes);
    }
    int flags = envelope.flags();
    byte[] stored = payload;
    if (payload.length > compressionThreshold) {
      byte[] deflated = deflate(payload);
      if (deflated != null) {
        stored = deflated;
        flags |= Envelope.COMPRESSED;
      }
    }
    if (signer != null) {
      flags |= Envelope.SIGNED;
    }
    int macBytes = signer == null ? 0 : EntrySigner.MAC_BYTES;
    boolean compressed = (flags & Envelope.COMPRESSED) != 0;
    long expiry = expiryField(envelope.expireAtMillis());
    long size =
        encodedSize(
                envelope.expireAtMillis(), key.length, payload.length, stored.length, compressed)
            + macBytes;
    if (size > maxEncodedBytes) {
      throw new EntryTooLargeException(
          "Cache "
              + cacheName
              + " cannot store an entry of "
              + size
              + " bytes remotely (key "
              + key.length
              + " bytes, value "
              + payload.length
              + " bytes"
              + (stored == payload ? "" : ", compressed to " + stored.length)
              + "): memcached items are limited to "
              + maxEncodedBytes
              + " bytes here. Store smaller values, or start memcached with a larger -I and"
              + " raise the limit to match",
          size,
          maxEncodedBytes);
    }
    byte[] out = new byte[(int) size];
    out[0] = MAGIC_0;
    out[1] = MAGIC_1;
    out[2] = (byte) Envelope.CURRENT_FORMAT;
    out[3] = (byte) flags;
    out[4] = envelope.codecId();
    BigEndian.putLong(out, VERSION_OFFSET, envelope.version());
    int at = putVarint(out, FIXED_BYTES, expiry);
    at = putVarint(out, at, key.length);
    System.arraycopy(key, 0, out, at, key.length);
    at = putVarint(out, at + key.length, payload.length);
    if (compressed) {
      at = putVarint(out, at, stored.length);
    }
    System.arraycopy(stored, 0, out, at, stored.length);
    at += stored.length;
    if (signer != null) {
      signer.sign(EntrySigner.Purpose.ENVELOPE, out, at);
      at += macBytes;
    }
    BigEndian.putInt(out, at, checksum(out, at));
    return out;
  }

  /**
   * Reads the version stamp of an envelope without decoding its key or payload: no copy and no
   * inflation, so it is cheap enough for a transport's I/O thread whatever the value's size (a
   * signing codec also computes the MAC, about a millisecond per MiB).
   *
   * @throws CodecException when the bytes are not an intact envelope of a known format
   */
  public long version(byte[] bytes) {
    verifyFrame(requireNonNull(bytes));
    verifyFlags(bytes);
    return BigEndian.getLong(bytes, VERSION_OFFSET);
  }

  /**
   * Decodes bytes read from memcached.
   *
   * @return the envelope, its payload inflated and {@link Envelope#COMPRESSED} cleared
   * @throws CodecException when the bytes are not a complete, intact envelope of a known format
   */
  public Envelope decode(byte[] bytes) {
    verifyFrame(requireNonNull(bytes));
    int length = bytes.length;
    int flags = verifyFlags(bytes);
    // Fields read in place; the frame check above guarantees the fixed fields are present.
    byte codecId = bytes[4];
    long version = BigEndian.getLong(bytes, VERSION_OFFSET);
    int macBytes = (flags & Envelope.SIGNED) == 0 ? 0 : EntrySigner.MAC_BYTES;
    // Every varint and the payload lie before the MAC and the checksum.
    int end = length - CHECKSUM_BYTES - macBytes;
    int at = FIXED_BYTES;
    long expiry = readVarint(bytes, at, end, "expiry");
    at = skipVarint(bytes, at);
    long expireAtMillis = expiry == 0 ? Envelope.ETERNAL : expiry - 1;
    int keyLength = readLength(bytes, at, end, "key length");
    at = skipVarint(bytes, at);
    if (keyLength > end - at) {
      throw malformed(length, "key length " + keyLength + " is outside 0.." + (end - at));
    }
    byte[] key = keyLength == 0 ? EMPTY : Arrays.copyOfRange(bytes, at, at + keyLength);
    at += keyLength;
    int payloadLength = readLength(bytes, at, end, "payload length");
    at = skipVarint(bytes, at);
    int storedLength = payloadLength;
    if ((flags & Envelope.COMPRESSED) != 0) {
      storedLength = readLength(bytes, at, end, "stored payload length");
      at = skipVarint(bytes, at);
    }
    int remaining = end - at;
    if (storedLength != remaining) {
      throw malformed(
          length,
          "stored payload length "
              + storedLength
              + " does not match the "
              + remaining
              + " bytes present");
    }
    byte[] payload;
    if ((flags & Envelope.COMPRESSED) == 0) {
      payload = Arrays.copyOfRange(bytes, at, at + storedLength);
    } else {
      if (payloadLength <= 0 || payloadLength > maxPayloadBytes) {
        throw malformed(
            length,
            "compressed payload declares "
                + payloadLength
                + " bytes, outside 1.."
                + maxPayloadBytes);
      }
      payload = inflate(bytes, at, storedLength, payloadLength);
    }
    try {
      return new Envelope(
          Envelope.CURRENT_FORMAT,
          expireAtMillis,
          version,
          codecId,
          flags & ~(Envelope.COMPRESSED | Envelope.SIGNED),
          key,
          payload);
    } catch (IllegalArgumentException e) {
      throw new CodecException(describe(length) + " is invalid: " + e.getMessage(), e);
    }
  }

  /** Checks what must hold before any field is trusted: size, magic, format and checksum. */
  private void verifyFrame(byte[] bytes) {
    int length = bytes.length;
    if (length < OVERHEAD_BYTES) {
      throw malformed(
          length,
          "shorter than the smallest envelope ("
              + OVERHEAD_BYTES
              + " bytes): truncated, or not written by nearcache");
    }
    if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw malformed(
          length,
          String.format(
              "magic 0x%02X%02X is not 0x%02X%02X: not written by nearcache",
              bytes[0], bytes[1], MAGIC_0, MAGIC_1));
    }
    int format = bytes[2] & 0xFF;
    if (format != Envelope.CURRENT_FORMAT) {
      throw malformed(
          length,
          "format "
              + format
              + " is unknown to this version, which reads format "
              + Envelope.CURRENT_FORMAT
              + "; was it written by a newer nearcache?");
    }
    int stored = BigEndian.getInt(bytes, length - CHECKSUM_BYTES);
    int computed = checksum(bytes, length - CHECKSUM_BYTES);
    if (stored != computed) {
      throw malformed(
          length,
          String.format(
              "checksum 0x%08X does not match the content's 0x%08X: corrupted or truncated",
              stored, computed));
    }
  }

  /**
   * Returns the flags after checking that this version knows them all and, when this codec signs,
   * that the MAC verifies. Runs before any field besides the frame is read.
   */
  private int verifyFlags(byte[] bytes) {
    int flags = bytes[3] & 0xFF;
    if ((flags & ~Envelope.KNOWN_FLAGS) != 0) {
      throw malformed(
          bytes.length, "flags 0x" + Integer.toHexString(flags) + " are unknown to this version");
    }
    boolean signed = (flags & Envelope.SIGNED) != 0;
    if (signer == null) {
      if (signed) {
        throw malformed(
            bytes.length,
            "its flags 0x"
                + Integer.toHexString(flags)
                + " say it is signed, and this JVM has no nearcache.security.signing-key to check"
                + " it with");
      }
      return flags;
    }
    String reason = null;
    if (!signed) {
      reason = "it is not signed: written by a JVM without nearcache.security.signing-key";
    } else if (bytes.length < OVERHEAD_BYTES + EntrySigner.MAC_BYTES
        || !signer.verify(
            EntrySigner.Purpose.ENVELOPE,
            bytes,
            bytes.length - CHECKSUM_BYTES - EntrySigner.MAC_BYTES)) {
      reason = "its signature does not match: written with another signing key, or altered";
    }
    if (reason != null) {
      signer.rejected(reason);
      throw malformed(bytes.length, reason);
    }
    return flags;
  }

  /** The expiry as stored: 0 for eternal, otherwise epoch milliseconds + 1. */
  private static long expiryField(long expireAtMillis) {
    return expireAtMillis == Envelope.ETERNAL ? 0 : expireAtMillis + 1;
  }

  /** The bytes an unsigned LEB128 varint of a non-negative value takes: 1 to 9. */
  private static int varintSize(long value) {
    return Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
  }

  /** Writes a non-negative value as an unsigned LEB128 varint; returns the next offset. */
  private static int putVarint(byte[] out, int at, long value) {
    while ((value & ~0x7FL) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  /**
   * Reads the varint at {@code at}, which must end before {@code end}: at most 9 bytes, so at most
   * 63 bits and never negative.
   */
  private long readVarint(byte[] bytes, int at, int end, String field) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (at >= end) {
        throw malformed(bytes.length, field + " runs past the end: truncated");
      }
      byte b = bytes[at++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed(bytes.length, field + " is longer than 9 bytes");
  }

  /** The offset after the varint at {@code at}, which {@link #readVarint} accepted. */
  private static int skipVarint(byte[] bytes, int at) {
    while (bytes[at] < 0) {
      at++;
    }
    return at + 1;
  }

  /** Reads a varint that must be a length: 0 to {@link Integer#MAX_VALUE}. */
  private int readLength(byte[] bytes, int at, int end, String field) {
    long value = readVarint(bytes, at, end, field);
    if (value > Integer.MAX_VALUE) {
      throw malformed(bytes.length, field + " " + value + " is beyond any array");
    }
    return (int) value;
  }

  private static int checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** Returns the deflated payload, or {@code null} when it would not be smaller. */
  private static byte[] deflate(byte[] payload) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(payload);
      deflater.finish();
      byte[] out = new byte[payload.length - 1];
      int written = 0;
      while (!deflater.finished() && written < out.length) {
        int n = deflater.deflate(out, written, out.length - written);
        if (n == 0 && !deflater.finished()) {
          return null;
        }
        written += n;
      }
      return deflater.finished() ? Arrays.copyOf(out, written) : null;
    } finally {
      deflater.end();
    }
  }

  private byte[] inflate(byte[] bytes, int offset, int storedLength, int payloadLength) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, offset, storedLength);
      byte[] out = new byte[payloadLength];
      int written = 0;
      while (!inflater.finished()) {
        if (written == out.length) {
          if (inflater.inflate(new byte[1]) > 0) {
            throw malformed(
                bytes.length,
                "compressed payload inflates to more than the declared "
                    + payloadLength
                    + " bytes");
          }
          if (!inflater.finished()) {
            break;
          }
        } else {
          int n = inflater.inflate(out, written, out.length - written);
          if (n == 0 && !inflater.finished()) {
            break;
          }
          written += n;
        }
      }
      if (!inflater.finished() || written != payloadLength || inflater.getRemaining() != 0) {
        throw malformed(
            bytes.length,
            "compressed payload is incomplete or has trailing bytes:"
                + " inflated "
                + written
                + " of "
                + payloadLength
                + " declared bytes");
      }
      return out;
    } catch (DataFormatException e) {
      throw new CodecException(
          describe(bytes.length) + " has a malformed compressed payload: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private CodecException malformed(int length, String reason) {
    return new CodecException(describe(length) + " is rejected: " + reason);
  }

  private String describe(int length) {
    return "Envelope of " + length + " bytes read for cache " + cacheName;
  }
}
