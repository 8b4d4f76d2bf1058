package io.nearcache.jcache.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The version clock of the design's write path: concurrent writes from different JVMs are ordered
 * by stamp, and an older stamp never overwrites a newer one, so stamps must only ever grow.
 */
class HybridLogicalClockTest {
  private static final long T0 = 1_700_000_000_000L;

  private final AtomicLong wall = new AtomicLong(T0);
  private final HybridLogicalClock clock = new HybridLogicalClock(wall::get);

  @Test
  void stampCarriesWallMillisAboveACounter() {
    long stamp = clock.now();
    assertEquals(T0, HybridLogicalClock.physicalMillis(stamp));
    assertEquals(0, HybridLogicalClock.logical(stamp));
    assertEquals(T0 << 16, stamp);
  }

  @Test
  void counterOrdersStampsWithinOneMillisecond() {
    long first = clock.now();
    long second = clock.now();
    long third = clock.now();
    assertEquals(List.of(0, 1, 2), List.of(logical(first), logical(second), logical(third)));
    assertEquals(T0, HybridLogicalClock.physicalMillis(third));
  }

  @Test
  void counterRestartsWhenTheWallClockMoves() {
    clock.now();
    clock.now();
    wall.set(T0 + 5);
    long stamp = clock.now();
    assertEquals(T0 + 5, HybridLogicalClock.physicalMillis(stamp));
    assertEquals(0, logical(stamp));
  }

  @Test
  void stampsKeepIncreasingWhenTheWallClockStepsBack() {
    long before = clock.now();
    wall.set(T0 - 60_000);
    long after = clock.now();
    assertTrue(after > before);
    assertEquals(T0, HybridLogicalClock.physicalMillis(after));
  }

  @Test
  void exhaustedCounterBorrowsTheNextMillisecond() {
    long previous = clock.now();
    for (int i = 0; i < 70_000; i++) {
      long next = clock.now();
      assertTrue(next > previous);
      previous = next;
    }
    assertEquals(T0 + 1, HybridLogicalClock.physicalMillis(previous));
    wall.set(T0 + 2);
    assertEquals(HybridLogicalClock.stamp(T0 + 2, 0), clock.now());
  }

  @Test
  void observedRemoteStampIsExceededByTheNextLocalStamp() {
    long remote = HybridLogicalClock.stamp(T0 + 30_000, 17);
    assertTrue(clock.observe(remote));
    long next = clock.now();
    assertTrue(next > remote);
    assertEquals(T0 + 30_000, HybridLogicalClock.physicalMillis(next));
    assertEquals(18, logical(next));
  }

  @Test
  void olderRemoteStampChangesNothing() {
    long local = clock.now();
    assertTrue(clock.observe(HybridLogicalClock.stamp(T0 - 1_000, 5)));
    assertEquals(local + 1, clock.now());
  }

  @Test
  void remoteStampTooFarAheadIsNotAdopted() {
    HybridLogicalClock strict = new HybridLogicalClock(wall::get, Duration.ofSeconds(10));
    long broken = HybridLogicalClock.stamp(T0 + 10_001, 0);
    assertFalse(strict.observe(broken));
    assertEquals(T0, HybridLogicalClock.physicalMillis(strict.now()));
    assertTrue(strict.observe(HybridLogicalClock.stamp(T0 + 10_000, 0)));
    assertFalse(strict.observe(-1L), "a negative stamp is garbage");
  }

  @Test
  void defaultDriftIsOneMinute() {
    assertFalse(clock.observe(HybridLogicalClock.stamp(T0 + 60_001, 0)));
    assertTrue(clock.observe(HybridLogicalClock.stamp(T0 + 60_000, 0)));
  }

  @Test
  void concurrentCallersNeverShareAStamp() throws Exception {
    int threads = 4;
    int perThread = 25_000;
    HybridLogicalClock shared =
        new HybridLogicalClock(() -> T0 + (System.nanoTime() / 1_000_000) % 3);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  long[] stamps = new long[perThread];
                  for (int i = 0; i < perThread; i++) {
                    stamps[i] = shared.now();
                    if (i % 1000 == 0) {
                      shared.observe(stamps[i] + 3);
                    }
                  }
                  return stamps;
                }));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<long[]> result : results) {
        long[] stamps = result.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < stamps.length; i++) {
          assertTrue(all.add(stamps[i]), "duplicate stamp " + stamps[i]);
          if (i > 0) {
            assertTrue(stamps[i] > stamps[i - 1], "stamps of one thread went backwards");
          }
        }
      }
      assertEquals(threads * perThread, all.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void runsOnAJavaTimeClock() {
    Clock fixed = Clock.fixed(Instant.ofEpochMilli(T0 + 123), ZoneOffset.UTC);
    assertEquals(T0 + 123, HybridLogicalClock.physicalMillis(new HybridLogicalClock(fixed).now()));
    long system = HybridLogicalClock.physicalMillis(HybridLogicalClock.system().now());
    assertTrue(Math.abs(system - System.currentTimeMillis()) < 10_000);
  }

  @Test
  void stampHelpersRoundTripAndCheckRanges() {
    long stamp = HybridLogicalClock.stamp(T0, 65_535);
    assertEquals(T0, HybridLogicalClock.physicalMillis(stamp));
    assertEquals(65_535, HybridLogicalClock.logical(stamp));
    assertTrue(HybridLogicalClock.stamp(T0 + 1, 0) > stamp);
    assertThrows(IllegalArgumentException.class, () -> HybridLogicalClock.stamp(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> HybridLogicalClock.stamp(1L << 47, 0));
    assertThrows(IllegalArgumentException.class, () -> HybridLogicalClock.stamp(T0, 65_536));
    assertThrows(IllegalArgumentException.class, () -> HybridLogicalClock.stamp(T0, -1));
  }

  @Test
  void wallClockOutsideTheStampRangeIsAnError() {
    HybridLogicalClock broken = new HybridLogicalClock(() -> -1L);
    IllegalStateException e = assertThrows(IllegalStateException.class, broken::now);
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new HybridLogicalClock(wall::get, Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> new HybridLogicalClock((Clock) null));
  }

  private static int logical(long stamp) {
    return HybridLogicalClock.logical(stamp);
  }
}
