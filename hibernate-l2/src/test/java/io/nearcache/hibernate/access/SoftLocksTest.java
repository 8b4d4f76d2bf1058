package io.nearcache.hibernate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.hibernate.NearcacheRegionFactory;
import io.nearcache.hibernate.storage.RegionStorage;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Comparator;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the read-write protocol ({@link SoftLocks}), one entry at a time, on a real
 * (embedded) nearcache cache and a clock the test moves: who may write, who may read, and what a
 * transaction leaves behind when it was not alone or its lock is gone.
 */
class SoftLocksTest {
  private static final String KEY = "Book#1";
  private static final long TIMEOUT = 1_000;

  private final ManualClock clock = new ManualClock();
  private CacheManager manager;
  private RegionStorage storage;
  private SoftLocks locks;
  private SoftLocks otherJvm;

  @BeforeEach
  void open() {
    manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("nearcache:soft-locks-test"),
                getClass().getClassLoader(),
                new Properties());
    storage =
        new RegionStorage(
            manager.createCache("books", new MutableConfiguration<>()), System::currentTimeMillis);
    locks = new SoftLocks(storage, clock, Comparator.comparingInt(v -> (Integer) v));
    otherJvm = new SoftLocks(storage, clock, Comparator.comparingInt(v -> (Integer) v));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Object entry() {
    return storage.get(KEY);
  }

  @Test
  void aTransactionAloneWritesItsValueForSessionsThatBeginAfterwards() {
    SoftLock lock = locks.lock(KEY, 1);
    long before = clock.now;
    clock.now += 10;

    assertTrue(locks.afterUpdate(KEY, "v2", 2, lock));

    assertEquals(new CachedItem("v2", 2, clock.now), entry());
    assertEquals("v2", locks.get(session(clock.now + 1), KEY));
    assertNull(locks.get(session(before), KEY), "a session that began earlier reads the database");
  }

  @Test
  void transactionsThatHeldOneLockTogetherLeaveItLocked() {
    SoftLock first = locks.lock(KEY, 1);
    SoftLock second = otherJvm.lock(KEY, 1);
    assertEquals(2, ((LockedItem) entry()).holders());

    assertFalse(locks.afterUpdate(KEY, "first", 2, first));
    assertFalse(otherJvm.afterUpdate(KEY, "second", 3, second));

    LockedItem left = (LockedItem) entry();
    assertEquals(0, left.holders());
    assertNull(locks.get(session(clock.now + 1), KEY));
  }

  @Test
  void aLoadNeverReplacesAHeldLockAndReplacesAReleasedOneOnlyForLaterSessions() {
    SoftLock lock = locks.lock(KEY, null);
    assertFalse(locks.putFromLoad(session(clock.now + 1), KEY, "loaded", null, false));

    clock.now += 10;
    locks.unlock(KEY, lock);
    long released = clock.now;
    assertFalse(locks.putFromLoad(session(released - 1), KEY, "stale", null, false));
    assertTrue(locks.putFromLoad(session(released + 1), KEY, "fresh", null, false));
    assertEquals("fresh", ((CachedItem) entry()).value());
  }

  @Test
  void aLoadReplacesACachedValueOnlyWithANewerVersion() {
    assertTrue(locks.putFromLoad(session(clock.now), KEY, "v1", 1, false));

    assertFalse(locks.putFromLoad(session(clock.now), KEY, "v1 again", 1, false));
    assertTrue(locks.putFromLoad(session(clock.now), KEY, "v2", 2, false));
    assertEquals("v2", ((CachedItem) entry()).value());
  }

  @Test
  void aMinimalPutOfAnUnversionedValueNeverReplacesAnEntry() {
    SoftLock lock = locks.lock(KEY, null);
    clock.now += 10;
    locks.unlock(KEY, lock);

    assertFalse(locks.putFromLoad(session(clock.now + 1), KEY, "loaded", null, true));
    assertInstanceOf(LockedItem.class, entry());
  }

  @Test
  void aTransactionWhoseLockVanishedLeavesAReleasedLockNotItsValue() {
    SoftLock lock = locks.lock(KEY, 1);
    storage.evictData(KEY);

    assertFalse(locks.afterUpdate(KEY, "unknown age", 2, lock));

    LockedItem left = (LockedItem) entry();
    assertEquals(0, left.holders());
    assertEquals(clock.now, left.unlockTimestamp());
  }

  @Test
  void aLockPastItsTimeoutIsNotJoinedAndItsLateHolderDistrustsTheNewOne() {
    SoftLock late = locks.lock(KEY, 1);
    clock.now += TIMEOUT + 1;

    SoftLock fresh = otherJvm.lock(KEY, 1);
    assertEquals(1, ((LockedItem) entry()).holders(), "the timed-out holder is presumed gone");

    assertFalse(locks.afterUpdate(KEY, "late", 2, late));
    LockedItem distrusted = (LockedItem) entry();
    assertEquals(1, distrusted.holders(), "the other transaction still holds it");
    assertTrue(distrusted.concurrent());

    assertFalse(otherJvm.afterUpdate(KEY, "fresh", 3, fresh));
    assertEquals(0, ((LockedItem) entry()).holders());
  }

  @Test
  void anInsertIsCachedUnlessTheEntryExists() {
    assertTrue(locks.afterInsert(KEY, "inserted", 1));
    assertFalse(otherJvm.afterInsert(KEY, "again", 1));
    assertEquals("inserted", ((CachedItem) entry()).value());
  }

  @Test
  void aRemoveKeepsALockAndDropsAValue() {
    locks.afterInsert(KEY, "inserted", 1);
    locks.remove(KEY);
    assertNull(entry());

    locks.lock(KEY, 1);
    locks.remove(KEY);
    assertInstanceOf(LockedItem.class, entry());
  }

  /** A session that began at {@code timestamp}: all the protocol asks of one. */
  private static SharedSessionContractImplementor session(long timestamp) {
    CacheTransactionSynchronization synchronization =
        (CacheTransactionSynchronization)
            Proxy.newProxyInstance(
                SoftLocksTest.class.getClassLoader(),
                new Class<?>[] {CacheTransactionSynchronization.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getCachingTimestamp")) {
                    return timestamp;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (SharedSessionContractImplementor)
        Proxy.newProxyInstance(
            SoftLocksTest.class.getClassLoader(),
            new Class<?>[] {SharedSessionContractImplementor.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getCacheTransactionSynchronization")) {
                return synchronization;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** The region factory's clock, moved by the test; lock timeout {@value #TIMEOUT}. */
  private static final class ManualClock extends NearcacheRegionFactory {
    long now = 1_000_000;

    @Override
    public long nextTimestamp() {
      return now;
    }

    @Override
    public long getTimeout() {
      return TIMEOUT;
    }
  }
}
