package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.NearCache;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19, read-your-writes: a JVM local to a zone that does not arbitrate writes reads back
 * what it just wrote, at once and later, whatever the ack policy. Before the fix, a {@code get}
 * right after {@code remove} missed the near tier, read the local zone before the tombstone's copy
 * landed there and cached the removed value for good (its own invalidation record is skipped by
 * its poller): 1,903 of 2,000 keys. Another JVM in each zone, its near tier warm, reads the final
 * values within 2 s.
 */
class ReadYourWritesTest {
  private static final String CACHE = "own-writes";
  private static final int KEYS = 2_000;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).nodesPerZone(1).resetBeforeEach();

  private TwoTierManagers managers;

  @BeforeEach
  void open() {
    managers = new TwoTierManagers(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
  }

  @Test
  void aRemovedKeyIsNeverReadBackInTheZoneThatRemovedIt() throws InterruptedException {
    Cache<Integer, String> cache = cache(managers.open("b", "nearcache.write.ack", "ONE"));
    Map<Integer, String> values = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      values.put(i, "v" + i);
    }
    cache.putAll(values);
    TimeUnit.SECONDS.sleep(1);

    List<Integer> readBack = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      cache.remove(i);
      if (cache.get(i) != null) {
        readBack.add(i);
      }
    }
    assertEquals(List.of(), readBack, "removed values read back at once");

    TimeUnit.SECONDS.sleep(3);
    for (int i = 0; i < KEYS; i++) {
      if (cache.get(i) != null) {
        readBack.add(i);
      }
    }
    assertEquals(List.of(), readBack, "removed values read back 3 s later");
  }

  @ParameterizedTest(name = "write.ack={0}")
  @ValueSource(strings = {"NONE", "ONE", "QUORUM", "ALL"})
  void everyOperationIsReadBackAtOnceInANonPrimaryZone(String ack) {
    Cache<Integer, String> cache = cache(managers.open("c", "nearcache.write.ack", ack));
    int keys = 300;
    Map<Integer, String> initial = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      initial.put(i, "v0");
    }
    cache.putAll(initial);
    // Another JVM in each zone, its near tier holding every key's first value.
    Map<String, Cache<Integer, String>> others = new java.util.LinkedHashMap<>();
    for (String zone : List.of("a", "b", "c")) {
      Cache<Integer, String> other = cache(managers.open(zone));
      Eventually.await(
          "zone " + zone + " reads the first values",
          () -> "v0".equals(other.getAll(initial.keySet()).get(keys - 1)));
      other.getAll(initial.keySet());
      others.put(zone, other);
    }
    List<String> stale = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      cache.put(i, "v1");
      check(stale, cache, i, "v1", "put");
      cache.replace(i, "v1", "v2");
      check(stale, cache, i, "v2", "replace");
      cache.invoke(
          i,
          (entry, arguments) -> {
            entry.setValue(entry.getValue() + "+");
            return null;
          });
      check(stale, cache, i, "v2+", "invoke");
      cache.getAndPut(i, "v3");
      check(stale, cache, i, "v3", "getAndPut");
      cache.remove(i);
      check(stale, cache, i, null, "remove");
      cache.putIfAbsent(i, "v4");
      check(stale, cache, i, "v4", "putIfAbsent");
    }
    assertEquals(List.of(), stale, "write.ack=" + ack);
    othersSee(others, keys, "v4");
    cache.clear();
    for (int i = 0; i < keys; i++) {
      check(stale, cache, i, null, "clear");
    }
    assertEquals(List.of(), stale, "write.ack=" + ack);
    othersSee(others, keys, null);
  }

  /**
   * Every other JVM stops reading older values within the bound every build asserts for a
   * round (2 s; the design bound, 250 ms, is measured under "Measured"), and keeps to them.
   */
  private static void othersSee(
      Map<String, Cache<Integer, String>> others, int keys, String expected) {
    for (Map.Entry<String, Cache<Integer, String>> other : others.entrySet()) {
      Eventually.await(
          "zone " + other.getKey() + " JVM reads " + expected + " for every key",
          java.time.Duration.ofSeconds(2),
          () -> {
            for (int i = 0; i < keys; i++) {
              if (!Objects.equals(expected, other.getValue().get(i))) {
                return false;
              }
            }
            return true;
          });
    }
  }

  /**
   * Reads the key with get, getAsync and getAll, each must see the expected value; which of them
   * reads first (the one that may fill the near tier) turns with the key.
   */
  private static void check(
      List<String> stale, Cache<Integer, String> cache, int key, String expected, String after) {
    List<String> reads = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      int path = (key + n) % 3;
      String got =
          switch (path) {
            case 0 -> cache.get(key);
            case 1 -> asyncView(cache).getAsync(key).join();
            default -> cache.getAll(Set.of(key)).get(key);
          };
      reads.add(List.of("get", "getAsync", "getAll").get(path) + " " + got);
      if (!Objects.equals(expected, got)) {
        stale.add(after + " " + key + ": " + reads);
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static NearCache<Integer, String> asyncView(Cache<Integer, String> cache) {
    return cache.unwrap(NearCache.class);
  }

  private static Cache<Integer, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
  }
}
