package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One entry as stored in memcached: the exact expiry, the version stamp that orders writes across
 * JVMs and zones, which codec wrote the value, the canonical key and the encoded value. The arrays
 * are not copied: treat them as read-only.
 *
 * @param format the layout version of the stored bytes, {@link #CURRENT_FORMAT} when written
 * @param expireAtMillis when the entry expires, in epoch milliseconds; {@link #ETERNAL} for never
 * @param version the write's stamp from the {@code HybridLogicalClock}; a higher stamp wins
 * @param codecId the {@link ValueCodec#id()} that encoded the payload
 * @param flags {@link #COMPRESSED}, {@link #TOMBSTONE}, {@link #SIGNED}, {@link #LEASE}
 * @param canonicalKey the key as encoded by the key codec, so the key can be rebuilt and a hash
 *     collision detected; empty when the memcached key is the key's readable form, which already
 *     identifies the key (see {@link EncodedKey#storedKey()})
 * @param payload the encoded value, empty for a tombstone
 */
public record Envelope(
    int format,
    long expireAtMillis,
    long version,
    byte codecId,
    int flags,
    byte[] canonicalKey,
    byte[] payload) {

  /** The layout this version writes. */
  public static final int CURRENT_FORMAT = 2;

  /** The expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  /** The payload is stored deflated; set and cleared by {@link EnvelopeCodec} only. */
  public static final int COMPRESSED = 1;

  /**
   * The entry was deleted: kept until it expires so that an older replicated write cannot bring the
   * value back. Its payload is empty.
   */
  public static final int TOMBSTONE = 1 << 1;

  /**
   * The stored bytes carry an HMAC-SHA256 ({@code nearcache.security.signing-key}); set by {@link
   * EnvelopeCodec} on what it signs and never present on a decoded envelope.
   */
  public static final int SIGNED = 1 << 2;

  /**
   * Not a value but a lease: the right of one caller to fill the missing key, until the envelope
   * expires. Its payload is the 8-byte token that the holder's fill must still find.
   */
  public static final int LEASE = 1 << 3;

  static final int KNOWN_FLAGS = COMPRESSED | TOMBSTONE | SIGNED | LEASE;

  private static final byte[] EMPTY = new byte[0];

  /** Checks the components. */
  public Envelope {
    requireNonNull(canonicalKey, "canonicalKey");
    requireNonNull(payload, "payload");
    if (format < 1 || format > 255) {
      throw new IllegalArgumentException("Envelope format " + format + " is outside 1..255");
    }
    if (expireAtMillis < 0) {
      throw new IllegalArgumentException(
          "Envelope expiry " + expireAtMillis + " ms is negative; use ETERNAL for no expiry");
    }
    if (version < 0) {
      throw new IllegalArgumentException("Envelope version " + version + " is negative");
    }
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new IllegalArgumentException(
          "Envelope flags 0x" + Integer.toHexString(flags) + " contain unknown bits");
    }
    if ((flags & LEASE) != 0 && ((flags & TOMBSTONE) != 0 || payload.length != Long.BYTES)) {
      throw new IllegalArgumentException(
          "A lease carries an 8-byte token and is no tombstone, but its flags are 0x"
              + Integer.toHexString(flags)
              + " and its payload has "
              + payload.length
              + " bytes");
    }
    if ((flags & TOMBSTONE) != 0 && payload.length != 0) {
      throw new IllegalArgumentException(
          "A tombstone carries no value, but its payload has " + payload.length + " bytes");
    }
  }

  /** An entry holding a value, in the current format. */
  public static Envelope of(
      long expireAtMillis, long version, byte codecId, byte[] canonicalKey, byte[] payload) {
    return new Envelope(CURRENT_FORMAT, expireAtMillis, version, codecId, 0, canonicalKey, payload);
  }

  /** The marker of a deleted entry, kept until {@code expireAtMillis}. */
  public static Envelope tombstone(long expireAtMillis, long version, byte[] canonicalKey) {
    return new Envelope(
        CURRENT_FORMAT, expireAtMillis, version, (byte) 0, TOMBSTONE, canonicalKey, EMPTY);
  }

  /** The lease of one caller on a missing key, held until {@code expireAtMillis}. */
  public static Envelope lease(long expireAtMillis, long version, byte[] canonicalKey, long token) {
    byte[] payload = ByteBuffer.allocate(Long.BYTES).putLong(token).array();
    return new Envelope(
        CURRENT_FORMAT, expireAtMillis, version, (byte) 0, LEASE, canonicalKey, payload);
  }

  /** Whether this is a lease rather than a value. */
  public boolean isLease() {
    return (flags & LEASE) != 0;
  }

  /** The token of a lease. */
  public long leaseToken() {
    if (!isLease()) {
      throw new IllegalStateException("Not a lease: " + this);
    }
    return ByteBuffer.wrap(payload).getLong();
  }

  /** Whether this marks a deleted entry. */
  public boolean isTombstone() {
    return (flags & TOMBSTONE) != 0;
  }

  /** Whether the flag bit is set. */
  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }

  /** Whether the entry has expired at the given epoch millisecond. */
  public boolean isExpired(long nowMillis) {
    return expireAtMillis != ETERNAL && expireAtMillis <= nowMillis;
  }

  /** Returns this envelope with other flags; the codec uses it for {@link #COMPRESSED}. */
  Envelope withFlags(int newFlags) {
    return new Envelope(format, expireAtMillis, version, codecId, newFlags, canonicalKey, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope other
        && format == other.format
        && expireAtMillis == other.expireAtMillis
        && version == other.version
        && codecId == other.codecId
        && flags == other.flags
        && Arrays.equals(canonicalKey, other.canonicalKey)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(version);
    h = 31 * h + Long.hashCode(expireAtMillis);
    h = 31 * h + flags;
    h = 31 * h + codecId;
    h = 31 * h + Arrays.hashCode(canonicalKey);
    return 31 * h + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Envelope[format="
        + format
        + ", expireAtMillis="
        + (expireAtMillis == ETERNAL ? "ETERNAL" : Long.toString(expireAtMillis))
        + ", version="
        + version
        + ", codecId="
        + codecId
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", canonicalKey="
        + canonicalKey.length
        + " bytes, payload="
        + payload.length
        + " bytes]";
  }
}
