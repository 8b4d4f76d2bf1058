package io.nearcache.jcache.remote.tier;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker for a two-tier cache: wall-clock time in nanoseconds, as the envelopes' epoch
 * milliseconds need, plus an offset a test moves forward instead of sleeping.
 */
final class ShiftedWallClock implements Ticker {
  private final AtomicLong offsetMillis = new AtomicLong();

  @Override
  public long read() {
    return (System.currentTimeMillis() + offsetMillis.get()) * 1_000_000L;
  }

  /** Moves this clock forward, ahead of the wall clock. */
  void advance(Duration amount) {
    offsetMillis.addAndGet(amount.toMillis());
  }
}
