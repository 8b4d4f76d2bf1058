package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * memcached facts, keys: keys that memcached's text protocol cannot carry (spaces, CR/LF, NUL,
 * over 250 bytes, or text that would inject a command) round-trip through the two-tier cache
 * between JVMs, travel as hash tokens, and never reach memcached as protocol text: the key {@code
 * "x\r\nflush_all\r\n"} flushes nothing.
 */
class HostileKeysTest {
  private static final String CACHE = "hostile";
  private static final List<String> KEYS =
      List.of(
          "with spaces in it",
          "line\r\nbreak",
          "nul\0byte",
          "x".repeat(10 * 1024),
          "x\r\nflush_all\r\n",
          "get other\r\n",
          "\u043a\u043b\u044e\u0447 \ud83d\udd11",
          "y".repeat(KeyEncoder.MAX_KEY_BYTES));

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, String> writer;

  @BeforeEach
  void connect() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void hostileKeysRoundTripBetweenJvms() {
    for (int i = 0; i < KEYS.size(); i++) {
      writer.put(KEYS.get(i), "value " + i);
    }
    Cache<String, String> reader = cache(managers.open("b"));
    for (int i = 0; i < KEYS.size(); i++) {
      assertEquals("value " + i, reader.get(KEYS.get(i)), "key #" + i + " read from zone b");
    }

    Map<String, String> listed = new HashMap<>();
    cache(managers.open("b")).forEach(e -> listed.put(e.getKey(), e.getValue()));
    assertEquals(KEYS.size(), listed.size());
    for (int i = 0; i < KEYS.size(); i++) {
      assertEquals("value " + i, listed.get(KEYS.get(i)), "key #" + i + " rebuilt exactly");
    }

    for (String zone : raw.zones()) {
      List<String> stored = raw.keys(zone, raw.prefix(CACHE, raw.generation(CACHE)));
      assertEquals(KEYS.size(), stored.size(), "zone " + zone + ": " + stored);
      for (String key : stored) {
        assertTrue(KeyEncoder.isValidMemcachedKey(key), "a plain memcached key: " + key);
      }
    }

    assertTrue(writer.remove("x\r\nflush_all\r\n"));
    assertNull(cache(managers.open("b")).get("x\r\nflush_all\r\n"), "removed for a new JVM");
  }

  @Test
  void theFlushAllKeyTouchesNoOtherKey() {
    writer.put("other", "safe");
    String other = raw.memcachedKey(CACHE, "other");

    writer.put("x\r\nflush_all\r\n", "injected?");
    writer.get("x\r\nflush_all\r\n");
    writer.remove("x\r\nflush_all\r\n");

    for (String zone : raw.zones()) {
      assertNotNull(raw.get(zone, other), "zone " + zone + " was not flushed");
    }
    Cache<String, String> reader = cache(managers.open("b"));
    assertEquals("safe", reader.get("other"));
    assertFalse(reader.containsKey("x\r\nflush_all\r\n"));
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
