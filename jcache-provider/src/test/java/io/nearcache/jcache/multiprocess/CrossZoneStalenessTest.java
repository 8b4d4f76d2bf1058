package io.nearcache.jcache.multiprocess;

import static io.nearcache.jcache.coherence.CoherenceFixture.requireOwnConfiguration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md "Coherence": the staleness bound, measured between two real JVMs in two zones. A writer
 * JVM in zone a puts v1, v2, ... into one key; a reader JVM in zone b, which holds the key in its
 * near tier, reads it every millisecond. For every round the lag is the time from the writer's put
 * returning to the reader's first read of the new value (one machine, one clock).
 *
 * <p>The design bound is two poll intervals plus 50 ms: 250 ms at the default 100 ms. It holds
 * while the JVMs get a CPU on time, so it is a measured figure (printed here as p50, p99 and max,
 * and quoted in the README with its conditions and results file), not an assertion: on the 2-core
 * build machine the p99 was 104-105 ms when quiet and 301-638 ms while other builds held the load
 * average at 7-10, single rounds waiting for a CPU. The test asserts two safety bounds that a
 * loaded machine cannot break by itself: the median within one poll interval plus 50 ms (150 ms:
 * the journal, not expiry, drives invalidation), and every round, the slowest included, within a
 * hard {@value #HARD_BOUND_MILLIS} ms, which is also the last moment the reader may still read the
 * old value. The reader never reads an older value after a newer one. Each write waits until the
 * reader saw the previous one, then a random 0-100 ms, so the writes fall at every phase of the
 * reader's poll cycle. The first rounds, while both JVMs are still compiling their hot paths, are
 * held to the hard bound only and reported apart.
 */
class CrossZoneStalenessTest {
  private static final String CACHE = "staleness";
  private static final String KEY = "hot";
  private static final int WARM_UP_ROUNDS = 15;
  private static final int ROUNDS = 80;
  private static final long POLL_INTERVAL_MILLIS = 100;
  private static final long CLAIMED_BOUND_MILLIS = 2 * POLL_INTERVAL_MILLIS + 50;
  private static final long MEDIAN_BOUND_MILLIS = POLL_INTERVAL_MILLIS + 50;
  /**
   * The most any round may take even on a machine busy with other builds: a poll that times out
   * there costs a full repair one poll later (seen: 1,064 ms at load average 13). The design bound
   * ({@link #CLAIMED_BOUND_MILLIS}) is measured and printed, not asserted.
   */
  private static final long HARD_BOUND_MILLIS = 2000;

  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2).nodesPerZone(2);

  @TempDir Path temp;

  @Test
  void readerInAnotherZoneSeesEveryWriteWithinTheBound() throws Exception {
    requireOwnConfiguration();
    List<Long> warmUp = new ArrayList<>();
    List<Long> lags = new ArrayList<>();
    String watched;
    String metrics;
    try (WorkerProcess writer =
            WorkerProcess.start(memcached.cluster(), "a", CACHE, temp, "writer");
        WorkerProcess reader =
            WorkerProcess.start(memcached.cluster(), "b", CACHE, temp, "reader")) {
      writer.ask("PUT " + KEY + " v0", "DONE");
      reader.awaitCached(KEY, "v0");
      reader.send("WATCH " + KEY);
      reader.expect("SAW 0", Duration.ofSeconds(5));

      for (int i = 1; i <= WARM_UP_ROUNDS + ROUNDS; i++) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(POLL_INTERVAL_MILLIS + 1));
        long wrote = Long.parseLong(writer.ask("PUT " + KEY + " v" + i, "DONE"));
        String[] saw = reader.expect("SAW " + i + " ", Duration.ofMillis(5_000)).split(" ");
        long lag = Math.max(0, Long.parseLong(saw[0]) - wrote);
        (i <= WARM_UP_ROUNDS ? warmUp : lags).add(lag);
      }
      watched = reader.ask("UNWATCH", "WATCHED");
      metrics = reader.ask("METRICS", "METRICS");
    }

    List<Long> sorted = new ArrayList<>(lags);
    sorted.sort(null);
    long p50 = percentile(sorted, 50);
    long p99 = percentile(sorted, 99);
    long max = sorted.get(sorted.size() - 1);
    System.out.println(
        "STALENESS p50="
            + p50
            + " p99="
            + p99
            + " max="
            + max
            + " ms over "
            + ROUNDS
            + " rounds, poll-interval="
            + POLL_INTERVAL_MILLIS
            + "ms (claimed bound "
            + CLAIMED_BOUND_MILLIS
            + " ms: p99 "
            + (p99 <= CLAIMED_BOUND_MILLIS ? "within" : "above")
            + ")");
    String[] reads = watched.split(" ");
    String[] m = metrics.split(" ");
    System.out.println(
        "STALENESS reader: "
            + reads[0]
            + " reads, "
            + reads[1]
            + " regressions; polls "
            + m[0]
            + ", records applied "
            + m[1]
            + ", partition repairs "
            + m[2]
            + ", full repairs "
            + m[3]
            + ", failed polls "
            + m[4]
            + ", near hits "
            + m[5]
            + "; warm-up lags "
            + warmUp
            + ", lags "
            + lags);

    assertEquals("0", reads[1], "the reader read an older value after a newer one");
    assertTrue(Long.parseLong(m[5]) > ROUNDS * 10L, "the reader served from its near tier");
    assertTrue(
        Long.parseLong(m[1]) + Long.parseLong(m[2]) + Long.parseLong(m[3])
            >= WARM_UP_ROUNDS + ROUNDS,
        "the journal dropped the reader's copy in every round");
    assertTrue(max <= HARD_BOUND_MILLIS, "slowest round " + max + " ms: " + lags);
    for (long lag : warmUp) {
      assertTrue(lag <= HARD_BOUND_MILLIS, "slowest warm-up round " + lag + " ms: " + warmUp);
    }
    assertTrue(p50 <= MEDIAN_BOUND_MILLIS, "p50 " + p50 + " ms: " + lags);
  }

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
