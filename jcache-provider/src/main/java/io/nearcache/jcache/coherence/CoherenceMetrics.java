package io.nearcache.jcache.coherence;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the coherence machinery of one cache did: polls, records applied, repairs, and the
 * invalidation lag (from the write's stamp to the moment this JVM dropped its copy) as a
 * histogram in milliseconds.
 */
public final class CoherenceMetrics {
  /** Upper bounds of the lag buckets, in milliseconds; the last bucket is everything above. */
  public static final long[] LAG_BOUNDS_MILLIS = {10, 25, 50, 100, 150, 200, 300, 500, 1000, 5000};

  private final LongAdder polls = new LongAdder();
  private final LongAdder pollFailures = new LongAdder();
  private final LongAdder recordsApplied = new LongAdder();
  private final LongAdder partitionRepairs = new LongAdder();
  private final LongAdder fullRepairs = new LongAdder();
  private final LongAdder[] lag = new LongAdder[LAG_BOUNDS_MILLIS.length + 1];
  private final AtomicLong maxLag = new AtomicLong();

  /** Creates empty metrics. */
  public CoherenceMetrics() {
    for (int i = 0; i < lag.length; i++) {
      lag[i] = new LongAdder();
    }
  }

  void poll() {
    polls.increment();
  }

  void pollFailure() {
    pollFailures.increment();
  }

  void partitionRepair() {
    partitionRepairs.increment();
  }

  void fullRepair() {
    fullRepairs.increment();
  }

  /** Records one applied invalidation and its lag. */
  public void applied(long lagMillis) {
    recordsApplied.increment();
    long clamped = Math.max(0, lagMillis);
    int bucket = 0;
    while (bucket < LAG_BOUNDS_MILLIS.length && clamped > LAG_BOUNDS_MILLIS[bucket]) {
      bucket++;
    }
    lag[bucket].increment();
    maxLag.accumulateAndGet(clamped, Math::max);
  }

  /** Journal polls so far. */
  public long polls() {
    return polls.sum();
  }

  /** Polls that no zone answered. */
  public long pollFailures() {
    return pollFailures.sum();
  }

  /** Invalidations applied to the near tier. */
  public long recordsApplied() {
    return recordsApplied.sum();
  }

  /** Partitions whose near copies were all dropped because invalidations may have been lost. */
  public long partitionRepairs() {
    return partitionRepairs.sum();
  }

  /** Times every near copy was dropped (zone switch, failed polls, foreign clear). */
  public long fullRepairs() {
    return fullRepairs.sum();
  }

  /** The counts of the lag buckets, aligned with {@link #LAG_BOUNDS_MILLIS} plus one overflow. */
  public long[] lagHistogram() {
    long[] counts = new long[lag.length];
    for (int i = 0; i < lag.length; i++) {
      counts[i] = lag[i].sum();
    }
    return counts;
  }

  /** The largest lag seen, in milliseconds. */
  public long maxLagMillis() {
    return maxLag.get();
  }

  @Override
  public String toString() {
    return "polls "
        + polls()
        + " (failed "
        + pollFailures()
        + "), applied "
        + recordsApplied()
        + ", partition repairs "
        + partitionRepairs()
        + ", full repairs "
        + fullRepairs()
        + ", max lag "
        + maxLagMillis()
        + " ms";
  }
}
