package io.nearcache.jcache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when a test advances it, so expiry tests never sleep. */
public final class FakeTicker implements Ticker {
  // An arbitrary, non-zero start, as a real nanoTime() would be.
  private final AtomicLong nanos = new AtomicLong(Duration.ofDays(3).toNanos());

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward by the given amount. */
  public FakeTicker advance(Duration amount) {
    nanos.addAndGet(amount.toNanos());
    return this;
  }

  /** Moves time forward by the given number of milliseconds. */
  public FakeTicker advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }
}
