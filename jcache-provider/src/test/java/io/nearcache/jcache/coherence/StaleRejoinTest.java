package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.awaitTrue;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.memcachedKey;
import static io.nearcache.jcache.coherence.CoherenceFixture.rawEnvelope;
import static io.nearcache.jcache.coherence.CoherenceFixture.rawZone;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static io.nearcache.jcache.coherence.CoherenceFixture.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Coherence": a node that comes back after missing writes must not serve stale values.
 * Node b0 is frozen (SIGSTOP) while a JVM in zone a updates and removes keys whose zone-b home is
 * b0; once b0 answers again, the writer's replays replace its copies (the newer envelope, or a
 * tombstone for a removal) within the bound, and a JVM of zone b never returns a stale value after
 * it.
 */
class StaleRejoinTest {
  private static final String CACHE = "items";
  private static final int KEYS = 10;

  /** Replays run every 500 ms; one must land after the node answers, then one poll; slack. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  private CacheManager writerJvm;
  private CacheManager readerJvm;
  private Cache<String, String> writer;
  private Cache<String, String> reader;
  private ZoneClient zoneA;
  private ZoneClient zoneB;

  @BeforeEach
  void open() {
    writerJvm = manager(memcached.cluster(), "a");
    readerJvm = manager(memcached.cluster(), "b");
    writer = stringCache(writerJvm, CACHE);
    reader = stringCache(readerJvm, CACHE);
    zoneA = rawZone(memcached.cluster(), "a");
    zoneB = rawZone(memcached.cluster(), "b");
  }

  @AfterEach
  void close() {
    memcached.cluster().reset();
    zoneA.close();
    zoneB.close();
    readerJvm.close();
    writerJvm.close();
  }

  @Test
  void frozenNodeGetsTheWritesItMissedReplayedAndZoneBNeverServesThemStaleAfterTheBound() {
    MemcachedCluster cluster = memcached.cluster();
    String frozen = cluster.nodes("b").get(0);
    Map<String, String> memcachedKeys = keysHomedOn(NodeAddress.parse(frozen));
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    int i = 0;
    for (String key : memcachedKeys.keySet()) {
      before.put(key, "old-" + key);
      after.put(key, i++ % 2 == 0 ? "new-" + key : null);
    }
    writer.putAll(before);
    awaitTrue(
        "zone b holds every first value",
        Duration.ofSeconds(5),
        () -> before.equals(rawValues(memcachedKeys)));
    awaitTrue(
        "the reader caches every first value",
        Duration.ofSeconds(5),
        () -> {
          Map<String, String> read = reader.getAll(before.keySet());
          return before.equals(read);
        });
    RemoteCounters writes = writer.unwrap(NearCache.class).remoteCounters();

    cluster.suspend(frozen);
    try {
      for (Map.Entry<String, String> e : after.entrySet()) {
        if (e.getValue() == null) {
          writer.remove(e.getKey());
        } else {
          writer.put(e.getKey(), e.getValue());
        }
      }
      awaitTrue(
          "every copy for the frozen node failed",
          Duration.ofSeconds(5),
          () -> writes.failedReplications().getOrDefault("b", 0L) >= KEYS);
      assertEquals(0, writes.replayed(), "nothing replayed while the node is frozen");
    } finally {
      cluster.resume(frozen);
    }
    long resumed = System.nanoTime();

    long lastStale = -1;
    long replaced = -1;
    List<String> stale = new ArrayList<>();
    long end = resumed + BOUND.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < end) {
      for (String key : after.keySet()) {
        String value = reader.get(key);
        if (!Objects.equals(after.get(key), value)) {
          lastStale = System.nanoTime() - resumed;
          if (stale.size() < 10) {
            stale.add(
                key + "=" + value + " at " + TimeUnit.NANOSECONDS.toMillis(lastStale) + " ms");
          }
        }
      }
      if (replaced < 0 && after.equals(rawValues(memcachedKeys))) {
        replaced = System.nanoTime() - resumed;
      }
      LockSupport.parkNanos(1_000_000);
    }
    System.out.println(
        "STALE REJOIN replays landed after "
            + TimeUnit.NANOSECONDS.toMillis(replaced)
            + " ms, last stale read at "
            + (lastStale < 0 ? "none" : TimeUnit.NANOSECONDS.toMillis(lastStale) + " ms")
            + "; writer replayed "
            + writes.replayed()
            + " writes, failed copies "
            + writes.failedReplications());

    assertTrue(
        replaced >= 0 && replaced <= BOUND.toNanos(),
        "zone b holds the newer versions within the bound: " + rawValues(memcachedKeys));
    assertTrue(writes.replayed() >= KEYS, "replayed " + writes.replayed());
    assertTrue(lastStale <= BOUND.toNanos(), "stale reads after the bound: " + stale);
    for (Map.Entry<String, String> e : memcachedKeys.entrySet()) {
      Envelope copy = rawEnvelope(zoneB, CACHE, e.getValue());
      if (after.get(e.getKey()) == null) {
        assertTrue(copy != null && copy.isTombstone(), e.getKey() + " is a tombstone in zone b");
      }
    }
  }

  /** KEYS string keys whose copy in zone b lives on the node, with their memcached keys. */
  private Map<String, String> keysHomedOn(NodeAddress node) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; keys.size() < KEYS; i++) {
      String key = "item:" + i;
      String memcachedKey = memcachedKey(zoneA, CACHE, key);
      if (zoneB.nodeFor(memcachedKey).equals(node)) {
        keys.put(key, memcachedKey);
      }
    }
    return keys;
  }

  /** The values zone b holds, null for absent keys and tombstones. */
  private Map<String, String> rawValues(Map<String, String> memcachedKeys) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : memcachedKeys.entrySet()) {
      Envelope envelope = rawEnvelope(zoneB, CACHE, e.getValue());
      values.put(e.getKey(), envelope == null ? null : valueOf(CACHE, envelope));
    }
    return values;
  }
}
