package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The encoded forms of {@link SerializationCodec}: compact tagged forms for common types, Java
 * serialization for the rest, exact round trips, and a {@link CodecException} for any malformed
 * input rather than a wrong object.
 */
class SerializationCodecTest {
  private final SerializationCodec codec =
      SerializationCodec.withDefaults("users", SerializationCodecTest.class.getClassLoader());

  @Test
  void commonTypesUseTheirCompactTaggedForm() {
    assertArrayEquals(new byte[] {0}, codec.encode(null));
    assertArrayEquals(new byte[] {1, 'h', 'i'}, codec.encode("hi"));
    assertArrayEquals(new byte[] {2, 7, 8}, codec.encode(new byte[] {7, 8}));
    assertArrayEquals(new byte[] {3, 0, 0, 1, 0}, codec.encode(256));
    assertArrayEquals(new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 42}, codec.encode(42L));
    assertArrayEquals(new byte[] {6, 1}, codec.encode(true));
    assertArrayEquals(new byte[] {6, 0}, codec.encode(false));
    byte[] one = codec.encode(1.0d);
    assertEquals(9, one.length);
    assertEquals(SerializationCodec.TAG_DOUBLE, one[0]);
  }

  @Test
  void commonTypesRoundTrip() {
    for (Object value :
        List.of(
            "",
            "plain",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00",
            Integer.MIN_VALUE,
            -1,
            0,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0.1d,
            -0.0d,
            Double.NaN,
            Double.NEGATIVE_INFINITY,
            true,
            false)) {
      assertEquals(value, codec.decode(codec.encode(value)), () -> "round trip of " + value);
    }
    assertNull(codec.decode(codec.encode(null)));
    byte[] bytes = {1, 2, 3};
    Object decoded = codec.decode(codec.encode(bytes));
    assertArrayEquals(bytes, (byte[]) decoded);
    assertNotSame(bytes, decoded);
  }

  @Test
  void sameDigitsOfDifferentTypesEncodeDifferently() {
    byte[] asInt = codec.encode(42);
    byte[] asLong = codec.encode(42L);
    byte[] asString = codec.encode("42");
    byte[] asDouble = codec.encode(42.0d);
    List<byte[]> all = List.of(asInt, asLong, asString, asDouble);
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        assertFalse(Arrays.equals(all.get(i), all.get(j)), i + " vs " + j);
      }
    }
    assertEquals(42L, codec.decode(asLong));
    assertEquals(42, codec.decode(asInt));
  }

  /** UTF-8 cannot carry a lone surrogate: "a\uD800" and "a?" must not share bytes. */
  @Test
  void stringWithLoneSurrogateRoundTripsExactlyAndDiffersFromItsReplacement() {
    String lone = "a\ud800b";
    byte[] encoded = codec.encode(lone);
    assertEquals(SerializationCodec.TAG_SERIALIZED, encoded[0]);
    assertEquals(lone, codec.decode(encoded));
    assertFalse(Arrays.equals(encoded, codec.encode("a?b")));
    String trailing = "z\udc00";
    assertEquals(trailing, codec.decode(codec.encode(trailing)));
  }

  @Test
  void allowedTypesRoundTripThroughSerialization() {
    Map<String, Object> map = new HashMap<>();
    map.put("list", new ArrayList<>(List.of(1, 2, 3)));
    map.put("nested", new LinkedHashMap<>(Map.of("k", new TreeSet<>(List.of("a", "b")))));
    List<Object> values =
        List.of(
            map,
            List.of("immutable", 1),
            Collections.unmodifiableList(new ArrayList<>(List.of(1L))),
            new BigDecimal("12345.678901234567890"),
            new BigInteger("-98765432109876543210"),
            LocalDate.of(2024, 2, 29),
            ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")),
            Instant.ofEpochSecond(1_700_000_000L, 5),
            Duration.ofMillis(1500),
            URI.create("https://example.com/a?b=c"),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            TimeUnit.SECONDS,
            new ConcurrentHashMap<>(Map.of("a", 1)),
            (short) 7,
            'c',
            1.5f);
    for (Object value : values) {
      byte[] encoded = codec.encode(value);
      assertEquals(SerializationCodec.TAG_SERIALIZED, encoded[0], value::toString);
      assertEquals(value, codec.decode(encoded), () -> "round trip of " + value);
    }
    AtomicLong counter = new AtomicLong(5);
    assertEquals(5, ((AtomicLong) codec.decode(codec.encode(counter))).get());
    int[] ints = {1, 2, 3};
    assertArrayEquals(ints, (int[]) codec.decode(codec.encode(ints)));
    String[][] grid = {{"a"}, {"b", "c"}};
    assertArrayEquals(grid, (String[][]) codec.decode(codec.encode(grid)));
  }

  @Test
  void equalKeysEncodeToEqualBytes() {
    assertArrayEquals(codec.encode(new String("key")), codec.encode("key"));
    assertArrayEquals(codec.encode(TimeUnit.DAYS), codec.encode(TimeUnit.DAYS));
    assertArrayEquals(
        codec.encode(LocalDate.of(2020, 1, 1)), codec.encode(LocalDate.parse("2020-01-01")));
  }

  @Test
  void notSerializableValueIsRefusedNamingItsClass() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertTrue(e.getMessage().contains("users"), e.getMessage());
    assertTrue(e.getMessage().contains("not Serializable"), e.getMessage());
  }

  @Test
  void serializableValueHoldingANotSerializableOneIsRefusedNamingTheInnerClass() {
    List<Object> list = new ArrayList<>();
    list.add(new Thread("not serializable"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.encode(list));
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
  }

  @Test
  void malformedCompactFormsAreRejected() {
    assertRejected(new byte[0], "empty");
    assertRejected(new byte[] {99}, "unknown type tag 99");
    assertRejected(new byte[] {0, 0}, "expected 1");
    assertRejected(new byte[] {3, 0, 0, 1}, "expected 5");
    assertRejected(new byte[] {3, 0, 0, 1, 0, 0}, "expected 5");
    assertRejected(new byte[] {4, 1, 2}, "expected 9");
    assertRejected(new byte[] {5}, "expected 9");
    assertRejected(new byte[] {6}, "expected 2");
    assertRejected(new byte[] {6, 2}, "Boolean");
    assertRejected(new byte[] {1, (byte) 0xC3, 0x28}, "UTF-8");
    assertRejected(new byte[] {1, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, "UTF-8");
  }

  @Test
  void malformedSerializationStreamsAreRejected() {
    byte[] good = codec.encode(new ArrayList<>(List.of("a", "b", 3)));
    assertRejected(Arrays.copyOf(good, good.length - 1), "cannot deserialize");
    assertRejected(Arrays.copyOf(good, 5), "cannot deserialize");
    assertRejected(new byte[] {SerializationCodec.TAG_SERIALIZED}, "cannot deserialize");
    assertRejected(
        new byte[] {SerializationCodec.TAG_SERIALIZED, 1, 2, 3, 4}, "cannot deserialize");
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertRejected(trailing, "3 bytes follow the serialized object");
  }

  @Test
  void classThatIsAllowedButMissingIsRejected() {
    byte[] good = codec.encode(new ArrayList<>(List.of(1)));
    byte[] renamed = replace(good, "java.util.ArrayList", "java.util.ArrayLisX");
    assertRejected(renamed, "java.util.ArrayLisX");
  }

  @Test
  void valueClassesResolveThroughTheCodecsClassLoader() {
    List<String> requested = Collections.synchronizedList(new ArrayList<>());
    ClassLoader recording =
        new ClassLoader(SerializationCodecTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
          }
        };
    SerializationCodec withLoader =
        new SerializationCodec(
            "users", recording, SerializationCodec.allowlist(Point.class.getName()));
    Point point = new Point(3, 4);
    assertEquals(point, withLoader.decode(withLoader.encode(point)));
    assertTrue(requested.contains(Point.class.getName()), requested::toString);
  }

  /**
   * Random bytes never escape as anything but {@link CodecException}: no other exception, no error,
   * no huge allocation (at most {@value #FUZZ_ALLOCATION_LIMIT} bytes allocated per input), and
   * what does decode is a value of an allowed type. Fixed seed, so a failure reproduces.
   */
  @Test
  void randomBytesOnlyEverRaiseCodecException() {
    Random random = new Random(20240607L);
    byte[] seed = codec.encode(new HashMap<>(Map.of("a", List.of(1, 2L, "x"), "b", 2.5d)));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int inputs = 10_000;
    int rejected = 0;
    List<Object> decoded = new ArrayList<>();
    long largestAllocation = 0;
    for (int i = 0; i < inputs; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = seed.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          input[1 + random.nextInt(input.length - 1)] = (byte) random.nextInt(256);
        }
      }
      long before = threads.getThreadAllocatedBytes(thread);
      try {
        decoded.add(codec.decode(input));
      } catch (CodecException expected) {
        rejected++;
      }
      largestAllocation =
          Math.max(largestAllocation, threads.getThreadAllocatedBytes(thread) - before);
    }
    assertEquals(inputs, rejected + decoded.size());
    assertTrue(rejected >= inputs / 2, "at least the random half is rejected: " + rejected);
    assertTrue(
        largestAllocation < FUZZ_ALLOCATION_LIMIT,
        "one input allocated " + largestAllocation + " bytes");
    for (Object value : decoded) {
      assertTrue(
          value == null || value instanceof byte[] || value instanceof Map || value instanceof List || value instanceof Number
              || value instanceof String,
          "decoded to an allowed type: " + (value == null ? null : value.getClass()));
    }
  }

  /** The most one fuzz input may allocate while it is decoded. */
  private static final long FUZZ_ALLOCATION_LIMIT = 1 << 20;

  @Test
  void codecHasAStableId() {
    assertEquals(1, codec.id());
    assertNotEquals(0, SerializationCodec.ID);
  }

  private void assertRejected(byte[] bytes, String messagePart) {
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    assertTrue(e.getMessage().contains("users"), e.getMessage());
  }

  /** Replaces an ASCII string of the same length inside the bytes. */
  static byte[] replace(byte[] bytes, String from, String to) {
    assertEquals(from.length(), to.length());
    byte[] out = bytes.clone();
    byte[] needle = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i + needle.length <= out.length; i++) {
      if (Arrays.equals(out, i, i + needle.length, needle, 0, needle.length)) {
        System.arraycopy(
            to.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, i, needle.length);
        return out;
      }
    }
    throw new AssertionError(from + " not found");
  }

  record Point(int x, int y) implements Serializable {}
}
