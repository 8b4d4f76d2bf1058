package io.nearcache.hibernate.access;

import io.nearcache.hibernate.storage.ReadWriteEntry;
import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;

/**
 * An unlocked entry of a read-write region: Hibernate's cached value, the entity version it holds
 * (null when unversioned) and the time it was written, on the region factory's clock. A session
 * reads it only if it began after that time.
 *
 * @param value the value Hibernate cached (an entity's disassembled state, a collection, an id)
 * @param version the version of the value, or null
 * @param timestamp when the value was written ({@code RegionFactory#nextTimestamp()})
 */
public record CachedItem(Object value, Object version, long timestamp)
    implements Serializable, ReadWriteEntry {
  @Serial private static final long serialVersionUID = 1L;

  /** Whether a session that began at {@code sessionTimestamp} may read this value. */
  boolean isReadable(long sessionTimestamp) {
    return sessionTimestamp > timestamp;
  }

  /**
   * Whether a load of {@code newVersion} may replace this value: only a newer version does, so an
   * unversioned value is replaced by writes, never by loads.
   */
  boolean isReplaceableBy(Object newVersion, Comparator<Object> versions) {
    return version != null
        && newVersion != null
        && versions != null
        && versions.compare(version, newVersion) < 0;
  }
}
