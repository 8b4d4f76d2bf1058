package io.nearcache.samples.spring;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Exchange rates from a slow source, cached in the {@code rates} cache. */
@Service
public class ExchangeRates {
  private static final Map<String, BigDecimal> PER_EURO =
      Map.of("EUR", BigDecimal.ONE, "USD", new BigDecimal("1.08"), "GBP", new BigDecimal("0.85"));

  private final AtomicInteger lookups = new AtomicInteger();

  /** Euros to one unit of the currency; a lookup that takes a while, so it is cached. */
  @Cacheable("rates")
  public BigDecimal perEuro(String currency) {
    lookups.incrementAndGet();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    BigDecimal rate = PER_EURO.get(currency);
    if (rate == null) {
      throw new IllegalArgumentException(
          "No exchange rate for " + currency + "; try " + PER_EURO.keySet());
    }
    return rate;
  }

  /** How many times the slow source was asked. */
  public int lookups() {
    return lookups.get();
  }
}
