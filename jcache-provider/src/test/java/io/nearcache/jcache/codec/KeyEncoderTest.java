package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * memcached keys: at most 250 bytes, no spaces or control characters (the design's "memcached
 * facts"). Readable where possible, hashed otherwise, never shared by two different keys except
 * through a hash whose canonical keys then differ.
 */
class KeyEncoderTest {
  private static final ClassLoader LOADER = KeyEncoderTest.class.getClassLoader();

  private final SerializationCodec keyCodec =
      new SerializationCodec(
          "users", LOADER, SerializationCodec.allowlist(KeyEncoderTest.class.getName() + "$*"));
  private final KeyEncoder encoder = new KeyEncoder("users", keyCodec);

  @Test
  void simpleKeysAreReadableAndTaggedByType() {
    assertEquals("nc:users:3:s:alice", encoder.encode("alice", 3).memcachedKey());
    assertEquals("nc:users:3:i:42", encoder.encode(42, 3).memcachedKey());
    assertEquals("nc:users:3:l:42", encoder.encode(42L, 3).memcachedKey());
    assertEquals("nc:users:3:s:42", encoder.encode("42", 3).memcachedKey());
    assertEquals("nc:users:0:i:-7", encoder.encode(-7, 0).memcachedKey());
    assertEquals("nc:users:0:s:a:b", encoder.encode("a:b", 0).memcachedKey());
    assertEquals("nc:users:0:s:h:x", encoder.encode("h:x", 0).memcachedKey());
    assertEquals("nc:users:0:s:", encoder.encode("", 0).memcachedKey());
  }

  @Test
  void canonicalKeyIsTheKeyCodecsEncoding() {
    for (Object key : List.of("alice", 42, 42L, "with space", UUID.randomUUID())) {
      EncodedKey encoded = encoder.encode(key, 1);
      assertArrayEquals(keyCodec.encode(key), encoded.canonicalKey());
      assertEquals(key, keyCodec.decode(encoded.canonicalKey()));
    }
  }

  @Test
  void unsafeStringKeysAreHashed() {
    List<String> unsafe =
        List.of(
            "with space",
            "carriage\rreturn",
            "line\nfeed",
            "nul\0byte",
            "tab\there",
            "del\u007f",
            "caf\u00e9",
            "\ud83d\ude00",
            "x".repeat(10 * 1024),
            "get other\r\n");
    for (String key : unsafe) {
      EncodedKey encoded = encoder.encode(key, 5);
      assertHashed(encoded, "nc:users:5:");
    }
  }

  /** A key must never smuggle a command into memcached's text protocol. */
  @Test
  void keyWithProtocolInjectionBecomesASafeHashToken() {
    String injection = "\r\nflush_all\r\n";
    EncodedKey encoded = encoder.encode(injection, 1);
    assertHashed(encoded, "nc:users:1:");
    assertFalse(encoded.memcachedKey().contains("flush_all"));
    assertEquals(injection, keyCodec.decode(encoded.canonicalKey()));
  }

  @Test
  void hashTokenIsBase64UrlSha256OfTheCanonicalKey() throws Exception {
    EncodedKey encoded = encoder.encode("with space", 2);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded.canonicalKey());
    String token = "h:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    assertEquals("nc:users:2:" + token, encoded.memcachedKey());
    assertEquals(45, token.length());
  }

  @Test
  void readableKeyUpTo250BytesStaysReadableAndOneMoreIsHashed() {
    String prefix = encoder.prefix(9) + "s:";
    String fits = "k".repeat(KeyEncoder.MAX_KEY_BYTES - prefix.length());
    assertEquals(prefix + fits, encoder.encode(fits, 9).memcachedKey());
    assertEquals(250, encoder.encode(fits, 9).memcachedKey().length());
    assertHashed(encoder.encode(fits + "k", 9), "nc:users:9:");
  }

  @Test
  void otherKeyTypesAreHashed() {
    assertHashed(encoder.encode(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), 0), "");
    assertHashed(encoder.encode(new AccountKey("eu", 7), 0), "");
    assertHashed(encoder.encode((short) 7, 0), "");
    assertHashed(encoder.encode(7.0d, 0), "");
  }

  @Test
  void equalKeysMapToTheSameEncodedKey() {
    assertEquals(
        encoder.encode(new AccountKey("eu", 7), 4), encoder.encode(new AccountKey("eu", 7), 4));
    assertEquals(encoder.encode(new String("alice"), 4), encoder.encode("alice", 4));
    assertNotEquals(encoder.encode("alice", 4), encoder.encode("alice", 5));
  }

  /**
   * Different keys, including the same digits as different types and strings that look like other
   * tokens, never share a memcached key; every key is valid for memcached.
   */
  @Test
  void differentKeysNeverShareAMemcachedKey() {
    List<Object> keys = new ArrayList<>();
    Random random = new Random(99L);
    for (int i = 0; i < 2_000; i++) {
      keys.add(i);
      keys.add((long) i);
      keys.add(Integer.toString(i));
      keys.add("i:" + i);
      keys.add("h:" + i);
      keys.add("key " + i);
      keys.add(new AccountKey("zone-" + (i % 7), i));
      keys.add(randomString(random, 1 + random.nextInt(300)));
    }
    keys.add("");
    keys.add(" ");
    keys.add(Long.MIN_VALUE);
    keys.add(Integer.MIN_VALUE);
    Map<String, Object> byMemcachedKey = new HashMap<>();
    Map<String, byte[]> canonicalByMemcachedKey = new HashMap<>();
    for (Object key : keys) {
      EncodedKey encoded = encoder.encode(key, 12);
      assertTrue(KeyEncoder.isValidMemcachedKey(encoded.memcachedKey()), encoded.memcachedKey());
      Object previous = byMemcachedKey.putIfAbsent(encoded.memcachedKey(), key);
      if (previous != null) {
        assertEquals(previous, key, "two keys share " + encoded.memcachedKey());
        assertArrayEquals(
            canonicalByMemcachedKey.get(encoded.memcachedKey()), encoded.canonicalKey());
      }
      canonicalByMemcachedKey.put(encoded.memcachedKey(), encoded.canonicalKey());
    }
  }

  /** A hash collision cannot be forced, but a read must still be able to tell one from a hit. */
  @Test
  void differentKeysHaveDifferentCanonicalKeysSoACollisionIsDetectable() {
    EncodedKey a = encoder.encode("first key", 1);
    EncodedKey b = encoder.encode("second key", 1);
    assertFalse(
        a.matches(Envelope.of(10L, 1L, SerializationCodec.ID, b.canonicalKey(), new byte[0])));
    assertTrue(
        a.matches(Envelope.of(10L, 1L, SerializationCodec.ID, a.canonicalKey(), new byte[0])));
  }

  @Test
  void unsafeCacheNameIsHashedAndKeysStayValid() {
    for (String name :
        List.of("my cache", "a:b", "line\nbreak", "x".repeat(101), "", "#users", "caf\u00e9")) {
      KeyEncoder hashed = new KeyEncoder(name, keyCodec);
      String prefix = hashed.cachePrefix();
      assertTrue(prefix.startsWith("nc:#"), prefix);
      assertEquals("nc:".length() + 44 + 1, prefix.length(), prefix);
      assertTrue(KeyEncoder.isValidMemcachedKey(hashed.generationKey()));
      assertTrue(KeyEncoder.isValidMemcachedKey(hashed.encode("k", Long.MAX_VALUE).memcachedKey()));
    }
    assertNotEquals(
        new KeyEncoder("my cache", keyCodec).cachePrefix(),
        new KeyEncoder("my_cache", keyCodec).cachePrefix());
    assertNotEquals(
        new KeyEncoder("a b", keyCodec).cachePrefix(),
        new KeyEncoder("a c", keyCodec).cachePrefix());
  }

  @Test
  void plainCacheNamesUpTo100CharactersAreKept() {
    String hibernateRegion = "app.com.example.domain.Customer.addresses";
    assertEquals(
        "nc:" + hibernateRegion + ":", new KeyEncoder(hibernateRegion, keyCodec).cachePrefix());
    String longest = "c".repeat(100);
    assertEquals("nc:" + longest + ":", new KeyEncoder(longest, keyCodec).cachePrefix());
  }

  /** The longest namespace, cache name and generation still leave room for a hashed token. */
  @Test
  void hashedKeyAlwaysFitsWithTheLongestPrefix() {
    KeyEncoder longest = new KeyEncoder("n".repeat(16), "c".repeat(100), keyCodec);
    EncodedKey encoded = longest.encode("x".repeat(10_000), Long.MAX_VALUE);
    assertHashed(encoded, longest.prefix(Long.MAX_VALUE));
  }

  @Test
  void namespaceMustBeAPlainShortName() {
    assertEquals(
        "tenant-a:users:0:s:k",
        new KeyEncoder("tenant-a", "users", keyCodec).encode("k", 0).memcachedKey());
    for (String bad : List.of("", "a b", "a:b", "n".repeat(17), "caf\u00e9")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> new KeyEncoder(bad, "users", keyCodec));
      assertTrue(e.getMessage().contains("users"), e.getMessage());
    }
  }

  @Test
  void generationPrefixesDoNotOverlapAndTheCounterKeyIsApart() {
    assertEquals("nc:users:1:", encoder.prefix(1));
    assertEquals("nc:users:gen", encoder.generationKey());
    String inGeneration12 = encoder.encode("alice", 12).memcachedKey();
    assertTrue(inGeneration12.startsWith(encoder.prefix(12)));
    assertFalse(inGeneration12.startsWith(encoder.prefix(1)));
    for (long generation : new long[] {0, 1, 12, Long.MAX_VALUE}) {
      assertFalse(encoder.generationKey().startsWith(encoder.prefix(generation)));
    }
    assertThrows(IllegalArgumentException.class, () -> encoder.prefix(-1));
    assertThrows(IllegalArgumentException.class, () -> encoder.encode("alice", -1));
  }

  @Test
  void generationIsWrittenInUpperCaseBase36() {
    assertEquals("nc:users:M4CX54HS:", encoder.prefix(1_733_500_000_000L));
    assertEquals("nc:users:Z:", encoder.prefix(35));
    assertEquals("nc:users:10:", encoder.prefix(36));
    assertEquals("nc:users:1Y2P0IJ32E8E7:", encoder.prefix(Long.MAX_VALUE));
    // Other key families of a cache start with a lower-case letter: never a generation.
    for (long generation : new long[] {19, 21_263, 1_733_500_000_000L}) {
      assertFalse(encoder.prefix(generation).startsWith(encoder.cachePrefix() + "j:"));
      assertFalse(encoder.prefix(generation).startsWith(encoder.generationKey()));
    }
  }

  @Test
  void readableKeysComeBackFromTheirMemcachedKeyAndStoreNoCanonicalKey() {
    long generation = 1_733_500_000_000L;
    for (Object key : List.of("alice", "", "a:b", "h:x", 42, -7, 42L, Long.MIN_VALUE)) {
      EncodedKey encoded = encoder.encode(key, generation);
      assertTrue(encoded.readable(), encoded.toString());
      assertEquals(0, encoded.storedKey().length);
      assertEquals(key, encoder.readableKey(encoded.memcachedKey(), generation));
      assertNull(encoder.readableKey(encoded.memcachedKey(), generation + 1));
    }
    EncodedKey hashed = encoder.encode("with space", generation);
    assertFalse(hashed.readable());
    assertArrayEquals(hashed.canonicalKey(), hashed.storedKey());
    assertNull(encoder.readableKey(hashed.memcachedKey(), generation));
    String prefix = encoder.prefix(generation);
    for (String foreign : List.of(prefix + "i:007", prefix + "i:x", prefix + "l:", prefix + "q:1",
        prefix + "i", "nc:other:" + "M4CX54HS:s:alice")) {
      assertNull(encoder.readableKey(foreign, generation), foreign);
    }
  }

  @Test
  void anEnvelopeMatchesItsKeyByStoredCanonicalKeyOrByReadableMemcachedKey() {
    EncodedKey readable = encoder.encode("alice", 1);
    EncodedKey hashed = encoder.encode("with space", 1);
    Envelope bare = Envelope.of(10L, 1L, (byte) 1, new byte[0], new byte[] {1});
    assertTrue(readable.matches(bare));
    assertFalse(hashed.matches(bare), "a hashed key's envelope must name its key");
    assertTrue(hashed.matches(Envelope.of(10L, 1L, (byte) 1, hashed.canonicalKey(), new byte[1])));
    assertFalse(
        hashed.matches(
            Envelope.of(10L, 1L, (byte) 1, keyCodec.encode("other key"), new byte[1])));
    assertTrue(readable.matches(Envelope.of(10L, 1L, (byte) 1, readable.canonicalKey(), new byte[1])));
  }

  @Test
  void everyKeyMovesWithTheGenerationAndBackAgain() {
    for (long generation : new long[] {7, 8, 7, 0, 8}) {
      String prefix = "nc:users:" + generation + ":";
      assertEquals(prefix + "i:42", encoder.encode(42, generation).memcachedKey());
      assertEquals(prefix + "s:bob", encoder.encode("bob", generation).memcachedKey());
    }
  }

  @Test
  void keyTheCodecCannotEncodeIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(new Object(), 0));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertThrows(NullPointerException.class, () -> encoder.encode(null, 0));
  }

  @Test
  void validMemcachedKeyRules() {
    assertTrue(KeyEncoder.isValidMemcachedKey("a"));
    assertTrue(KeyEncoder.isValidMemcachedKey("~!#".repeat(83) + "x"));
    assertFalse(KeyEncoder.isValidMemcachedKey(""));
    assertFalse(KeyEncoder.isValidMemcachedKey("a".repeat(251)));
    assertFalse(KeyEncoder.isValidMemcachedKey("a b"));
    assertFalse(KeyEncoder.isValidMemcachedKey("a\u0000"));
    assertFalse(KeyEncoder.isValidMemcachedKey("\u00e9"));
  }

  private static void assertHashed(EncodedKey encoded, String prefix) {
    String key = encoded.memcachedKey();
    assertTrue(key.startsWith(prefix), key);
    String token = key.substring(key.lastIndexOf(':') - 1);
    assertTrue(token.startsWith("h:"), key);
    assertEquals(45, token.length(), key);
    assertTrue(token.substring(2).matches("[A-Za-z0-9_-]{43}"), key);
    assertTrue(KeyEncoder.isValidMemcachedKey(key), key);
    assertTrue(key.getBytes(StandardCharsets.US_ASCII).length <= 250);
  }

  private static String randomString(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(10);
      text.append(
          pick == 0
              ? (char) random.nextInt(0x80)
              : pick == 1
                  ? (char) (0x80 + random.nextInt(0x2000))
                  : (char) ('!' + random.nextInt(94)));
    }
    return text.toString();
  }

  record AccountKey(String region, long id) implements Serializable {}
}
