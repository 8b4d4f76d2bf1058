package io.nearcache.jcache.remote.tier;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker for a two-tier cache that reads wall-clock time in nanoseconds, as the envelopes'
 * epoch milliseconds need, but stands still: it starts at the current time and moves only when a
 * test sets it, so an expiry is checked to the millisecond without sleeping.
 */
final class SettableWallClock implements Ticker {
  private final AtomicLong epochMillis = new AtomicLong(System.currentTimeMillis());

  @Override
  public long read() {
    return epochMillis.get() * 1_000_000L;
  }

  /** Sets this clock to an epoch millisecond. */
  void set(long epochMillis) {
    this.epochMillis.set(epochMillis);
  }
}
