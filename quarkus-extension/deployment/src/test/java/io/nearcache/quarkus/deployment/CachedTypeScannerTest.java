package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

/**
 * The classes a cache's keys and values are made of, found from the {@code @CacheResult}
 * signatures: what the build adds to each cache's serialization allowlist.
 */
class CachedTypeScannerTest {

  record OrderId(String value) implements Serializable {}

  record Line(String sku, BigDecimal amount) implements Serializable {}

  interface Customer extends Serializable {}

  record Person(String name) implements Customer {}

  abstract static class Money implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static final class Euro extends Money {
    private static final long serialVersionUID = 1L;
    long cents;
  }

  static final class Audit implements Serializable {
    private static final long serialVersionUID = 1L;
    transient Secret cachedView;
    static Secret shared;
  }

  /** Only in transient and static fields: never serialized. */
  record Secret(String value) {}

  record Order(
      OrderId id, List<Line> lines, Customer customer, Money total, Status status, Audit audit)
      implements Serializable {
    enum Status {
      OPEN,
      PAID
    }
  }

  /** Not a key: the method marks its key with @CacheKey. */
  record RequestContext(String user) {}

  static class Service {
    @CacheResult(cacheName = "orders")
    Uni<Order> order(@CacheKey OrderId id, RequestContext context) {
      return null;
    }

    @CacheResult(cacheName = "totals")
    Map<String, Long> totals(String day) {
      return null;
    }
  }

  private static Map<String, List<String>> scan() throws IOException {
    Index index =
        Index.of(
            Service.class,
            Order.class,
            Order.Status.class,
            OrderId.class,
            Line.class,
            Customer.class,
            Person.class,
            Money.class,
            Euro.class,
            Audit.class,
            RequestContext.class,
            Secret.class,
            CacheResult.class,
            CacheKey.class);
    return new CachedTypeScanner(index).scan();
  }

  @Test
  void valuesKeysAndWhatTheyHoldAreFoundWithBinaryNames() throws IOException {
    List<String> orders = scan().get("orders");
    for (Class<?> expected :
        List.of(
            Order.class,
            Order.Status.class,
            OrderId.class,
            Line.class,
            Customer.class,
            Person.class,
            Money.class,
            Euro.class,
            Audit.class)) {
      assertTrue(orders.contains(expected.getName()), expected.getName() + " in " + orders);
    }
    assertFalse(orders.contains(RequestContext.class.getName()), "not a key: " + orders);
    assertFalse(orders.contains(Secret.class.getName()), "not serialized: " + orders);
    assertTrue(
        orders.stream()
            .noneMatch(
                name ->
                    name.startsWith("java.lang.")
                        || name.startsWith("java.util.")
                        || name.startsWith("java.math.")),
        "the provider's built-in classes are left out: " + orders);
    assertFalse(
        orders.contains("io.smallrye.mutiny.Uni"), "the asynchronous wrapper is not cached");
  }

  @Test
  void aCacheOfBuiltInTypesNeedsNoPattern() throws IOException {
    assertEquals(null, scan().get("totals"));
  }

  @Test
  void theBuiltInAllowlistIsTheProvidersOwn() {
    assertTrue(CachedTypeScanner.alwaysAllowed("java.util.concurrent.atomic.AtomicLong"));
    assertTrue(CachedTypeScanner.alwaysAllowed("java.time.chrono.HijrahDate"));
    assertTrue(CachedTypeScanner.alwaysAllowed("java.net.URI"));
    assertFalse(CachedTypeScanner.alwaysAllowed("java.net.URL"));
    assertFalse(CachedTypeScanner.alwaysAllowed("java.util.logging.Level"));
  }
}
