package io.nearcache.jcache.multiprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "remote tier": conditional operations are atomic across JVMs. Four separate JVMs in two
 * zones, eight threads each, race {@code putIfAbsent} on the same keys and increment shared
 * counters with {@code replace(k, old, new)}: every race has exactly one winner, no increment is
 * lost, and both zones end up holding the same envelope for every key.
 */
class MultiProcessAtomicityTest {
  private static final int WORKERS = 4;
  private static final int THREADS = 8;
  private static final int RACE_KEYS = 100;
  private static final int INCREMENTS = 12;

  private static MemcachedCluster cluster;

  @TempDir Path temp;

  @BeforeAll
  static void startCluster() {
    cluster = MemcachedCluster.start(2, 2);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void racesHaveOneWinnerAndNoIncrementIsLost() throws Exception {
    Path start = temp.resolve("start");
    List<Process> processes = new ArrayList<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    Map<String, Boolean> ready = new ConcurrentHashMap<>();
    List<Thread> readers = new ArrayList<>();
    try {
      for (int w = 0; w < WORKERS; w++) {
        String zone = cluster.zones().get(w % 2);
        Process p = launch("w" + w, zone, start);
        processes.add(p);
        Thread reader =
            new Thread(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                      if (line.startsWith("READY ")) {
                        ready.put(line.substring(6), true);
                      } else if (line.startsWith("WIN ")
                          || line.startsWith("INCREMENT ")
                          || line.startsWith("DONE ")) {
                        lines.add(line);
                      }
                    }
                  } catch (java.io.IOException e) {
                    // the process ended
                  }
                });
        reader.start();
        readers.add(reader);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (ready.size() < WORKERS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(WORKERS, ready.size(), "workers ready: " + ready.keySet());
      Files.createFile(start);
      for (Process p : processes) {
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "a worker did not finish in 240 s");
        assertEquals(0, p.exitValue(), "a worker failed: " + stderr(p));
      }
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }

    Map<String, List<String>> winners = new HashMap<>();
    Map<String, Integer> increments = new HashMap<>();
    int done = 0;
    for (String line : lines) {
      String[] parts = line.split(" ");
      if (parts[0].equals("WIN")) {
        winners.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[2]);
      } else if (parts[0].equals("INCREMENT")) {
        increments.merge(parts[1], 1, Integer::sum);
      } else {
        done++;
      }
    }
    assertEquals(WORKERS, done);

    Properties zoneA = cluster.asProperties();
    zoneA.setProperty(MemcachedCluster.LOCAL_ZONE, cluster.zones().get(0));
    CachingProvider provider = Caching.getCachingProvider();
    CacheManager manager =
        provider.getCacheManager(
            java.net.URI.create("urn:nearcache:atomicity-check"), getClass().getClassLoader(), zoneA);
    try {
      Cache<String, String> cache =
          manager.createCache(
              "race",
              new javax.cache.configuration.MutableConfiguration<String, String>()
                  .setTypes(String.class, String.class));
      for (int k = 0; k < RACE_KEYS; k++) {
        String key = "race:" + k;
        List<String> won = winners.getOrDefault(key, List.of());
        assertEquals(1, won.size(), key + " winners: " + won);
        assertEquals(won.get(0), cache.get(key), key + " holds the winner's value");
      }
      int total = 0;
      for (int c = 0; c < 4; c++) {
        String key = "counter:" + c;
        int counted = increments.getOrDefault(key, 0);
        total += counted;
        assertEquals(Long.toString(counted), cache.get(key), key + ": no lost increment");
      }
      assertEquals(WORKERS * THREADS * INCREMENTS, total);
    } finally {
      manager.close();
    }
    assertZonesConverge();
  }

  /** Both zones hold byte-identical envelopes for every key, once replication settled. */
  private void assertZonesConverge() throws Exception {
    EnvelopeCodec codec = new EnvelopeCodec("race");
    List<ZoneClient> zones = new ArrayList<>();
    for (String zone : cluster.zones()) {
      List<NodeAddress> nodes = new ArrayList<>();
      cluster.nodes(zone).forEach(n -> nodes.add(NodeAddress.parse(n)));
      zones.add(new SpyZoneClient(zone, nodes, Duration.ofSeconds(2)));
    }
    try {
      String prefix = "nc:race:";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String difference;
      do {
        difference = null;
        List<String> keys = zones.get(0).keys(prefix).get(10, TimeUnit.SECONDS);
        assertTrue(keys.size() >= RACE_KEYS + 4, "zone a holds " + keys.size() + " keys");
        Map<String, byte[]> a = zones.get(0).getBulk(keys).get(10, TimeUnit.SECONDS);
        Map<String, byte[]> b = zones.get(1).getBulk(keys).get(10, TimeUnit.SECONDS);
        for (String key : keys) {
          if (!key.matches("nc:race:\\d+:.*")) {
            continue; // the generation counter and the invalidation journal
          }
          Envelope ea = codec.decode(a.get(key));
          byte[] rawB = b.get(key);
          Envelope eb = rawB == null ? null : codec.decode(rawB);
          if (eb == null || ea.version() != eb.version()
              || !java.util.Arrays.equals(ea.payload(), eb.payload())) {
            difference = key;
            break;
          }
        }
        if (difference != null) {
          Thread.sleep(50);
        }
      } while (difference != null && System.nanoTime() < deadline);
      assertEquals(null, difference, "zones a and b differ on this key");
    } finally {
      zones.forEach(ZoneClient::close);
    }
  }

  private Process launch(String worker, String zone, Path start) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    for (String z : cluster.zones()) {
      command.add("-D" + MemcachedCluster.ZONES_PREFIX + z + "=" + cluster.serversProperty(z));
    }
    command.add("-D" + MemcachedCluster.LOCAL_ZONE + "=" + zone);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AtomicityWorker.class.getName());
    command.add(worker);
    command.add(Integer.toString(THREADS));
    command.add(Integer.toString(RACE_KEYS));
    command.add(Integer.toString(INCREMENTS));
    command.add(start.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(temp.resolve(worker + ".stderr").toFile());
    return builder.start();
  }

  private String stderr(Process p) {
    try {
      StringBuilder all = new StringBuilder();
      for (File f : temp.toFile().listFiles((d, n) -> n.endsWith(".stderr"))) {
        all.append(f.getName()).append(":\n").append(Files.readString(f.toPath())).append('\n');
      }
      return all.toString();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
