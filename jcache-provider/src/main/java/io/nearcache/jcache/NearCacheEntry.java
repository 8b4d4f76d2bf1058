package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;

/**
 * An immutable key-value pair handed out by the cache: by its iterator and to cache writers.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearCacheEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  /** Creates an entry. */
  public NearCacheEntry(K key, V value) {
    this.key = requireNonNull(key);
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
