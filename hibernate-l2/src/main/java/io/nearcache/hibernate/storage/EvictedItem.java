package io.nearcache.hibernate.storage;

import java.io.Serializable;

/**
 * What a transaction's removal of an entry leaves behind: when it happened, on the region
 * factory's clock ({@code RegionFactory#nextTimestamp()}). A load whose transaction began before
 * that read the database before the change may have committed, so it is not cached over the
 * marker; a later load replaces it. Hibernate's own accesses read it as a miss.
 *
 * @param timestamp when the entry was removed
 */
public record EvictedItem(long timestamp) implements Serializable {}
