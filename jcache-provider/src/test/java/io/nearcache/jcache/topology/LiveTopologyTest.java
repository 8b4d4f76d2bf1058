package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.topology.TopologyMetrics;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: zone a's node list changes at run time (a node added, removed, replaced) through a
 * watched server list file while one thread reads and writes self-checking values, with pre-warm
 * on and off. Each scenario measures the local zone's hit ratio over a full sweep of the keys
 * before the change, the first full sweep after the handoff (inside the migration window) and a
 * sweep after the window, and checks: no exception reaches the caller, no read returns a value other than the
 * last one written (or a removed entry), and with pre-warm the local hit ratio drops by at most 5
 * points. The near tier is off, so every read goes to memcached.
 */
class LiveTopologyTest {
  private static final int KEYS = 1500;
  private static final long WINDOW_MILLIS = 6000;
  private static final long REFRESH_MILLIS = 200;

  /** Zone a runs 4 nodes, of which the lists use 3 or 4; zone b uses 2 of its 4. */
  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(4).resetBeforeEach();

  @TempDir Path directory;

  private CacheManager manager;
  private Path listFile;
  private final AtomicInteger version = new AtomicInteger();

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void addANodeWithPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    scenario("add a node, pre-warm on", true, a.subList(0, 3), a.subList(0, 4)).check(true);
  }

  @Test
  void addANodeWithoutPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    scenario("add a node, pre-warm off", false, a.subList(0, 3), a.subList(0, 4)).check(false);
  }

  @Test
  void removeANodeWithPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    scenario("remove a node, pre-warm on", true, a.subList(0, 4), a.subList(0, 3)).check(true);
  }

  @Test
  void removeANodeWithoutPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    scenario("remove a node, pre-warm off", false, a.subList(0, 4), a.subList(0, 3)).check(false);
  }

  @Test
  void replaceANodeWithPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    List<String> replaced = List.of(a.get(0), a.get(1), a.get(3));
    scenario("replace a node, pre-warm on", true, a.subList(0, 3), replaced).check(true);
  }

  @Test
  void replaceANodeWithoutPrewarm() throws Exception {
    List<String> a = memcached.nodes("a");
    List<String> replaced = List.of(a.get(0), a.get(1), a.get(3));
    scenario("replace a node, pre-warm off", false, a.subList(0, 3), replaced).check(false);
  }

  /** An invalid list is refused with a warning, and the zone keeps its last good list. */
  @Test
  void anInvalidListKeepsTheLastGoodOne() throws Exception {
    List<String> a = memcached.nodes("a");
    start(true, a.subList(0, 3));
    RemoteTier tier = manager.unwrap(NearCacheManager.class).remoteTier();
    Files.writeString(listFile, "nearcache.zones.a=" + a.get(0) + ",no-port-here\n");
    tier.refreshTopology();
    Files.writeString(
        listFile, "nearcache.zones.b=" + String.join(",", memcached.nodes("b").subList(0, 2)));
    tier.refreshTopology();
    assertEquals(
        a.subList(0, 3).stream().map(NodeAddress::parse).toList(),
        tier.router().readOrder().get(0).nodes(),
        "zone a kept its last good list");
    assertTrue(tier.topologyMetrics().rejectedLists() >= 2, tier.topologyMetrics().toString());
    assertEquals(0, tier.topologyMetrics().changes());
  }

  private void start(boolean prewarm, List<String> initial) throws Exception {
    listFile = directory.resolve("servers.properties");
    writeLists(initial);
    Properties properties = memcached.cluster().asProperties();
    properties.setProperty("nearcache.zones.a", String.join(",", initial));
    properties.setProperty("nearcache.zones.b", String.join(",", memcached.nodes("b").subList(0, 2)));
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, "a");
    properties.setProperty("nearcache.near.enabled", "false");
    properties.setProperty("nearcache.topology.source", "file:" + listFile);
    properties.setProperty("nearcache.topology.refresh-interval", REFRESH_MILLIS + "ms");
    properties.setProperty("nearcache.topology.migration-window", WINDOW_MILLIS + "ms");
    properties.setProperty("nearcache.topology.prewarm", String.valueOf(prewarm));
    manager =
        TestCacheManagers.provider()
            .getCacheManager(
                URI.create("urn:nearcache:topology-" + version.incrementAndGet()),
                getClass().getClassLoader(),
                properties);
  }

  /** Replaces the list file atomically; a comment makes every version differ in size and time. */
  private void writeLists(List<String> zoneA) throws Exception {
    String text =
        "# version " + version.incrementAndGet() + " ".repeat(version.get()) + "\n"
            + "nearcache.zones.a=" + String.join(",", zoneA) + "\n"
            + "nearcache.zones.b=" + String.join(",", memcached.nodes("b").subList(0, 2)) + "\n";
    Path temporary = directory.resolve("servers.tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, listFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Report scenario(String name, boolean prewarm, List<String> from, List<String> to)
      throws Exception {
    start(prewarm, from);
    Cache<String, String> cache =
        manager.createCache(
            "topology", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    RemoteTier tier = manager.unwrap(NearCacheManager.class).remoteTier();
    Cache<String, String> other =
        manager.createCache(
            "topology-other",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    Load load = new Load(cache, other);
    Thread thread = new Thread(load, "topology-load");
    thread.start();
    Thread reader = new Thread(load::readOtherKeys, "topology-reader");
    reader.start();
    try {
      load.awaitSweeps(3); // fill, then a sweep that hits
      int before = load.completedSweeps() - 1;
      // The change is applied as the next sweep starts, so that sweep is the first touch of every
      // key after it; the other thread keeps reading throughout.
      long[] changedAt = new long[1];
      load.change =
          () -> {
            try {
              writeLists(to);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            tier.refreshTopology();
            changedAt[0] = System.nanoTime();
            // The handoff: moved keys stay on their previous node, then are sealed and copied
            // as they are used (two periods of two refresh intervals); pre-warm comes after.
            try {
              Thread.sleep(4 * REFRESH_MILLIS + 200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      int firstDuring = before + 2;
      load.changeAtSweep = firstDuring;
      load.awaitSweeps(firstDuring + 1);
      long duringMillis = (System.nanoTime() - changedAt[0]) / 1_000_000;
      // Wait for the window to end (the refresher closes it), then one more full sweep.
      long deadline = System.nanoTime() + (WINDOW_MILLIS + 10_000) * 1_000_000L;
      while (System.nanoTime() - changedAt[0] < WINDOW_MILLIS * 1_000_000L + 500_000_000L
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      tier.refreshTopology();
      int firstAfter = load.completedSweeps() + 1;
      load.awaitSweeps(firstAfter + 1);
      TopologyMetrics metrics = tier.topologyMetrics();
      Report report =
          new Report(
              name,
              prewarm,
              load.sweeps.get(before),
              load.sweeps.get(firstDuring),
              load.sweeps.get(firstAfter),
              metrics,
              duringMillis,
              load);
      System.out.println(report);
      return report;
    } finally {
      load.stop.set(true);
      thread.join(30_000);
      reader.join(30_000);
    }
  }

  /**
   * One sweep's outcome.
   *
   * @param gets reads of keys that hold a value (reads of removed keys are not hits anywhere)
   * @param localHits reads answered by the local zone
   * @param loads reads of keys holding a value that no zone answered: database loads
   */
  record Sweep(int gets, long localHits, long loads) {
    double localHitRatio() {
      return gets == 0 ? 0 : (double) localHits / gets;
    }
  }

  /**
   * Sweeps every key in a shuffled order: 80% gets, 15% puts of a new version, 5% removes; a get
   * that finds nothing loads the last written value (the "database") and puts it.
   */
  static final class Load implements Runnable {
    final Cache<String, String> cache;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Sweep> sweeps = new CopyOnWriteArrayList<>();
    final Map<String, String> truth = new HashMap<>();
    final List<String> wrong = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final Random random = new Random(11);
    volatile int changeAtSweep = -1;
    volatile Runnable change;

    /** Another cache, on the same zones, for the second thread: its counters stay apart. */
    final Cache<String, String> other;

    Load(Cache<String, String> cache, Cache<String, String> other) {
      this.cache = cache;
      this.other = other;
    }

    @Override
    public void run() {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        keys.add("key-" + i);
      }
      NearCache<?, ?> near = cache.unwrap(NearCache.class);
      for (int sweep = 0; sweep < 10_000 && !stop.get(); sweep++) {
        Collections.shuffle(keys, random);
        if (sweep == changeAtSweep) {
          try {
            change.run();
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }
        long localBefore = near.remoteCounters().remoteHits().getOrDefault("a", 0L);
        int gets = 0;
        int loads = 0;
        for (String key : keys) {
          int dice = sweep == 0 ? 100 : random.nextInt(100);
          try {
            if (dice < 80) {
              String expected = truth.get(key);
              gets += expected == null ? 0 : 1;
              String found = cache.get(key);
              if (found == null) {
                if (expected != null) {
                  loads++;
                  cache.put(key, expected); // the database answers; the cache is filled again
                }
              } else if (!found.equals(expected)) {
                wrong.add(key + ": read " + found + ", expected " + expected);
              }
            } else if (dice < 95 || sweep == 0) {
              String value = key + "@" + sweep + "." + random.nextInt(1_000_000);
              cache.put(key, value);
              truth.put(key, value);
            } else {
              cache.remove(key);
              truth.remove(key);
            }
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }
        long local = near.remoteCounters().remoteHits().getOrDefault("a", 0L) - localBefore;
        sweeps.add(new Sweep(gets, local, loads));
      }
    }

    /**
     * Reads and writes keys of their own, as another user of the cache, until stopped: exceptions
     * are collected, and each value read must be one this thread wrote for the key.
     */
    void readOtherKeys() {
      Random own = new Random(7);
      Map<String, String> written = new HashMap<>();
      for (int op = 0; op < 10_000_000 && !stop.get(); op++) {
        String key = "other-" + own.nextInt(300);
        try {
          if (own.nextInt(10) == 0) {
            String value = key + "#" + op;
            other.put(key, value);
            written.put(key, value);
          } else {
            String found = other.get(key);
            if (found != null && !found.equals(written.get(key))) {
              wrong.add(key + ": read " + found + ", expected " + written.get(key));
            }
          }
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    }

    int completedSweeps() {
      return sweeps.size();
    }

    void awaitSweeps(int count) throws InterruptedException {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (sweeps.size() < count && System.nanoTime() < deadline && !stop.get()) {
        Thread.sleep(20);
      }
      assertTrue(sweeps.size() >= count, "the load completed " + sweeps.size() + " sweeps");
    }
  }

  record Report(
      String name,
      boolean prewarm,
      Sweep before,
      Sweep during,
      Sweep after,
      TopologyMetrics metrics,
      long duringMillis,
      Load load) {
    void check(boolean prewarmExpected) {
      assertEquals(List.of(), load.failures, "no exception reaches the caller");
      assertEquals(List.of(), load.wrong, "no stale or wrong value is read");
      assertEquals(1, metrics.changes(), "one change applied: " + metrics);
      assertTrue(
          duringMillis < WINDOW_MILLIS, "the during sweep ran inside the window: " + duringMillis);
      double drop = before.localHitRatio() - during.localHitRatio();
      if (prewarmExpected) {
        assertTrue(drop <= 0.05, "pre-warm keeps the local hit ratio within 5 points: " + this);
        assertTrue(metrics.prewarmCopies() > 0, "pre-warm copied values: " + metrics);
      } else {
        // The keys ketama moved (about a quarter or a third) miss in the local zone once.
        assertTrue(drop > 0.10, "without pre-warm the moved keys miss locally: " + this);
        assertEquals(0, metrics.prewarmCopies());
      }
      assertTrue(
          before.localHitRatio() - after.localHitRatio() <= 0.05,
          "the local hit ratio is back after the window: " + this);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: local-zone hit ratio before %.1f%%, during %.1f%% (first sweep, %d ms), after"
              + " %.1f%%; keys moved %.1f%%; pre-warm reads %d, copies %d; database loads"
              + " before/during/after %d/%d/%d",
          name,
          before.localHitRatio() * 100,
          during.localHitRatio() * 100,
          duringMillis,
          after.localHitRatio() * 100,
          metrics.lastMovedShare() * 100,
          metrics.prewarmReads(),
          metrics.prewarmCopies(),
          before.loads(),
          during.loads(),
          after.loads());
    }
  }
}
