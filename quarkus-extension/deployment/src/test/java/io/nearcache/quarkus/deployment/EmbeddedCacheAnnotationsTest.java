package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.quarkus.runtime.NearcacheCache;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code quarkus.cache.type=nearcache} and no servers, the cache annotations run on
 * nearcache's near tier alone, the injected {@code javax.cache.CacheManager} is nearcache's and
 * holds the annotations' caches, and one log line says that the near tier runs alone.
 */
class EmbeddedCacheAnnotationsTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(Product.class, ProductService.class))
          .overrideConfigKey("quarkus.cache.type", "nearcache")
          .setLogRecordPredicate(
              r -> r.getMessage() != null && r.getMessage().contains("nearcache"))
          .assertLogRecords(EmbeddedCacheAnnotationsTest::oneNearTierLine);

  @Inject ProductService service;

  @Inject CacheManager cacheManager;

  @CacheName("products")
  Cache products;

  private static void oneNearTierLine(List<LogRecord> records) {
    long lines =
        records.stream()
            .filter(r -> r.getMessage().contains("caches run on the near tier only"))
            .count();
    assertEquals(1, lines, "log lines saying the near tier runs alone, among " + messages(records));
  }

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Test
  void cacheResultCallsTheMethodOncePerKey() {
    int before = service.productCalls();
    Product first = service.product(1);
    Product again = service.product(1);
    service.product(2);
    assertEquals(new Product(1, "product 1", "test"), first);
    assertSame(first, again, "the near tier stores references, as Quarkus' own caches do");
    assertEquals(before + 2, service.productCalls());
  }

  @Test
  void cacheInvalidateRemovesOneEntryAndInvalidateAllEveryEntry() {
    int before = service.productCalls();
    service.product(10);
    service.product(11);
    service.changed(10);
    service.product(10);
    service.product(11);
    assertEquals(before + 3, service.productCalls(), "only key 10 is computed again");
    service.reload();
    service.product(10);
    service.product(11);
    assertEquals(before + 5, service.productCalls(), "both keys are computed again");
  }

  @Test
  void cacheKeyParametersFormACompositeKey() {
    int before = service.priceCalls();
    BigDecimal eur = service.price("sku-1", "EUR", "request 1");
    assertEquals(
        eur, service.price("sku-1", "EUR", "request 2"), "the request id is not in the key");
    service.price("sku-1", "USDT", "request 3");
    assertEquals(before + 2, service.priceCalls());
    service.priceChanged("sku-1", "EUR");
    service.price("sku-1", "EUR", "request 4");
    assertEquals(before + 3, service.priceCalls());
  }

  @Test
  void aMethodWithoutArgumentsHasOneEntryAndNullResultsAreCached() {
    assertEquals(List.of("a", "b", "c"), service.catalog());
    service.catalog();
    assertEquals(1, service.catalogCalls());
    assertNull(service.missing("x"));
    assertNull(service.missing("x"));
    assertEquals(1, service.missingCalls());
  }

  @Test
  void concurrentMissesOfOneKeyShareOneCall() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(callers.submit(() -> service.slow("key")));
      }
      for (Future<String> result : results) {
        assertEquals("KEY", result.get(10, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(1, service.slowCalls());
  }

  @Test
  void statisticsCountOneMissPerComputedKeyAndOneHitPerCachedRead() {
    var stats = cacheManager.getCache("products").unwrap(NearCache.class).statistics();
    long hits = stats.hits();
    long misses = stats.misses();
    service.product(40);
    service.product(40);
    service.product(40);
    assertEquals(misses + 1, stats.misses());
    assertEquals(hits + 2, stats.hits());
  }

  @Test
  void anAsynchronousResultIsCachedOnce() {
    Product first = service.productAsync(5).await().indefinitely();
    Product again = service.productAsync(5).await().indefinitely();
    assertEquals(first, again);
    assertEquals(1, service.asyncCalls());
  }

  @Test
  void theInjectedCacheManagerIsNearcachesAndHoldsTheAnnotationsCaches() {
    NearCacheManager manager = cacheManager.unwrap(NearCacheManager.class);
    assertEquals(RemoteHealth.Status.EMBEDDED, manager.remoteHealth().status());
    service.product(20);
    javax.cache.Cache<Object, Object> jcache = cacheManager.getCache("products");
    assertEquals(new Product(20, "product 20", "test"), jcache.get(20L));
    NearCache<?, ?> nearcache = jcache.unwrap(NearCache.class);
    assertNull(nearcache.remoteCounters(), "no remote tier without zones");
    NearcacheCache quarkusCache = products.as(NearcacheCache.class);
    assertSame(jcache, quarkusCache.jcache());
    assertFalse(cacheManager.isClosed());
  }

  @Test
  void theProgrammaticApiSharesTheEntriesOfTheAnnotations() {
    Product computed = service.product(30);
    Object cached =
        products.get(30L, k -> new Product(30, "other", "other")).await().indefinitely();
    assertSame(computed, cached);
    products.invalidateIf(key -> Long.valueOf(30L).equals(key)).await().indefinitely();
    int before = service.productCalls();
    Product recomputed = service.product(30);
    assertNotSame(computed, recomputed);
    assertEquals(before + 1, service.productCalls(), "the predicate removed key 30");
  }
}
