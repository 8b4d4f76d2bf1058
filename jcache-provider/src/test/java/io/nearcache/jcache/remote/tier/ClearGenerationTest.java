package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Words, generation: {@code clear()} moves the cache to a new generation in every zone, so that a
 * JVM that opens the cache afterwards finds none of the earlier entries, although memcached still
 * holds their bytes under the old generation until they expire or are evicted; {@code
 * destroyCache} deletes every key of the cache in every zone, and the cache created again starts
 * above every old generation.
 */
class ClearGenerationTest {
  private static final String CACHE = "cleared";
  private static final int KEYS = 10;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).resetBeforeEach();

  private TwoTierManagers managers;
  private RawZones raw;
  private CacheManager first;
  private Cache<String, String> writer;
  private Set<String> keys;

  @BeforeEach
  void writeFromZoneA() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
    first = managers.open("a", "nearcache.write.ack", "ALL");
    writer = cache(first);
    keys = IntStream.range(0, KEYS).mapToObj(i -> "k" + i).collect(Collectors.toSet());
    keys.forEach(k -> writer.put(k, "old " + k));
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void clearMakesEveryEntryUnreachableForAJvmOpenedAfterwards() {
    long before = raw.generation(CACHE);
    String oldK0 = raw.memcachedKey(CACHE, "k0", before);

    writer.clear();

    long after = raw.generation(CACHE);
    assertTrue(after > before, "generation " + before + " moved to " + after);
    for (String zone : raw.zones()) {
      Eventually.await(
          "zone " + zone + " holds generation " + after,
          () -> Long.valueOf(after).equals(raw.generation(zone, CACHE)));
    }
    assertNotNull(raw.get("b", oldK0), "the old entry's bytes are still in memcached");
    assertNull(writer.get("k0"), "the clearing JVM moved to the new generation");

    Cache<String, String> opened = cache(managers.open("b"));
    assertTrue(opened.getAll(keys).isEmpty(), "no entry reachable from zone b");
    assertFalse(opened.iterator().hasNext());

    writer.put("k0", "new");
    assertEquals("new", cache(managers.open("c")).get("k0"), "new writes are seen");
  }

  @Test
  void destroyCacheDeletesEveryKeyOfTheCacheInEveryZone() {
    long before = raw.generation(CACHE);

    first.destroyCache(CACHE);

    for (String zone : raw.zones()) {
      assertEquals(
          List.of(), raw.keys(zone, raw.cachePrefix(CACHE)), "zone " + zone + " keeps no key");
    }
    Cache<String, String> opened = cache(managers.open("b"));
    assertTrue(opened.getAll(keys).isEmpty(), "no entry reachable from zone b");
    assertTrue(raw.generation(CACHE) > before, "the cache starts again above every old generation");
    Cache<String, String> recreated = cache(first);
    assertTrue(recreated.getAll(keys).isEmpty(), "the cache created again starts empty");
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
