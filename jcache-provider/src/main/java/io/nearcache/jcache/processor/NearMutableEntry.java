package io.nearcache.jcache.processor;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} works on. Changes are recorded, not
 * applied: the cache applies the final {@link #action()} atomically when the processor returns.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearMutableEntry<K, V> implements MutableEntry<K, V> {
  private final K key;
  private final V original;
  private final Function<K, V> loader;
  private V value;
  private EntryAction action = EntryAction.NONE;

  /**
   * Creates the entry.
   *
   * @param key the key
   * @param original the current value, or null when absent
   * @param loader loads a missing value on {@link #getValue()} for read-through caches, or null
   */
  public NearMutableEntry(K key, V original, Function<K, V> loader) {
    this.key = requireNonNull(key);
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (action == EntryAction.NONE) {
      if (value != null) {
        action = EntryAction.READ;
      } else if (loader != null) {
        value = loader.apply(key);
        if (value != null) {
          action = EntryAction.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    // Removing what this processor created or loaded leaves the cache as it was; any other remove
    // is a delete, which reaches the writer even when the key was absent.
    boolean madeHere = action == EntryAction.CREATED || action == EntryAction.LOADED;
    action = madeHere && original == null ? EntryAction.NONE : EntryAction.DELETED;
  }

  @Override
  public void setValue(V newValue) {
    requireNonNull(newValue, "an entry processor may not set a null value");
    value = newValue;
    action = original == null ? EntryAction.CREATED : EntryAction.UPDATED;
  }

  /** What the processor did, once it returned. */
  public EntryAction action() {
    return action;
  }

  /** The value the entry had before the processor ran, or null. */
  public V original() {
    return original;
  }

  /** The value the processor left, or null when it removed the entry or there was none. */
  public V value() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz.getName());
  }
}
