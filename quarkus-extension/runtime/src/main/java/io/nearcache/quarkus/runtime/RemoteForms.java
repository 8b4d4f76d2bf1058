package io.nearcache.quarkus.runtime;

import io.quarkus.cache.CompositeCacheKey;
import io.quarkus.cache.DefaultCacheKey;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The forms in which Quarkus' cache keys and null values are stored, so that they can travel to
 * memcached: Quarkus' own {@link CompositeCacheKey} and {@link DefaultCacheKey} are not
 * serializable, and neither is its marker for a cached null.
 */
final class RemoteForms {
  /** Serialization patterns that let these forms be read back; added to every cache's allowlist. */
  static final String ALLOW_PATTERNS =
      String.join(
          ";",
          CompositeKey.class.getName(),
          NoArgumentKey.class.getName(),
          NullValue.class.getName());

  private RemoteForms() {}

  /** The key as stored: Quarkus' key types replaced by serializable equivalents. */
  static Object storedKey(Object key) {
    if (key instanceof CompositeCacheKey) {
      return new CompositeKey(Arrays.asList(((CompositeCacheKey) key).getKeyElements().clone()));
    }
    if (key instanceof DefaultCacheKey) {
      return NoArgumentKey.INSTANCE;
    }
    return key;
  }

  /** The key as the application knows it, for predicates over keys. */
  static Object applicationKey(Object stored, String cacheName) {
    if (stored instanceof CompositeKey) {
      return new CompositeCacheKey(((CompositeKey) stored).elements().toArray());
    }
    if (stored instanceof NoArgumentKey) {
      return new DefaultCacheKey(cacheName);
    }
    return stored;
  }

  /** The value as stored: null becomes {@link NullValue#INSTANCE}. */
  static Object storedValue(Object value) {
    return value == null ? NullValue.INSTANCE : value;
  }

  /** The value as the application knows it. */
  static Object applicationValue(Object stored) {
    return stored == NullValue.INSTANCE ? null : stored;
  }

  /** The key of a method whose cache key is made of several arguments. */
  record CompositeKey(List<Object> elements) implements Serializable {}

  /** The key of a method without arguments: one entry per cache. */
  enum NoArgumentKey {
    INSTANCE
  }

  /** A cached null result. */
  enum NullValue {
    INSTANCE
  }
}
