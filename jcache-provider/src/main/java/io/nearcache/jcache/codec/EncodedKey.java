package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A cache key as the remote tier sees it. The array is not copied: treat it as read-only.
 *
 * @param memcachedKey the key sent to memcached: at most 250 bytes of printable ASCII
 * @param canonicalKey the key encoded by the key codec; stored in the envelope, so a read can
 *     rebuild the key and tell a hash collision from a hit
 */
public record EncodedKey(String memcachedKey, byte[] canonicalKey) {

  /** Checks the components. */
  public EncodedKey {
    requireNonNull(memcachedKey, "memcachedKey");
    requireNonNull(canonicalKey, "canonicalKey");
  }

  /** Whether an envelope read under this key was written for this key and not a colliding one. */
  public boolean matches(Envelope envelope) {
    return Arrays.equals(canonicalKey, envelope.canonicalKey());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedKey other
        && memcachedKey.equals(other.memcachedKey)
        && Arrays.equals(canonicalKey, other.canonicalKey);
  }

  @Override
  public int hashCode() {
    return 31 * memcachedKey.hashCode() + Arrays.hashCode(canonicalKey);
  }

  @Override
  public String toString() {
    return "EncodedKey[" + memcachedKey + ", canonicalKey=" + canonicalKey.length + " bytes]";
  }
}
