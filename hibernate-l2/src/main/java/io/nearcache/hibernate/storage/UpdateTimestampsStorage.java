package io.nearcache.hibernate.storage;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The update-timestamps region: for every table (query space), the time of its last change, which
 * tells the query cache whether a cached result is still valid. The cache never expires these
 * entries; the region factory creates it eternal.
 *
 * <p>Hibernate writes a table's timestamp twice per transaction: before the change, a
 * <em>pre-invalidation</em> one lock timeout (60 s) in the future, so that no query result is
 * trusted while the change is in flight; after completion, the current time, which goes backwards.
 * Across JVMs two rules keep that safe, each applied atomically:
 *
 * <ul>
 *   <li>a pre-invalidation never lowers the value;
 *   <li>an invalidation replaces a pending pre-invalidation (a value more than half a lock timeout
 *       ahead) and otherwise never lowers the value, so an invalidation that arrives late from
 *       another JVM cannot bring back a time before a later change.
 * </ul>
 *
 * <p>A table with no timestamp (never written, evicted, or lost with a restarted memcached node)
 * reads as changed now, and that time is stored: without it, Hibernate would take every cached
 * result of that table for fresh. The price is that results cached before that moment are run again
 * once.
 */
public final class UpdateTimestampsStorage implements StorageAccess {
  private final Cache<Object, Object> cache;
  private final RegionFactory regionFactory;

  /**
   * Keeps the timestamps in {@code cache}, on the clock of {@code regionFactory} ({@link
   * RegionFactory#nextTimestamp()}, {@link RegionFactory#getTimeout()}).
   */
  public UpdateTimestampsStorage(Cache<Object, Object> cache, RegionFactory regionFactory) {
    this.cache = requireNonNull(cache, "cache");
    this.regionFactory = requireNonNull(regionFactory, "regionFactory");
  }

  @Override
  public Object getFromCache(Object space, SharedSessionContractImplementor session) {
    Object stored = cache.get(space);
    if (stored instanceof Long) {
      return stored;
    }
    Long now = regionFactory.nextTimestamp();
    return cache.invoke(
        space,
        (entry, arguments) -> {
          if (entry.getValue() instanceof Long kept) {
            return kept;
          }
          entry.setValue(now);
          return now;
        });
  }

  @Override
  public void putIntoCache(Object space, Object value, SharedSessionContractImplementor session) {
    long timestamp = (Long) value;
    long pendingAbove = regionFactory.nextTimestamp() + regionFactory.getTimeout() / 2;
    boolean preInvalidation = timestamp > pendingAbove;
    cache.invoke(
        space,
        (entry, arguments) -> {
          if (!(entry.getValue() instanceof Long current)) {
            entry.setValue(timestamp);
          } else if (timestamp > current || (!preInvalidation && current > pendingAbove)) {
            entry.setValue(timestamp);
          }
          return null;
        });
  }

  @Override
  public boolean contains(Object space) {
    return cache.containsKey(space);
  }

  /** Forgets every timestamp in every JVM; each table then reads as changed now. */
  @Override
  public void evictData() {
    cache.clear();
  }

  @Override
  public void evictData(Object space) {
    cache.remove(space);
  }

  @Override
  public void release() {
    // The CacheManager's owner closes the cache.
  }

  @Override
  public String toString() {
    return "UpdateTimestampsStorage[" + cache.getName() + "]";
  }
}
