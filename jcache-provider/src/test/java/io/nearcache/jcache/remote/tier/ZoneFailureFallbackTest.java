package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Design, read path step 3 and write path: with a whole zone dead or hung, reads are served by the
 * other zones with correct values and no exception, each call bounded by the remote timeout (the
 * default 250 ms for the hung zone); writes still succeed; with the primary zone dead, conditional operations are
 * arbitrated by the next zone, atomically for every JVM; once the zone is back, reads stay correct.
 */
class ZoneFailureFallbackTest {
  private static final String CACHE = "failover";
  private static final int KEYS = 20;

  /** Far above the 250 ms timeout; not a benchmark, a bound that catches a hang. */
  private static final Duration CALL_BOUND = Duration.ofSeconds(2);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(3).resetBeforeEach();

  private MemcachedCluster cluster;
  private TwoTierManagers managers;
  private RawZones raw;
  private Cache<String, String> writer;
  private long slowestMillis;
  private long totalMillis;

  @BeforeEach
  void writeFromZoneA() {
    cluster = memcached.cluster();
    managers = new TwoTierManagers(cluster);
    raw = new RawZones(cluster);
    writer = cache(managers.open("a", "nearcache.write.ack", "ALL"));
    for (int i = 0; i < KEYS; i++) {
      writer.put("k" + i, "v" + i);
    }
  }

  @AfterEach
  void disconnect() {
    managers.close();
    raw.close();
  }

  @Test
  void deadLocalZoneReadsFromOtherZonesAndWritesStillSucceed() {
    Cache<String, String> reader = cache(managers.open("b"));
    cluster.killZone("b");

    for (int i = 0; i < KEYS; i++) {
      String key = "k" + i;
      assertEquals("v" + i, bounded("get " + key, () -> reader.get(key)));
    }
    RemoteCounters counters = counters(reader);
    assertEquals(KEYS, counters.remoteHits().get("a"), "zone a served every read: " + counters);
    assertTrue(counters.failures().getOrDefault("b", 0L) > 0, "zone b failures counted: " + counters);

    for (int i = 0; i < 5; i++) {
      String key = "w" + i;
      String value = "written in b " + i;
      boundedRun("put " + key, () -> reader.put(key, value));
    }
    assertEquals(0, counters.skippedWrites(), "the primary took every write: " + counters);
    Cache<String, String> inZoneC = cache(managers.open("c"));
    for (int i = 0; i < 5; i++) {
      assertEquals("written in b " + i, inZoneC.get("w" + i));
    }
    System.out.printf("dead local zone: slowest get or put %d ms%n", slowestMillis);

    Cache<String, String> startedWhileDead = cache(managers.open("b"));
    assertEquals("v0", startedWhileDead.get("k0"), "a JVM started while its zone is dead reads");

    cluster.startZone("b");
    Cache<String, String> afterRestart = cache(managers.open("b"));
    for (int i = 0; i < KEYS; i++) {
      assertEquals("v" + i, afterRestart.get("k" + i));
    }
    assertEquals("written in b 0", afterRestart.get("w0"));
  }

  @Test
  void hungLocalZoneCostsAtMostAboutOneTimeoutPerRead() {
    Cache<String, String> reader =
        cache(
            managers.open(
                "b", "nearcache.near.enabled", "false", "nearcache.remote.timeout", "250ms"));
    cluster.nodes("b").forEach(cluster::suspend);
    try {
      for (int i = 0; i < 5; i++) {
        String key = "k" + i;
        assertEquals("v" + i, bounded("get " + key, () -> reader.get(key)));
      }
    } finally {
      // Resumed before the clients close, whose shutdown would otherwise wait on zone b.
      cluster.nodes("b").forEach(cluster::resume);
    }
    System.out.printf(
        "hung local zone: slowest get %d ms, mean %d ms%n", slowestMillis, totalMillis / 5);
    RemoteCounters counters = counters(reader);
    assertEquals(5, counters.remoteHits().get("a"), counters.toString());
    // Each read timed out on zone b; the warm-up copies sent to it time out too.
    assertTrue(counters.failures().get("b") >= 5, "zone b failures: " + counters);
  }

  @Test
  void deadPrimaryZoneArbitratesConditionalOperationsOnTheNextZone() {
    writer.put("counter", "0");
    Cache<String, String> inB = cache(managers.open("b"));
    Cache<String, String> inC = cache(managers.open("c"));
    String counterKey = raw.memcachedKey(CACHE, "counter");
    cluster.killZone("a");

    assertTrue(bounded("putIfAbsent in b", () -> inB.putIfAbsent("new", "from b")));
    assertFalse(bounded("putIfAbsent in c", () -> inC.putIfAbsent("new", "from c")));
    assertEquals("from b", inC.get("new"));
    assertFalse(inB.putIfAbsent("k0", "other"), "k0 exists in zone b");

    assertTrue(bounded("replace in b", () -> inB.replace("counter", "0", "1")));
    assertFalse(inC.replace("counter", "0", "2"), "zone b already holds 1");
    assertTrue(inC.replace("counter", "1", "2"));
    assertTrue(inC.remove("k1", "v1"));
    assertEquals(
        "2", RawZones.value(CACHE, raw.envelope("b", counterKey)),
        "zone b arbitrated");

    Eventually.await(
        "zone c holds the counter's replicated value",
        () -> "2".equals(RawZones.value(CACHE, raw.envelope("c", counterKey))));
    Cache<String, String> startedWhileDead = cache(managers.open("c"));
    assertEquals("2", startedWhileDead.get("counter"), "a JVM started while the primary is dead");
    assertFalse(
        startedWhileDead.putIfAbsent("new", "late"), "it arbitrates on the same entries as the others");

    cluster.startZone("a");
    Cache<String, String> inA = cache(managers.open("a"));
    assertEquals("2", inA.get("counter"));
    assertEquals("from b", inA.get("new"));
    assertNull(inA.get("k1"), "the removal made while zone a was dead holds");
    assertEquals("v2", inA.get("k2"));
  }

  @Test
  void primaryZoneBackEmptyStillArbitratesTheEntriesOtherZonesHold() {
    cluster.killZone("a");
    cluster.startZone("a");
    // Both opened after the restart, so their connections to zone a are up (no reconnect delay).
    raw.close();
    raw = new RawZones(cluster);
    Cache<String, String> inB = cache(managers.open("b", "nearcache.near.enabled", "false"));
    String k0 = raw.memcachedKey(CACHE, "k0");
    assertNull(raw.get("a", k0), "zone a came back empty");

    assertFalse(inB.putIfAbsent("k0", "other"), "k0 exists, though not on the primary");
    assertTrue(inB.replace("k1", "v1", "v1'"), "k1 holds v1 in the other zones");
    assertTrue(inB.remove("k2"), "k2 exists and is removed");
    inB.removeAll(Set.of("k3", "k4"));
    assertEquals(0, counters(inB).failures().getOrDefault("a", 0L), "the primary arbitrated");

    Cache<String, String> inC = cache(managers.open("c"));
    assertEquals("v0", inC.get("k0"));
    assertEquals("v1'", inC.get("k1"));
    for (String removed : List.of("k2", "k3", "k4")) {
      String key = raw.memcachedKey(CACHE, removed);
      Eventually.await(
          "zone c holds the tombstone of " + removed,
          () -> raw.envelope("c", key).isTombstone());
      assertNull(inC.get(removed), "the removal of " + removed + " reached zone c");
    }
    assertEquals("v5", inC.get("k5"));
  }

  /** Runs a call, fails if it took longer than the bound, and remembers the slowest call. */
  private <T> T bounded(String what, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis < CALL_BOUND.toMillis(), what + " took " + millis + " ms");
    slowestMillis = Math.max(slowestMillis, millis);
    totalMillis += millis;
    return result;
  }

  /** As {@link #bounded(String, Supplier)}, for a call without a result. */
  private void boundedRun(String what, Runnable call) {
    bounded(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
