package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 8: two JVMs that learn a node list change of the arbitrating zone a moment apart
 * must not decide a moved key on two nodes. Before the handoff, the JVM with the new list
 * arbitrated a moved key on its new node while the other still did on its previous one, so two
 * {@code putIfAbsent} calls on the same key could both succeed. Two CacheManagers (each its own
 * near tier, connections and list file) race {@code putIfAbsent} on fresh keys, round after round,
 * while zone a grows from one node to two: A applies the new list first, B 500 ms later, within
 * one refresh interval (1 s) of A, as the handoff assumes. Every key has exactly one winner.
 */
class HandoffAtomicityTest {
  private static final String CACHE = "handoff";
  private static final Duration REFRESH = Duration.ofSeconds(1);
  private static final int KEYS_PER_ROUND = 150;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(2).resetBeforeEach();

  @TempDir Path directory;

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
  void jvmsThatLearnAChangeAMomentApartDecideEveryKeyOnce() throws Exception {
    List<String> nodes = memcached.nodes("a");
    Path fileA = directory.resolve("a.properties");
    Path fileB = directory.resolve("b.properties");
    ServerListFiles.write(fileA, nodes.subList(0, 1), 1);
    ServerListFiles.write(fileB, nodes.subList(0, 1), 1);
    CacheManager managerA = open(fileA);
    CacheManager managerB = open(fileB);
    Cache<String, String> a = cache(managerA);
    Cache<String, String> b = cache(managerB);

    Map<String, List<String>> winners = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    CompletableFuture<Void> racing =
        CompletableFuture.runAsync(
            () -> {
              for (int round = 0; round < 1_000 && !stop.get(); round++) {
                race(round, a, b, winners);
                rounds.incrementAndGet();
              }
            });
    Thread.sleep(300);
    ServerListFiles.write(fileA, nodes, 2);
    tier(managerA).refreshTopology();
    Thread.sleep(500);
    ServerListFiles.write(fileB, nodes, 2);
    tier(managerB).refreshTopology();
    Thread.sleep(5_000); // through both handoffs (2 s each period) and into pre-warm
    stop.set(true);
    racing.get(30, TimeUnit.SECONDS);

    assertEquals(1, topologyChanges(managerA), "A has the new list");
    assertEquals(1, topologyChanges(managerB), "B has the new list");
    assertTrue(rounds.get() >= 10, "rounds raced: " + rounds.get());
    List<String> twice = new ArrayList<>();
    winners.forEach(
        (key, won) -> {
          if (won.size() != 1) {
            twice.add(key + " " + won);
          }
        });
    assertEquals(List.of(), twice, "keys whose putIfAbsent did not have exactly one winner");
    assertEquals(0, TwoTierManagers.counters(a).skippedWrites(), "A's writes all reached memcached");
    assertEquals(0, TwoTierManagers.counters(b).skippedWrites(), "B's writes all reached memcached");
    assertEquals(rounds.get() * KEYS_PER_ROUND, winners.size());
  }

  /** One round: A and B call putIfAbsent on the same fresh keys, in opposite orders. */
  private static void race(
      int round, Cache<String, String> a, Cache<String, String> b, Map<String, List<String>> won) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS_PER_ROUND; i++) {
      keys.add(round + ":" + i);
    }
    List<String> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    CompletableFuture<Void> byB =
        CompletableFuture.runAsync(() -> putAll("B", b, reversed, won));
    putAll("A", a, keys, won);
    byB.join();
  }

  private static void putAll(
      String who, Cache<String, String> cache, List<String> keys, Map<String, List<String>> won) {
    for (String key : keys) {
      if (cache.putIfAbsent(key, who)) {
        won.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(who);
      }
    }
  }

  private CacheManager open(Path listFile) {
    return managers.open(
        "a",
        "nearcache.zones.a", memcached.nodes("a").get(0),
        "nearcache.topology.source", "file:" + listFile,
        "nearcache.topology.refresh-interval", REFRESH.toMillis() + "ms",
        "nearcache.topology.migration-window", "10s",
        // A stalled machine must not turn a slow answer into a failed zone: a write that no zone
        // answers is applied to the near tier alone, and would count as a second winner here.
        "nearcache.remote.timeout", "5s");
  }

  private static long topologyChanges(CacheManager manager) {
    return tier(manager).topologyMetrics().changes();
  }

  private static RemoteTier tier(CacheManager manager) {
    return manager.unwrap(NearCacheManager.class).remoteTier();
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
