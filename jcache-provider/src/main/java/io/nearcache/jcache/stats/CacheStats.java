package io.nearcache.jcache.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The JCache statistics of one cache. Counting is off until enabled; when off, every method is a
 * cheap no-op so the hot path pays nothing. Times are recorded in nanoseconds and reported in
 * microseconds, as the statistics MXBean defines them.
 */
public final class CacheStats {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  /** Whether statistics are being collected. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Turns collection on or off; counts are kept. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Records {@code n} hits. */
  public void hits(long n) {
    if (enabled && n != 0) {
      hits.add(n);
    }
  }

  /** Records {@code n} misses. */
  public void misses(long n) {
    if (enabled && n != 0) {
      misses.add(n);
    }
  }

  /** Records {@code n} puts. */
  public void puts(long n) {
    if (enabled && n != 0) {
      puts.add(n);
    }
  }

  /** Records {@code n} removals. */
  public void removals(long n) {
    if (enabled && n != 0) {
      removals.add(n);
    }
  }

  /** Records {@code n} evictions. */
  public void evictions(long n) {
    if (enabled && n != 0) {
      evictions.add(n);
    }
  }

  /** Adds time spent in gets. */
  public void getTime(long nanos) {
    if (enabled) {
      getNanos.add(nanos);
    }
  }

  /** Adds time spent in puts. */
  public void putTime(long nanos) {
    if (enabled) {
      putNanos.add(nanos);
    }
  }

  /** Adds time spent in removes. */
  public void removeTime(long nanos) {
    if (enabled) {
      removeNanos.add(nanos);
    }
  }

  /** Resets every count to zero. */
  public void clear() {
    for (LongAdder adder :
        new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      adder.reset();
    }
  }

  /** Hits so far. */
  public long hits() {
    return hits.sum();
  }

  /** Misses so far. */
  public long misses() {
    return misses.sum();
  }

  /** Gets (hits plus misses) so far. */
  public long gets() {
    return hits() + misses();
  }

  /** Puts so far. */
  public long puts() {
    return puts.sum();
  }

  /** Removals so far. */
  public long removals() {
    return removals.sum();
  }

  /** Evictions so far. */
  public long evictions() {
    return evictions.sum();
  }

  /** Mean get time in microseconds, 0 before the first get. */
  public float averageGetMicros() {
    return average(getNanos.sum(), gets());
  }

  /** Mean put time in microseconds, 0 before the first put. */
  public float averagePutMicros() {
    return average(putNanos.sum(), puts());
  }

  /** Mean remove time in microseconds, 0 before the first removal. */
  public float averageRemoveMicros() {
    return average(removeNanos.sum(), removals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : (nanos / 1000f) / count;
  }
}
