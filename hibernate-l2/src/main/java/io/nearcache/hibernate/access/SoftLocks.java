package io.nearcache.hibernate.access;

import static java.util.Objects.requireNonNull;

import io.nearcache.hibernate.storage.ReadWriteEntry;
import io.nearcache.hibernate.storage.RegionStorage;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The read-write protocol of one region access: Hibernate's, with every read-then-write made one
 * atomic {@link RegionStorage#update} instead of a get and a put under a JVM-local lock. Entries
 * are {@link CachedItem}s (readable) or {@link LockedItem}s (not).
 *
 * <ul>
 *   <li>A transaction that changes an entity locks its entry before the change ({@link #lock}), and
 *       after completion either writes the new value ({@link #afterUpdate}, when no other
 *       transaction held the lock at the same time) or leaves ({@link #unlock}).
 *   <li>A load fills an entry only if it is absent, an older version, or a lock that nobody holds
 *       and that was released before the loading session began ({@link #putFromLoad}).
 *   <li>A transaction that finds its lock gone (it timed out, or the entry was evicted) puts a
 *       released lock, so no value of unknown age becomes readable; if another transaction holds
 *       the lock that is there now, it keeps it and only marks it so that its last holder leaves it
 *       locked.
 * </ul>
 *
 * <p>Times come from the region factory's clock ({@link RegionFactory#nextTimestamp()}), and the
 * session's transaction timestamp, so JVMs compare them as well as their clocks agree.
 */
final class SoftLocks {
  private final RegionStorage storage;
  private final RegionFactory regionFactory;
  private final Comparator<Object> versions;
  private final UUID owner = UUID.randomUUID();
  private final AtomicLong nextLockId = new AtomicLong();

  /**
   * @param versions compares entity versions, or null when the data is unversioned
   */
  SoftLocks(RegionStorage storage, RegionFactory regionFactory, Comparator<Object> versions) {
    this.storage = requireNonNull(storage, "storage");
    this.regionFactory = requireNonNull(regionFactory, "regionFactory");
    this.versions = versions;
  }

  /** The cached value if the session may read it, else null. */
  Object get(SharedSessionContractImplementor session, Object key) {
    return storage.get(key) instanceof CachedItem item && item.isReadable(sessionTimestamp(session))
        ? item.value()
        : null;
  }

  /**
   * Caches a loaded value if the entry takes it; with {@code minimalPut}, an unversioned value
   * never replaces an entry that exists.
   *
   * @return whether the value was cached
   */
  boolean putFromLoad(
      SharedSessionContractImplementor session,
      Object key,
      Object value,
      Object version,
      boolean minimalPut) {
    long sessionTimestamp = sessionTimestamp(session);
    // The near tier answers most refusals without a round trip; the update decides for good.
    if (!takesLoad(storage.get(key), sessionTimestamp, version, minimalPut)) {
      return false;
    }
    CachedItem loaded = new CachedItem(value, version, sessionTimestamp);
    Object kept =
        storage.update(
            key,
            current ->
                takesLoad(current, sessionTimestamp, version, minimalPut) ? loaded : current);
    return kept == loaded;
  }

  private boolean takesLoad(
      Object current, long sessionTimestamp, Object version, boolean minimalPut) {
    if (current instanceof CachedItem item) {
      return !(minimalPut && version == null) && item.isReplaceableBy(version, versions);
    }
    if (current instanceof LockedItem lock) {
      return !(minimalPut && version == null)
          && lock.isReplaceableBy(sessionTimestamp, version, versions);
    }
    return true;
  }

  /**
   * Locks the entry for a transaction that is about to change it: joins a lock that other
   * transactions hold, or starts a new one. A lock past its timeout is not joined: its holders are
   * presumed gone, as Hibernate presumes when it lets a load replace it.
   */
  SoftLock lock(Object key, Object version) {
    long now = regionFactory.nextTimestamp();
    long timeout = now + regionFactory.getTimeout();
    long lockId = nextLockId.getAndIncrement();
    LockedItem locked =
        (LockedItem)
            storage.update(
                key,
                current -> {
                  if (current instanceof LockedItem lock && lock.isHeld(now)) {
                    return lock.joined(timeout);
                  }
                  Object lockedVersion =
                      current instanceof CachedItem item ? item.version() : version;
                  return LockedItem.acquired(owner, lockId, lockedVersion, timeout);
                });
    return locked.handle();
  }

  /** Leaves the lock a transaction took, without writing a value. */
  void unlock(Object key, SoftLock lock) {
    long now = regionFactory.nextTimestamp();
    long lockId = nextLockId.getAndIncrement();
    storage.update(
        key,
        current ->
            current instanceof LockedItem held && held.isHeldThrough((LockHandle) lock)
                ? held.left(now)
                : lost(current, lockId, now));
  }

  /**
   * Writes the value a transaction inserted, unless the entry exists.
   *
   * @return whether the value was cached
   */
  boolean afterInsert(Object key, Object value, Object version) {
    CachedItem inserted = new CachedItem(value, version, regionFactory.nextTimestamp());
    Object kept =
        storage.update(key, current -> current instanceof ReadWriteEntry ? current : inserted);
    return kept == inserted;
  }

  /**
   * Writes the value a transaction committed if it alone held the lock; otherwise leaves the lock.
   *
   * @return whether the value was cached
   */
  boolean afterUpdate(Object key, Object value, Object version, SoftLock lock) {
    long now = regionFactory.nextTimestamp();
    long lockId = nextLockId.getAndIncrement();
    CachedItem updated = new CachedItem(value, version, now);
    Object kept =
        storage.update(
            key,
            current -> {
              if (current instanceof LockedItem held && held.isHeldThrough((LockHandle) lock)) {
                return held.concurrent() ? held.left(now) : updated;
              }
              return lost(current, lockId, now);
            });
    return kept == updated;
  }

  /** Removes the entry unless it is locked: a lock outlives the row it guards until it is left. */
  void remove(Object key) {
    storage.update(key, current -> current instanceof LockedItem ? current : null);
  }

  /** What replaces the entry of a transaction whose lock is not there any more. */
  private Object lost(Object current, long lockId, long now) {
    if (current instanceof LockedItem other && other.isHeld(now)) {
      return other.distrusted();
    }
    return LockedItem.released(owner, lockId, now, regionFactory.getTimeout());
  }

  private static long sessionTimestamp(SharedSessionContractImplementor session) {
    return session.getCacheTransactionSynchronization().getCachingTimestamp();
  }
}
