package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Maps the keys of one cache to memcached keys of the form {@code
 * <namespace>:<cache>:<generation>:<token>}, the generation written in base 36 with upper-case
 * letters (a millisecond timestamp takes 8 characters instead of 13).
 *
 * <p>The token is readable when it can be: {@code s:<text>} for a string, {@code i:<n>} for an
 * Integer, {@code l:<n>} for a Long, as long as the whole key stays within memcached's 250 bytes
 * and the text is printable ASCII without spaces. Any other key becomes {@code h:} followed by the
 * unpadded base64url SHA-256 of its canonical bytes. Readable tokens of different keys always
 * differ (the tag separates types, and no readable token starts with {@code h:}), and a readable
 * token gives the key back ({@link #readableKey}), so an entry under one stores no canonical key.
 * Two keys can share a memcached key only through a SHA-256 collision of different canonical
 * bytes, which a read detects by comparing the canonical key stored in the envelope of a hashed
 * key.
 *
 * <p>A cache name made of letters, digits, {@code .}, {@code _} and {@code -}, at most 100 bytes,
 * is used as is; any other becomes {@code #} followed by the base64url SHA-256 of its UTF-8 bytes.
 * The namespace must already be such a plain name of at most 16 characters. With these bounds a
 * hashed key always fits in 250 bytes.
 *
 * <p>The key codec must be deterministic: equal keys must encode to equal bytes, or one key could
 * live under two memcached keys.
 */
public final class KeyEncoder {
  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "nc";

  /** memcached's longest key, in bytes. */
  public static final int MAX_KEY_BYTES = 250;

  static final int MAX_NAMESPACE_LENGTH = 16;
  static final int MAX_PLAIN_CACHE_NAME_LENGTH = 100;

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String cacheName;
  private final ValueCodec keyCodec;
  private final String cachePrefix;
  private volatile GenerationPrefix currentPrefix;

  /** The key prefixes of one generation: bare, and followed by each readable token's tag. */
  private record GenerationPrefix(
      long generation, String prefix, String string, String integer, String longer) {
    GenerationPrefix(long generation, String prefix) {
      this(generation, prefix, prefix + "s:", prefix + "i:", prefix + "l:");
    }
  }

  /**
   * Creates an encoder.
   *
   * @param namespace separates deployments sharing memcached servers: 1 to 16 letters, digits,
   *     {@code .}, {@code _} or {@code -}
   * @param cacheName the cache; hashed when it is not a plain name
   * @param keyCodec encodes keys into canonical bytes; must be deterministic
   */
  public KeyEncoder(String namespace, String cacheName, ValueCodec keyCodec) {
    requireNonNull(namespace);
    this.cacheName = requireNonNull(cacheName);
    this.keyCodec = requireNonNull(keyCodec);
    if (namespace.length() > MAX_NAMESPACE_LENGTH || !PLAIN_NAME.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "Key namespace '"
              + namespace
              + "' for cache "
              + cacheName
              + " must be 1 to "
              + MAX_NAMESPACE_LENGTH
              + " letters, digits, '.', '_' or '-'");
    }
    this.cachePrefix = namespace + ":" + cacheSegment(cacheName) + ":";
  }

  /** Creates an encoder in the {@link #DEFAULT_NAMESPACE}. */
  public KeyEncoder(String cacheName, ValueCodec keyCodec) {
    this(DEFAULT_NAMESPACE, cacheName, keyCodec);
  }

  /**
   * Encodes a key.
   *
   * @param key the cache key
   * @param generation the cache's current generation, 0 or more
   * @throws IllegalArgumentException when the key codec cannot encode the key
   */
  public EncodedKey encode(Object key, long generation) {
    requireNonNull(key);
    byte[] canonical = keyCodec.encode(key);
    GenerationPrefix prefixes = prefixes(generation);
    String readable = readableKey(prefixes, key);
    if (readable != null && readable.length() <= MAX_KEY_BYTES) {
      return new EncodedKey(readable, canonical, true);
    }
    return new EncodedKey(prefixes.prefix + "h:" + sha256(canonical), canonical, false);
  }

  /**
   * The key whose readable token ends a memcached key of the given generation: a String, Integer or
   * Long; null for a hashed key or a key of another cache or generation.
   */
  public Object readableKey(String memcachedKey, long generation) {
    String prefix = prefix(generation);
    if (!memcachedKey.startsWith(prefix) || memcachedKey.length() < prefix.length() + 2
        || memcachedKey.charAt(prefix.length() + 1) != ':') {
      return null;
    }
    String token = memcachedKey.substring(prefix.length() + 2);
    Object key;
    try {
      key =
          switch (memcachedKey.charAt(prefix.length())) {
            case 's' -> token;
            case 'i' -> Integer.valueOf(token);
            case 'l' -> Long.valueOf(token);
            default -> null;
          };
    } catch (NumberFormatException e) {
      return null;
    }
    // Only the token this encoder writes for the key counts (not "i:007" for 7).
    return key != null && memcachedKey.equals(readableKey(prefixes(generation), key)) ? key : null;
  }

  /** The prefix shared by every key of one generation of the cache, ending with {@code :}. */
  public String prefix(long generation) {
    return prefixes(generation).prefix;
  }

  private GenerationPrefix prefixes(long generation) {
    // Every key of a cache is encoded in its current generation: keep that one's prefixes.
    GenerationPrefix cached = currentPrefix;
    if (cached != null && cached.generation == generation) {
      return cached;
    }
    if (generation < 0) {
      throw new IllegalArgumentException(
          "Generation of cache " + cacheName + " must be 0 or more, not " + generation);
    }
    GenerationPrefix prefixes =
        new GenerationPrefix(
            generation,
            cachePrefix + Long.toString(generation, 36).toUpperCase(Locale.ROOT) + ":");
    currentPrefix = prefixes;
    return prefixes;
  }

  /** The memcached key that holds the cache's generation counter. */
  public String generationKey() {
    return cachePrefix + "gen";
  }

  /**
   * The prefix of every memcached key of this cache, {@code <namespace>:<cache>:}, for other key
   * families of the cache. Their next segment must not be made of digits and upper-case letters
   * only, which is a generation.
   */
  public String cachePrefix() {
    return cachePrefix;
  }

  /** Whether memcached accepts the key: 1 to 250 bytes, printable ASCII, no spaces. */
  public static boolean isValidMemcachedKey(String key) {
    return !key.isEmpty() && key.length() <= MAX_KEY_BYTES && isPrintableAscii(key);
  }

  /** The prefix and the readable token in one string, or null when the key has no such token. */
  private static String readableKey(GenerationPrefix prefixes, Object key) {
    if (key instanceof String text) {
      return isPrintableAscii(text) ? prefixes.string.concat(text) : null;
    } else if (key instanceof Integer number) {
      return prefixes.integer.concat(Integer.toString(number));
    } else if (key instanceof Long number) {
      return prefixes.longer.concat(Long.toString(number));
    }
    return null;
  }

  /** Printable ASCII without space: what memcached's text protocol takes in a key. */
  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static String cacheSegment(String cacheName) {
    if (cacheName.length() <= MAX_PLAIN_CACHE_NAME_LENGTH
        && PLAIN_NAME.matcher(cacheName).matches()) {
      return cacheName;
    }
    return "#" + sha256(cacheName.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform provides SHA-256", e);
    }
  }
}
