package io.nearcache.hibernate.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.NearcacheRegionFactory;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.cache.spi.RegionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link UpdateTimestampsStorage}, on a real (embedded) nearcache cache and
 * Hibernate's clock: an invalidation replaces a pending pre-invalidation, going backwards, but
 * never a later invalidation; a pre-invalidation never lowers the value; a missing timestamp reads
 * as a change now, and is kept.
 */
class UpdateTimestampsStorageTest {
  private static final String SPACE = "Author";

  private final RegionFactory clock = new NearcacheRegionFactory();
  private CacheManager manager;
  private Cache<Object, Object> cache;
  private UpdateTimestampsStorage timestamps;

  @BeforeEach
  void open() {
    manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("nearcache:timestamps-test"),
                getClass().getClassLoader(),
                new Properties());
    cache = manager.createCache("timestamps", new MutableConfiguration<>());
    timestamps = new UpdateTimestampsStorage(cache, clock);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private long read() {
    return (Long) timestamps.getFromCache(SPACE, null);
  }

  @Test
  void anInvalidationReplacesAPendingPreInvalidationGoingBackwards() {
    long preInvalidation = clock.nextTimestamp() + clock.getTimeout();
    timestamps.putIntoCache(SPACE, preInvalidation, null);
    assertEquals(preInvalidation, read());

    long invalidation = clock.nextTimestamp();
    timestamps.putIntoCache(SPACE, invalidation, null);

    assertEquals(invalidation, read());
  }

  @Test
  void aLateInvalidationNeverLowersALaterOne() {
    long earlier = clock.nextTimestamp();
    long later = clock.nextTimestamp();
    timestamps.putIntoCache(SPACE, later, null);

    timestamps.putIntoCache(SPACE, earlier, null);

    assertEquals(later, read());
  }

  @Test
  void aPreInvalidationNeverLowersTheValue() {
    long pending = clock.nextTimestamp() + clock.getTimeout();
    timestamps.putIntoCache(SPACE, pending, null);

    timestamps.putIntoCache(SPACE, pending - 1000, null);

    assertEquals(pending, read());
  }

  @Test
  void aMissingTimestampReadsAsAChangeNowAndIsKept() {
    long before = clock.nextTimestamp();

    long read = read();

    assertTrue(read > before, "changed after every result cached before");
    assertEquals(read, cache.get(SPACE), "kept, so every JVM agrees on it");
    assertEquals(read, read());
  }

  @Test
  void evictingTheRegionMakesEveryTableReadAsChanged() {
    timestamps.putIntoCache(SPACE, clock.nextTimestamp(), null);
    long resultCachedAt = clock.nextTimestamp();

    timestamps.evictData();

    assertTrue(read() > resultCachedAt);
  }
}
