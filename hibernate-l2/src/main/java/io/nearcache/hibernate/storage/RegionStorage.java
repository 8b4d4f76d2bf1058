package io.nearcache.hibernate.storage;

import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * A region's entries in one nearcache cache, under {@linkplain RegionKeys#stable stable keys}.
 *
 * <p>A put from a load stores only where the entry is absent: Hibernate puts what it loaded after a
 * miss, and an entry that another JVM stored meanwhile is at least as new as the load. A removal
 * made by a transaction (the eviction after a nonstrict-read-write change) leaves an {@link
 * EvictedItem} with its time, and a load whose transaction began before that time is not stored
 * over it: it may have read the database before the change committed, and would otherwise stay
 * cached, stale, until the entry changed again (seen with two JVMs on a loaded machine, where the
 * load's put landed after the eviction). Changes that depend on the current value go through
 * {@link #update}, one atomic {@code invoke} that the provider arbitrates across JVMs.
 *
 * <p>{@link #release()} leaves the cache open: it belongs to the CacheManager, which the region
 * factory closes when it owns it, and other session factories may share it.
 */
public final class RegionStorage implements DomainDataStorageAccess {
  private final Cache<Object, Object> cache;
  private final LongSupplier clock;

  /**
   * Stores a region's entries in {@code cache}; {@code clock} is the region factory's ({@code
   * RegionFactory#nextTimestamp()}), which also stamps the sessions' transactions.
   */
  public RegionStorage(Cache<Object, Object> cache, LongSupplier clock) {
    this.cache = requireNonNull(cache, "cache");
    this.clock = requireNonNull(clock, "clock");
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
    return value instanceof ReadWriteEntry || value instanceof EvictedItem ? null : value;
  }

  @Override
  public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
    cache.put(RegionKeys.stable(key), value);
  }

  @Override
  public void putFromLoad(Object key, Object value, SharedSessionContractImplementor session) {
    long began = session.getCacheTransactionSynchronization().getCachingTimestamp();
    update(
        key,
        current ->
            current == null || (current instanceof EvictedItem evicted && evicted.timestamp() < began)
                ? value
                : current);
  }

  /** Removes the entry for a transaction, leaving an {@link EvictedItem} stamped now. */
  @Override
  public void removeFromCache(Object key, SharedSessionContractImplementor session) {
    cache.put(RegionKeys.stable(key), new EvictedItem(clock.getAsLong()));
  }

  @Override
  public void clearCache(SharedSessionContractImplementor session) {
    evictData();
  }

  @Override
  public boolean contains(Object key) {
    return cache.containsKey(RegionKeys.stable(key)) && !(get(key) instanceof EvictedItem);
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
