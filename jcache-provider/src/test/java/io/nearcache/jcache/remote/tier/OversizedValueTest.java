package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.EntryTooLargeException;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * memcached facts, item size: an entry whose envelope exceeds the item limit ({@code
 * nearcache.remote.max-item-size}, 1023 KB by default, under memcached's 1 MiB) is refused with an
 * {@link IllegalArgumentException} naming the cache, the size and the limit, and nothing is
 * stored; entries up to the limit, before or after compression, round-trip between JVMs.
 */
class OversizedValueTest {
  private static final String CACHE = "large-values";
  private static final long LIMIT = 1023 * 1024;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, byte[]> writer;

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
  void aValueAboveTheItemLimitIsRefusedWithTheSizeAndTheLimit() {
    byte[] value = random(2 * 1024 * 1024);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> writer.put("big", value));

    String message = refused.getMessage();
    assertTrue(message.contains(CACHE), "names the cache: " + message);
    assertTrue(message.contains(Long.toString(LIMIT)), "names the limit: " + message);
    EntryTooLargeException tooLarge = (EntryTooLargeException) refused;
    assertTrue(tooLarge.sizeBytes() > value.length, "the envelope's size: " + tooLarge.sizeBytes());
    assertTrue(message.contains(Long.toString(tooLarge.sizeBytes())), "names the size: " + message);
    assertEquals(LIMIT, tooLarge.limitBytes());

    assertNull(writer.get("big"), "nothing kept in the near tier");
    String key = raw.memcachedKey(CACHE, "big");
    for (String zone : raw.zones()) {
      assertNull(raw.get(zone, key), "nothing stored in zone " + zone);
    }
    assertNull(cache(managers.open("b")).get("big"));
  }

  @Test
  void valuesUpToTheLimitRoundTripBetweenJvms() {
    byte[] justUnder = random(1_000_000);
    byte[] compressible = new byte[4 * 1024 * 1024];
    writer.put("just under", justUnder);
    writer.put("compressible", compressible);

    Cache<String, byte[]> reader = cache(managers.open("b"));
    assertArrayEquals(justUnder, reader.get("just under"));
    assertArrayEquals(compressible, reader.get("compressible"));
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private static Cache<String, byte[]> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
  }
}
