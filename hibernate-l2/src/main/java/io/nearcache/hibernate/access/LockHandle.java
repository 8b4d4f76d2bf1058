package io.nearcache.hibernate.access;

import java.util.UUID;
import org.hibernate.cache.spi.access.SoftLock;

/**
 * What a transaction holds after locking an entry: the identity of the {@link LockedItem}, which it
 * hands back on unlock.
 *
 * @param owner the region access that created the lock
 * @param lockId the lock's number within its owner
 */
public record LockHandle(UUID owner, long lockId) implements SoftLock {}
