package io.nearcache.quarkus.deployment;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Cached methods of every shape the cache annotations support, counting their real calls. */
@ApplicationScoped
public class ProductService {
  @ConfigProperty(name = "test.instance", defaultValue = "test")
  String instance;

  private final AtomicInteger productCalls = new AtomicInteger();
  private final AtomicInteger priceCalls = new AtomicInteger();
  private final AtomicInteger catalogCalls = new AtomicInteger();
  private final AtomicInteger missingCalls = new AtomicInteger();
  private final AtomicInteger asyncCalls = new AtomicInteger();
  private final AtomicInteger opaqueCalls = new AtomicInteger();
  private final AtomicInteger slowCalls = new AtomicInteger();

  /** One argument: the key is the id itself. */
  @CacheResult(cacheName = "products")
  public Product product(long id) {
    productCalls.incrementAndGet();
    return new Product(id, "product " + id, instance);
  }

  /** The product changed: its entry goes, in every application. */
  @CacheInvalidate(cacheName = "products")
  public void changed(long id) {}

  /** Everything changed. */
  @CacheInvalidateAll(cacheName = "products")
  public void reload() {}

  /** Two key arguments and one that is not part of the key: a composite key. */
  @CacheResult(cacheName = "prices")
  public BigDecimal price(@CacheKey String sku, @CacheKey String currency, String requestId) {
    priceCalls.incrementAndGet();
    return new BigDecimal(sku.length() + "." + currency.length());
  }

  /** The composite key's entry goes. */
  @CacheInvalidate(cacheName = "prices")
  public void priceChanged(@CacheKey String sku, @CacheKey String currency) {}

  /** No argument: one entry for the whole cache. */
  @CacheResult(cacheName = "catalog")
  public List<String> catalog() {
    catalogCalls.incrementAndGet();
    return List.of("a", "b", "c");
  }

  /** A null result is cached too. */
  @CacheResult(cacheName = "missing")
  public String missing(String key) {
    missingCalls.incrementAndGet();
    return null;
  }

  /**
   * A result whose declared type hides its class: a {@code java.util.logging.LogRecord} is
   * serializable but in no allowlist, so the remote tier refuses it.
   */
  @CacheResult(cacheName = "opaque")
  public Object opaque(String message) {
    opaqueCalls.incrementAndGet();
    return new java.util.logging.LogRecord(java.util.logging.Level.INFO, message);
  }

  /** A slow method, for concurrent callers of one key. */
  @CacheResult(cacheName = "slow")
  public String slow(String key) throws InterruptedException {
    slowCalls.incrementAndGet();
    Thread.sleep(200);
    return key.toUpperCase(java.util.Locale.ROOT);
  }

  /** An asynchronous result: the item is cached. */
  @CacheResult(cacheName = "async-products")
  public Uni<Product> productAsync(long id) {
    return Uni.createFrom()
        .item(
            () -> {
              asyncCalls.incrementAndGet();
              return new Product(id, "async " + id, instance);
            });
  }

  /** Real calls of the method so far. */
  public int productCalls() {
    return productCalls.get();
  }

  /** Real calls of the method so far. */
  public int priceCalls() {
    return priceCalls.get();
  }

  /** Real calls of the method so far. */
  public int catalogCalls() {
    return catalogCalls.get();
  }

  /** Real calls of the method so far. */
  public int missingCalls() {
    return missingCalls.get();
  }

  /** Real calls of the method so far. */
  public int asyncCalls() {
    return asyncCalls.get();
  }

  /** Real calls of the method so far. */
  public int opaqueCalls() {
    return opaqueCalls.get();
  }

  /** Real calls of the method so far. */
  public int slowCalls() {
    return slowCalls.get();
  }
}
