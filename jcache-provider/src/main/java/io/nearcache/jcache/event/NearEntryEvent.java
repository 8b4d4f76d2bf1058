package io.nearcache.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One cache entry event. For removed and expired events the value is the value that was removed,
 * as JCache 1.1 specifies; the old value is available only to listeners that asked for it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  /** Creates an event. */
  public NearEntryEvent(
      Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /**
   * This event as seen by a listener that did not ask for old values: for removed and expired
   * events the value is the old value, so it goes too.
   */
  NearEntryEvent<K, V> withoutOldValue() {
    if (!oldValueAvailable) {
      return this;
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) getSource();
    boolean valueIsOld =
        getEventType() == EventType.REMOVED || getEventType() == EventType.EXPIRED;
    return new NearEntryEvent<>(cache, getEventType(), key, valueIsOld ? null : value, null, false);
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
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry event to " + clazz.getName());
  }

  @Override
  public String toString() {
    return getEventType() + "[" + key + "=" + value + "]";
  }
}
