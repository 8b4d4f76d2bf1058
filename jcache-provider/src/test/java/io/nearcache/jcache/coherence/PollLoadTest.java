package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.PARTITIONS;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.metrics;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.AdminClient;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Coherence": the cost of polling. With the default 100 ms interval a JVM polls each
 * cache's journal about ten times a second: one multi-get of the partition counters and the
 * generation when nothing changed, plus one multi-get of the new records when something did. The
 * idle figure is checked against memcached's own count of keys read.
 */
class PollLoadTest {
  private static final String CACHE = "load";
  private static final Duration WINDOW = Duration.ofSeconds(2);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  @Test
  void pollerReadsItsJournalAboutTenTimesASecondPerCache() throws Exception {
    NodeAddress zoneANode = NodeAddress.parse(memcached.cluster().nodes("a").get(0));
    AdminClient admin = new AdminClient("a", Duration.ofSeconds(2));
    CacheManager measured = manager(memcached.cluster(), "a");
    CacheManager writerJvm = manager(memcached.cluster(), "b");
    try {
      Cache<String, String> cache = stringCache(measured, CACHE);
      CoherenceMetrics seen = metrics(cache);

      long polls = seen.polls();
      long keysRead = getsOn(admin, zoneANode);
      long start = System.nanoTime();
      Thread.sleep(WINDOW.toMillis());
      double seconds = (System.nanoTime() - start) / 1e9;
      double idlePolls = (seen.polls() - polls) / seconds;
      double keysPerPoll = (double) (getsOn(admin, zoneANode) - keysRead) / (seen.polls() - polls);

      Cache<String, String> writer = stringCache(writerJvm, CACHE);
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread load =
          new Thread(
              () -> {
                for (int i = 0; writing.get(); i++) {
                  writer.put("k" + (i % 100), "v" + i);
                  sleepQuietly(20);
                }
              });
      load.start();
      long busyFrom = seen.polls();
      long applied = seen.recordsApplied();
      start = System.nanoTime();
      Thread.sleep(WINDOW.toMillis());
      seconds = (System.nanoTime() - start) / 1e9;
      double busyPolls = (seen.polls() - busyFrom) / seconds;
      double recordsPerSecond = (seen.recordsApplied() - applied) / seconds;
      writing.set(false);
      load.join(TimeUnit.SECONDS.toMillis(5));

      System.out.printf(
          "POLL LOAD %.1f polls/s per cache idle (1 multi-get of %.1f keys each, %d partition"
              + " counters + the generation), %.1f polls/s per cache while another JVM writes"
              + " %.0f keys/s (plus 1 multi-get of the new records per poll that finds some)%n",
          idlePolls, keysPerPoll, PARTITIONS, busyPolls, recordsPerSecond);
      assertTrue(idlePolls >= 5 && idlePolls <= 15, "idle polls/s " + idlePolls);
      assertTrue(busyPolls >= 5 && busyPolls <= 15, "busy polls/s " + busyPolls);
      assertTrue(
          keysPerPoll >= PARTITIONS + 1 - 1.5 && keysPerPoll <= PARTITIONS + 1 + 1.5,
          "keys read per idle poll " + keysPerPoll);
      assertTrue(recordsPerSecond > 0, "the writer's records reached the measured JVM");
    } finally {
      writerJvm.close();
      measured.close();
    }
  }

  /** Keys read on the node so far, as memcached counts them ({@code cmd_get}). */
  private static long getsOn(AdminClient admin, NodeAddress node) {
    return Long.parseLong(admin.stats(node).get("cmd_get"));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
