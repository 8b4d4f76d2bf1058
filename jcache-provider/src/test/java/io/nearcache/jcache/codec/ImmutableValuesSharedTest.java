package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Store-by-value shares values that cannot change instead of copying them: strings, boxed and big
 * numbers, {@code java.time} values, UUIDs, enums and records made only of such types. A record
 * with a mutable component is copied like any mutable value.
 */
class ImmutableValuesSharedTest {
  private CacheManager manager;
  private Cache<String, Object> cache;

  @BeforeEach
  void createCache() {
    manager = TestCacheManagers.open(getClass());
    cache =
        manager.createCache(
            "values",
            new MutableConfiguration<String, Object>()
                .setTypes(String.class, Object.class)
                .setStoreByValue(true));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  /** Fresh instances that a serialization round trip would not return identically. */
  static Stream<Object> immutableValues() {
    return Stream.of(
        new String("text"),
        Long.valueOf(1_000_000_007L),
        new BigDecimal("12345.6789"),
        LocalDate.of(2024, 2, 29),
        UUID.randomUUID(),
        Tier.GOLD,
        new Point(3, "three", LocalDate.of(2020, 1, 1), Tier.SILVER),
        new Segment(new Point(0, "a", LocalDate.of(2020, 1, 1), Tier.GOLD), UUID.randomUUID()));
  }

  @ParameterizedTest
  @MethodSource("immutableValues")
  void immutableValueIsNotCopied(Object value) {
    assertTrue(ImmutableTypes.isImmutable(value.getClass()), value.getClass().getName());
    cache.put("k", value);
    assertSame(value, cache.get("k"));
  }

  @Test
  void recordWithAListComponentIsCopied() {
    assertFalse(ImmutableTypes.isImmutable(Order.class));
    List<String> lines = new ArrayList<>(List.of("line-1"));
    Order order = new Order("o-1", lines);
    cache.put("k", order);
    lines.add("line-2");

    Order stored = (Order) cache.get("k");
    assertNotSame(order, stored);
    assertEquals(List.of("line-1"), stored.lines());
  }

  /** An enum value. */
  enum Tier {
    GOLD,
    SILVER
  }

  /** A record of immutable components only. */
  record Point(int x, String label, LocalDate since, Tier tier) implements java.io.Serializable {}

  /** A record nesting another immutable record. */
  record Segment(Point start, UUID id) implements java.io.Serializable {}

  /** A record whose list component can change after construction. */
  record Order(String id, List<String> lines) implements java.io.Serializable {}
}
