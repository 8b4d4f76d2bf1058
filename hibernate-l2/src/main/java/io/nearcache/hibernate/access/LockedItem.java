package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.ReadWriteEntry;
import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;
import java.util.UUID;

/**
 * A locked entry of a read-write region: no session reads it, and loads may not fill it while a
 * transaction that changes the entity holds it. Several transactions may hold one lock; the entry
 * then stays a lock after the last one leaves, since none of them knows the others' outcome. A lock
 * whose holders are gone, or whose timeout has passed, takes a load again, and the next transaction
 * starts a new lock over it.
 *
 * <p>Every change produces a new instance inside one atomic {@code Cache.invoke}, so holders are
 * counted exactly even when transactions in several JVMs lock and unlock the same entry.
 *
 * @param owner the region access (one per JVM and region) that created the lock
 * @param lockId the lock's number within its owner
 * @param version the version of the entity when it was locked, or null
 * @param timeout until when the lock holds, on the region factory's clock
 * @param holders the transactions that hold it
 * @param concurrent whether more than one transaction ever held it
 * @param unlockTimestamp when the last holder left, or 0
 */
public record LockedItem(
    UUID owner,
    long lockId,
    Object version,
    long timeout,
    int holders,
    boolean concurrent,
    long unlockTimestamp)
    implements Serializable, ReadWriteEntry {
  @Serial private static final long serialVersionUID = 1L;

  /** A new lock held by one transaction. */
  static LockedItem acquired(UUID owner, long lockId, Object version, long timeout) {
    return new LockedItem(owner, lockId, version, timeout, 1, false, 0);
  }

  /**
   * A lock nobody holds, taken over an entry whose own lock was lost: it keeps the entry unreadable
   * and lets a load that begins after {@code now} fill it.
   */
  static LockedItem released(UUID owner, long lockId, long now, long timeout) {
    return new LockedItem(owner, lockId, null, now + timeout, 0, false, now);
  }

  /** This lock, held by one more transaction, until {@code newTimeout}. */
  LockedItem joined(long newTimeout) {
    return new LockedItem(owner, lockId, version, newTimeout, holders + 1, true, unlockTimestamp);
  }

  /** This lock, left by one of its holders at {@code now}. */
  LockedItem left(long now) {
    int remaining = Math.max(0, holders - 1);
    return new LockedItem(
        owner,
        lockId,
        version,
        timeout,
        remaining,
        concurrent,
        remaining == 0 ? now : unlockTimestamp);
  }

  /** This lock, marked so that its last holder leaves it locked instead of writing a value. */
  LockedItem distrusted() {
    return concurrent
        ? this
        : new LockedItem(owner, lockId, version, timeout, holders, true, unlockTimestamp);
  }

  /** Whether {@code handle} was given out for this lock. */
  boolean isHeldThrough(LockHandle handle) {
    return lockId == handle.lockId() && owner.equals(handle.owner());
  }

  /** Whether a transaction still holds this lock at {@code now}. */
  boolean isHeld(long now) {
    return holders > 0 && now <= timeout;
  }

  /** The handle a holder of this lock gets. */
  LockHandle handle() {
    return new LockHandle(owner, lockId);
  }

  /**
   * Whether a load of {@code newVersion} by a session that began at {@code sessionTimestamp} may
   * replace this lock: after its timeout, or once released, for a newer version or, when versions
   * are unknown, for a session that began after the release.
   */
  boolean isReplaceableBy(long sessionTimestamp, Object newVersion, Comparator<Object> versions) {
    if (sessionTimestamp > timeout) {
      return true;
    }
    if (holders > 0) {
      return false;
    }
    if (version == null || newVersion == null || versions == null) {
      return sessionTimestamp > unlockTimestamp;
    }
    return versions.compare(version, newVersion) < 0;
  }
}
