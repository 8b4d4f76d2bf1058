package io.nearcache.hibernate.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.spi.NearCachingProvider;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A load that read the database before a change committed must not be cached after the change's
 * eviction (nonstrict-read-write, read-only deletes). Found under a two-core CPU hog: a reader JVM's
 * put landed after the writer's eviction and the old title stayed cached for good. The eviction
 * leaves a stamped marker; a load whose transaction began before it is refused, a later one is
 * stored.
 */
class EvictedLoadTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private CacheManager manager;
  private RegionStorage storage;

  @BeforeEach
  void open() {
    manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:evicted-load-test"),
                EvictedLoadTest.class.getClassLoader(),
                new Properties());
    storage = new RegionStorage(manager.createCache("books", new MutableConfiguration<>()), clock::get);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void aLoadThatBeganBeforeTheEvictionIsNotCachedOverIt() {
    storage.putFromLoad("k", "v0", sessionBeganAt(500));
    assertEquals("v0", storage.getFromCache("k", sessionBeganAt(600)));

    clock.set(2_000);
    storage.removeFromCache("k", sessionBeganAt(1_500));
    assertNull(storage.getFromCache("k", sessionBeganAt(2_100)), "an evicted entry is a miss");
    assertFalse(storage.contains("k"), "and is not contained");

    storage.putFromLoad("k", "v0 read before the commit", sessionBeganAt(1_900));
    assertNull(storage.getFromCache("k", sessionBeganAt(2_100)), "the racing load is refused");

    storage.putFromLoad("k", "v1", sessionBeganAt(2_001));
    assertEquals("v1", storage.getFromCache("k", sessionBeganAt(2_100)));
    assertTrue(storage.contains("k"));

    storage.putFromLoad("k", "v2 from a later load", sessionBeganAt(3_000));
    assertEquals("v1", storage.getFromCache("k", sessionBeganAt(3_100)), "a cached entry stays");
  }

  /** A session whose transaction's caching timestamp is {@code began}; nothing else is used. */
  private static SharedSessionContractImplementor sessionBeganAt(long began) {
    CacheTransactionSynchronization sync =
        (CacheTransactionSynchronization)
            Proxy.newProxyInstance(
                EvictedLoadTest.class.getClassLoader(),
                new Class<?>[] {CacheTransactionSynchronization.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getCachingTimestamp")) {
                    return began;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (SharedSessionContractImplementor)
        Proxy.newProxyInstance(
            EvictedLoadTest.class.getClassLoader(),
            new Class<?>[] {SharedSessionContractImplementor.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getCacheTransactionSynchronization")) {
                return sync;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
