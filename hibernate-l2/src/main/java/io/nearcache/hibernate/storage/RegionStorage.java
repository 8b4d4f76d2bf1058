package io.nearcache.hibernate.storage;

import static java.util.Objects.requireNonNull;

import java.util.function.UnaryOperator;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * A region's entries in one nearcache cache, under {@linkplain RegionKeys#stable stable keys}.
 *
 * <p>A put from a load is a {@code putIfAbsent}: Hibernate puts what it loaded after a miss, and an
 * entry that another JVM stored meanwhile is at least as new as the load. Changes that depend on
 * the current value go through {@link #update}, one atomic {@code invoke} that the provider
 * arbitrates across JVMs.
 *
 * <p>{@link #release()} leaves the cache open: it belongs to the CacheManager, which the region
 * factory closes when it owns it, and other session factories may share it.
 */
public final class RegionStorage implements DomainDataStorageAccess {
  private final Cache<Object, Object> cache;

  /** Stores a region's entries in {@code cache}. */
  public RegionStorage(Cache<Object, Object> cache) {
    this.cache = requireNonNull(cache, "cache");
  }

  /** The cache that holds the region. */
  public Cache<Object, Object> cache() {
    return cache;
  }

  /** The stored value for Hibernate's key, or null. */
  public Object get(Object key) {
    return cache.get(RegionKeys.stable(key));
  }

  /**
   * Changes the entry of {@code key} atomically across JVMs: {@code change} receives the current
   * value (or null) and returns the value to keep; returning the very value it received leaves the
   * entry untouched, returning null removes it. {@code change} may run more than once when another
   * JVM changes the entry at the same moment, so it must do nothing but compute.
   *
   * @return what {@code change} returned on the attempt that took effect
   */
  public Object update(Object key, UnaryOperator<Object> change) {
    requireNonNull(change, "change");
    return cache.invoke(RegionKeys.stable(key), new Transition(change));
  }

  /** The stored value for Hibernate's own accesses: null for a {@link ReadWriteEntry}. */
  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    Object value = get(key);
    return value instanceof ReadWriteEntry ? null : value;
  }

  @Override
  public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
    cache.put(RegionKeys.stable(key), value);
  }

  @Override
  public void putFromLoad(Object key, Object value, SharedSessionContractImplementor session) {
    cache.putIfAbsent(RegionKeys.stable(key), value);
  }

  @Override
  public void removeFromCache(Object key, SharedSessionContractImplementor session) {
    evictData(key);
  }

  @Override
  public void clearCache(SharedSessionContractImplementor session) {
    evictData();
  }

  @Override
  public boolean contains(Object key) {
    return cache.containsKey(RegionKeys.stable(key));
  }

  /** Empties the region in every JVM: the provider moves the cache to a new generation. */
  @Override
  public void evictData() {
    cache.clear();
  }

  @Override
  public void evictData(Object key) {
    cache.remove(RegionKeys.stable(key));
  }

  @Override
  public void release() {
    // The CacheManager's owner closes the cache.
  }

  @Override
  public String toString() {
    return "RegionStorage[" + cache.getName() + "]";
  }

  /** Applies a change to one entry inside {@code Cache.invoke}. */
  private static final class Transition implements EntryProcessor<Object, Object, Object> {
    private final UnaryOperator<Object> change;

    Transition(UnaryOperator<Object> change) {
      this.change = change;
    }

    @Override
    public Object process(MutableEntry<Object, Object> entry, Object... arguments) {
      Object current = entry.getValue();
      Object next = change.apply(current);
      if (next == null) {
        if (current != null) {
          entry.remove();
        }
      } else if (next != current) {
        entry.setValue(next);
      }
      return next;
    }
  }
}
