package io.nearcache.hibernate.storage;

/**
 * A value that only the read-write accesses understand: a cached item with its timestamp, or a soft
 * lock. {@link RegionStorage#getFromCache} never hands one to Hibernate's own accesses, so a JVM
 * that caches an entity with another strategy (during a rolling change of strategy) reads a miss
 * instead of a value it cannot use.
 */
public interface ReadWriteEntry {}
