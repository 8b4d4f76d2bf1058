package io.nearcache.samples.quarkus;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicInteger;

/** Exchange rates from a slow upstream service, cached per currency pair. */
@ApplicationScoped
public class ExchangeRates {
  static final long UPSTREAM_LATENCY_MILLIS = 300;

  private final AtomicInteger upstreamCalls = new AtomicInteger();

  /** The rate from one currency to another; the pair is the cache key. */
  @CacheResult(cacheName = "rates")
  public Rate rate(String from, String to) {
    upstreamCalls.incrementAndGet();
    try {
      Thread.sleep(UPSTREAM_LATENCY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking for " + from + "/" + to, e);
    }
    BigDecimal value =
        BigDecimal.valueOf(from.hashCode() % 97 + 100)
            .divide(BigDecimal.valueOf(to.hashCode() % 89 + 100), 6, RoundingMode.HALF_EVEN);
    return new Rate(from, to, value);
  }

  /** The rate of one pair changed: every application drops it. */
  @CacheInvalidate(cacheName = "rates")
  public void rateChanged(String from, String to) {}

  /** Every rate changed. */
  @CacheInvalidateAll(cacheName = "rates")
  public void allRatesChanged() {}

  /** Calls that reached the upstream service. */
  public int upstreamCalls() {
    return upstreamCalls.get();
  }
}
