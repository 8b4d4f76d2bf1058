package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret that signs remote entries with HMAC-SHA256 ({@code
 * nearcache.security.signing-key}). At least {@value #MIN_BYTES} bytes, HMAC-SHA256's own output
 * size; the bytes never appear in {@link #toString()}.
 */
public final class SigningKey {
  /** The shortest key accepted, in bytes. */
  public static final int MIN_BYTES = 32;

  static final String ALGORITHM = "HmacSHA256";

  private final byte[] bytes;

  /**
   * A key of the given bytes, copied.
   *
   * @throws IllegalArgumentException when shorter than {@value #MIN_BYTES} bytes
   */
  public SigningKey(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "A signing key needs at least " + MIN_BYTES + " bytes, this one has " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /** The key's length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** A new HMAC-SHA256 instance keyed with this key; not thread-safe. */
  Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(bytes, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM offers no " + ALGORITHM, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey other && java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SigningKey[" + bytes.length + " bytes, hidden]";
  }
}
