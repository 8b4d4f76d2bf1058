package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.testsupport.MemcachedCluster;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, SASL: caches over memcached started with {@code -S} (two zones), configured with {@code
 * nearcache.remote.sasl.username} and {@code password}. Reads, writes and the atomic operations
 * work across managers; iteration and {@code removeAll()}, which need a key listing the binary
 * protocol lacks, fail with a message saying so; {@code clear()} and {@code destroyCache} still
 * empty the cache; a wrong password stops the CacheManager from starting.
 */
class SaslCacheTest {
  private static final String CACHE = "secured";
  private static final String USER = "cache-user";
  private static final String PASSWORD = "sasl password for the tests";

  private static MemcachedCluster cluster;
  private TwoTierManagers managers;

  @BeforeAll
  static void start() {
    cluster = MemcachedCluster.builder().zones(2).sasl(USER, PASSWORD).start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void connect() {
    cluster.flushAll();
    managers = new TwoTierManagers(cluster);
  }

  @AfterEach
  void disconnect() {
    managers.close();
  }

  @Test
  void readsWritesAndAtomicOperationsWorkAcrossManagers() {
    Cache<String, Integer> a = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    Cache<String, Integer> b = cache(managers.open("b"));

    a.put("k", 1);
    assertEquals(1, b.get("k"), "read remotely from zone b");
    assertTrue(b.putIfAbsent("p", 10));
    assertFalse(a.putIfAbsent("p", 11));
    assertTrue(a.replace("k", 1, 2));
    assertFalse(b.replace("k", 1, 3), "the CAS on the primary zone saw the replace");
    assertEquals(2, b.getAndPut("k", 5));
    assertEquals(6, a.invoke("k", increment()));
    assertEquals(Map.of("k", 6, "p", 10), cache(managers.open("b")).getAll(Set.of("k", "p")));
    assertTrue(a.remove("p", 10));
    assertTrue(b.remove("k"));
    assertNull(cache(managers.open("a")).get("k"));
    assertNull(cache(managers.open("b")).get("p"));
    assertTrue(counters(a).failures().isEmpty(), counters(a).toString());
    assertTrue(counters(b).failures().isEmpty(), counters(b).toString());
  }

  @Test
  void iterationAndRemoveAllFailSayingWhyWhileClearWorks() {
    Cache<String, Integer> cache = cache(managers.open("a"));
    cache.put("k", 1);

    CacheException iteration = assertThrows(CacheException.class, cache::iterator);
    assertTrue(iteration.getMessage().contains("Cache " + CACHE), iteration.getMessage());
    assertTrue(iteration.getMessage().contains("SASL"), iteration.getMessage());
    assertTrue(iteration.getMessage().contains("clear()"), iteration.getMessage());
    assertThrows(CacheException.class, cache::removeAll);
    assertEquals(1, cache.get("k"), "nothing was removed");

    cache.removeAll(Set.of("k"));
    assertNull(cache(managers.open("b")).get("k"), "removeAll(keys) needs no listing");
    cache.put("k", 2);
    cache.clear();
    assertNull(cache(managers.open("b")).get("k"), "clear() reached every JVM's view");
  }

  @Test
  void destroyCacheMakesTheEntriesUnreachable() {
    CacheManager manager = managers.open("a");
    cache(manager).put("k", 1);
    manager.destroyCache(CACHE);
    assertNull(cache(manager).get("k"), "a re-created cache does not see the old entry");
    assertNull(cache(managers.open("b")).get("k"));
  }

  @Test
  void aWrongPasswordStopsTheCacheManagerFromStarting() {
    Properties properties = cluster.asProperties();
    properties.setProperty(MemcachedCluster.SASL_PASSWORD, "not the password");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> TestCacheManagers.open(SaslCacheTest.class, properties));
    assertTrue(e.getMessage().contains("user '" + USER + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("nearcache.remote.sasl.password"), e.getMessage());
    assertFalse(e.getMessage().contains("not the password"), "the password is never shown");
  }

  @Test
  void noCredentialsAgainstSaslServersCountFailuresAndFailOpen() {
    Properties properties = cluster.asProperties();
    properties.remove(MemcachedCluster.SASL_USERNAME);
    properties.remove(MemcachedCluster.SASL_PASSWORD);
    properties.setProperty("nearcache.remote.timeout", "200ms");
    CacheManager manager = TestCacheManagers.open(SaslCacheTest.class, properties);
    try {
      Cache<String, Integer> cache = cache(manager);
      cache.put("k", 1);
      assertEquals(1, cache.get("k"), "kept in the near tier");
      assertFalse(counters(cache).failures().isEmpty(), counters(cache).toString());
    } finally {
      manager.close();
    }
  }

  private static EntryProcessor<String, Integer, Integer> increment() {
    return (entry, args) -> {
      entry.setValue(entry.getValue() + 1);
      return entry.getValue();
    };
  }

  private static Cache<String, Integer> cache(CacheManager manager) {
    Cache<String, Integer> existing = manager.getCache(CACHE, String.class, Integer.class);
    return existing != null
        ? existing
        : manager.createCache(
            CACHE,
            new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }
}
