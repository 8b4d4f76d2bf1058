package io.nearcache.jcache.coherence;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock: version stamps that order writes across JVMs. A stamp holds wall-clock
 * milliseconds in its upper 48 bits and a logical counter in its lower 16 bits, so stamps compare
 * as plain {@code long}s (the sign bit stays clear until the year 6429), stay close to real time,
 * and keep increasing when the wall clock stalls or steps back. {@link #observe} moves the clock
 * past stamps read from other JVMs, so a write that follows a read gets a higher stamp than what it
 * read, whatever the two wall clocks say.
 *
 * <p>When the counter of one millisecond is exhausted, the stamp borrows the next millisecond; the
 * clock then runs slightly ahead of the wall clock until the wall clock catches up.
 *
 * <p>A remote stamp further ahead of the local wall clock than the allowed drift is not adopted:
 * one JVM with a broken clock must not drag every other clock into the future. A write that
 * replaces such an entry is stamped just above it by its writer instead, so that every zone takes
 * it; {@link #observe} reports the refusal so the caller can count it. Thread-safe and lock-free.
 */
public final class HybridLogicalClock {
  /** Bits of the logical counter. */
  public static final int LOGICAL_BITS = 16;

  /** The default bound on how far ahead of the local clock a remote stamp may be. */
  public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(1);

  private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
  private static final long MAX_PHYSICAL_MILLIS = Long.MAX_VALUE >>> LOGICAL_BITS;

  private final LongSupplier wallMillis;
  private final long maxDriftMillis;
  private final AtomicLong last = new AtomicLong();

  /**
   * Creates a clock.
   *
   * @param wallMillis the wall clock, in epoch milliseconds
   * @param maxDrift how far ahead of the wall clock a remote stamp may be and still be adopted
   */
  public HybridLogicalClock(LongSupplier wallMillis, Duration maxDrift) {
    this.wallMillis = requireNonNull(wallMillis);
    if (requireNonNull(maxDrift).isNegative()) {
      throw new IllegalArgumentException("Maximum clock drift is negative: " + maxDrift);
    }
    this.maxDriftMillis =
        maxDrift.compareTo(Duration.ofMillis(MAX_PHYSICAL_MILLIS)) > 0
            ? MAX_PHYSICAL_MILLIS
            : maxDrift.toMillis();
  }

  /** Creates a clock on the given wall clock with the {@link #DEFAULT_MAX_DRIFT}. */
  public HybridLogicalClock(LongSupplier wallMillis) {
    this(wallMillis, DEFAULT_MAX_DRIFT);
  }

  /** Creates a clock on a {@link Clock} with the {@link #DEFAULT_MAX_DRIFT}. */
  public HybridLogicalClock(Clock clock) {
    this(requireNonNull(clock)::millis);
  }

  /** Creates a clock on the system clock. */
  public static HybridLogicalClock system() {
    return new HybridLogicalClock(System::currentTimeMillis);
  }

  /** Returns a stamp greater than every stamp returned or observed before. */
  public long now() {
    long wall = stamp(wallMillis(), 0);
    return last.updateAndGet(previous -> Math.max(wall, previous + 1));
  }

  /**
   * Moves the clock past a stamp read from another JVM, so that the next {@link #now()} is greater.
   *
   * @return {@code false} when the stamp was ignored because it is further ahead of the local wall
   *     clock than the allowed drift
   */
  public boolean observe(long remoteStamp) {
    if (physicalMillis(remoteStamp) > wallMillis() + maxDriftMillis) {
      return false;
    }
    // Most stamps read are older than the clock: leave it alone then, without a write that every
    // reading thread would contend for.
    for (long current = last.get(); remoteStamp > current; current = last.get()) {
      if (last.compareAndSet(current, remoteStamp)) {
        break;
      }
    }
    return true;
  }

  /** The wall-clock milliseconds of a stamp. */
  public static long physicalMillis(long stamp) {
    return stamp >>> LOGICAL_BITS;
  }

  /** The logical counter of a stamp. */
  public static int logical(long stamp) {
    return (int) (stamp & LOGICAL_MASK);
  }

  /**
   * Builds a stamp, e.g. the smallest stamp of a given millisecond.
   *
   * @param physicalMillis epoch milliseconds, 0 to 2<sup>47</sup>-1
   * @param logical the counter, 0 to 65535
   */
  public static long stamp(long physicalMillis, int logical) {
    if (physicalMillis < 0 || physicalMillis > MAX_PHYSICAL_MILLIS) {
      throw new IllegalArgumentException(
          "Stamp time " + physicalMillis + " ms is outside 0.." + MAX_PHYSICAL_MILLIS);
    }
    if (logical < 0 || logical > LOGICAL_MASK) {
      throw new IllegalArgumentException(
          "Stamp counter " + logical + " is outside 0.." + LOGICAL_MASK);
    }
    return (physicalMillis << LOGICAL_BITS) | logical;
  }

  private long wallMillis() {
    long millis = wallMillis.getAsLong();
    if (millis < 0 || millis > MAX_PHYSICAL_MILLIS) {
      throw new IllegalStateException(
          "Wall clock reads " + millis + " ms, outside 0.." + MAX_PHYSICAL_MILLIS);
    }
    return millis;
  }
}
