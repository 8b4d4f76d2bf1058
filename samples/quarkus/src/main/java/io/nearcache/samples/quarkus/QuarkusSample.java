package io.nearcache.samples.quarkus;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.stats.CacheStats;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import javax.cache.CacheManager;

/**
 * A short tour: a cached method called twice, invalidated and called again, then what the injected
 * {@code javax.cache.CacheManager} says about the cache.
 */
@QuarkusMain
public class QuarkusSample implements QuarkusApplication {
  @Inject ExchangeRates rates;

  @Inject CacheManager cacheManager;

  @Override
  public int run(String... args) {
    RemoteHealth health = cacheManager.unwrap(NearCacheManager.class).remoteHealth();
    System.out.println();
    StringBuilder zones = new StringBuilder();
    health
        .zones()
        .forEach(
            zone ->
                zones.append(
                    String.format(
                        ", zone %s %d/%d nodes up",
                        zone.zone(), zone.nodesUp(), zone.nodes().size())));
    System.out.println(
        "nearcache Quarkus sample: remote tier "
            + health.status()
            + (health.zones().isEmpty() ? " (near tier only)" : zones));

    timed("first call, computed upstream", () -> rates.rate("EUR", "USD"));
    timed("second call, from the cache  ", () -> rates.rate("EUR", "USD"));
    rates.rateChanged("EUR", "USD");
    timed("after @CacheInvalidate       ", () -> rates.rate("EUR", "USD"));
    timed("another pair                 ", () -> rates.rate("EUR", "CHF"));
    rates.allRatesChanged();
    timed("after @CacheInvalidateAll    ", () -> rates.rate("EUR", "CHF"));

    NearCache<?, ?> cache = cacheManager.getCache("rates").unwrap(NearCache.class);
    CacheStats stats = cache.statistics();
    System.out.printf(
        "cache rates: %d hits, %d misses, %d puts; %d upstream calls for 5 reads%n",
        stats.hits(), stats.misses(), stats.puts(), rates.upstreamCalls());
    if (cache.remoteCounters() != null) {
      // A second run finds in memcached what the first one left there.
      System.out.println("remote tier: " + cache.remoteCounters());
    }
    return 0;
  }

  private static void timed(String what, Supplier<Rate> call) {
    long start = System.nanoTime();
    Rate rate = call.get();
    long micros = (System.nanoTime() - start) / 1_000;
    System.out.printf(
        "  %s %s/%s = %s in %,d us%n", what, rate.from(), rate.to(), rate.value(), micros);
  }
}
