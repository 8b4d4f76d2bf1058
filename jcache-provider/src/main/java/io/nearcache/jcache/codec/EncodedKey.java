package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A cache key as the remote tier sees it. The array is not copied: treat it as read-only.
 *
 * @param memcachedKey the key sent to memcached: at most 250 bytes of printable ASCII
 * @param canonicalKey the key encoded by the key codec: what the invalidation journal names, and
 *     what the envelope stores when the memcached key is hashed, so a read can rebuild the key and
 *     tell a hash collision from a hit
 * @param readable whether the memcached key is the key's readable form ({@code s:}, {@code i:},
 *     {@code l:}), which identifies the key by itself: the envelope then stores no canonical key
 */
public record EncodedKey(String memcachedKey, byte[] canonicalKey, boolean readable) {
  private static final byte[] NONE = new byte[0];

  /** Checks the components. */
  public EncodedKey {
    requireNonNull(memcachedKey, "memcachedKey");
    requireNonNull(canonicalKey, "canonicalKey");
  }

  /**
   * The canonical key as an envelope written under this key stores it: empty for a readable key,
   * the canonical key for a hashed one.
   */
  public byte[] storedKey() {
    return readable ? NONE : canonicalKey;
  }

  /**
   * Whether an envelope read under this key was written for this key and not a colliding one. An
   * envelope without a canonical key belongs to the readable key it was read under; a hashed key's
   * envelope must carry the very canonical key.
   */
  public boolean matches(Envelope envelope) {
    byte[] stored = envelope.canonicalKey();
    return (readable && stored.length == 0) || Arrays.equals(canonicalKey, stored);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedKey other
        && readable == other.readable
        && memcachedKey.equals(other.memcachedKey)
        && Arrays.equals(canonicalKey, other.canonicalKey);
  }

  @Override
  public int hashCode() {
    return 31 * memcachedKey.hashCode() + Arrays.hashCode(canonicalKey);
  }

  @Override
  public String toString() {
    return "EncodedKey["
        + memcachedKey
        + ", canonicalKey="
        + canonicalKey.length
        + " bytes"
        + (readable ? ", readable" : "")
        + "]";
  }
}
