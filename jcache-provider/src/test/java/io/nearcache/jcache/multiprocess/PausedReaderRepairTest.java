package io.nearcache.jcache.multiprocess;

import static io.nearcache.jcache.coherence.CoherenceFixture.REPAIR_BOUND;
import static io.nearcache.jcache.coherence.CoherenceFixture.requireOwnConfiguration;
import static io.nearcache.jcache.coherence.CoherenceFixture.await;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitFresh;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitTrue;
import static io.nearcache.jcache.coherence.CoherenceFixture.counter;
import static io.nearcache.jcache.coherence.CoherenceFixture.journal;
import static io.nearcache.jcache.coherence.CoherenceFixture.keyIn;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.memcachedKey;
import static io.nearcache.jcache.coherence.CoherenceFixture.partitionOf;
import static io.nearcache.jcache.coherence.CoherenceFixture.rawEnvelope;
import static io.nearcache.jcache.coherence.CoherenceFixture.rawZone;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static io.nearcache.jcache.coherence.CoherenceFixture.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.coherence.Journal;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Coherence": a JVM that was paused longer than the journal keeps records ({@link
 * Journal#RETENTION_SECONDS}, two minutes) comes back to a gap it cannot fill, and drops the near
 * copies of the partitions concerned instead of serving them; so does a JVM paused through more
 * writes than one poll fetches from a partition.
 *
 * <p>The reader is a real JVM in zone b, frozen with SIGSTOP while a JVM in zone a (this one)
 * writes. Two minutes of retention are not waited out: the records written during the pause are
 * deleted, which is what their expiry does.
 */
class PausedReaderRepairTest {
  private static final String CACHE = "orders";
  /** The most records a poll fetches from one partition; a larger gap is repaired. */
  private static final int MAX_FETCH_PER_POLL = 512;

  private static MemcachedCluster cluster;
  private static Path directory;
  private static WorkerProcess reader;
  private static CacheManager writerJvm;
  private static Cache<String, String> writer;
  private static ZoneClient zoneA;
  private static ZoneClient zoneB;

  @BeforeAll
  static void start() throws Exception {
    requireOwnConfiguration();
    cluster = MemcachedCluster.start(2, 1);
    directory = Files.createTempDirectory("paused-reader");
    writerJvm = manager(cluster, "a");
    writer = stringCache(writerJvm, CACHE);
    reader = WorkerProcess.start(cluster, "b", CACHE, directory, "reader");
    zoneA = rawZone(cluster, "a");
    zoneB = rawZone(cluster, "b");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable open : new AutoCloseable[] {reader, zoneA, zoneB, writerJvm, cluster}) {
      if (open != null) {
        try {
          open.close();
        } catch (Exception e) {
          throw new AssertionError("could not close " + open, e);
        }
      }
    }
  }

  @Test
  void recordsExpiredDuringThePauseDropTheirPartition() {
    String key = "order:1";
    int partition = partitionOf(CACHE, key);
    String elsewhere = keyIn(CACHE, "order:", partition, false);
    prime(key, "v1");
    prime(elsewhere, "e1");
    long repairs = repairs();

    long lastA = counter(zoneA, CACHE, partition);
    long lastB = counter(zoneB, CACHE, partition);
    reader.pause();
    try {
      writer.put(key, "v2");
      writer.put(key, "v3");
      awaitTrue(
          "zone b announced both writes",
          Duration.ofSeconds(5),
          () -> counter(zoneB, CACHE, partition) == lastB + 2);
      Journal journal = journal(CACHE);
      for (long s = 1; s <= 2; s++) {
        assertTrue(await(zoneB.delete(journal.recordKey(partition, lastB + s))));
        assertTrue(await(zoneA.delete(journal.recordKey(partition, lastA + s))));
      }
    } finally {
      reader.resume();
    }

    long fresh =
        awaitFresh(
            "paused reader",
            () -> get(key),
            "v3",
            System.nanoTime(),
            REPAIR_BOUND,
            Duration.ofMillis(300));
    System.out.println("PAUSED READER (records expired) read v3 " + fresh + " ms after resume");
    assertTrue(repairs() > repairs, "the reader repaired the partition");
    assertEquals("true", reader.ask("NEAR " + elsewhere, "NEAR"), "other partitions are kept");
  }

  @Test
  void moreWritesDuringThePauseThanOnePollFetchesDropTheirPartition() {
    String key = "order:busy";
    int partition = partitionOf(CACHE, key);
    String memcachedKey = memcachedKey(zoneA, CACHE, key);
    prime(key, "w0");
    long repairs = repairs();
    long applied = applied();

    long lastB = counter(zoneB, CACHE, partition);
    String last = "w0";
    int writes = 0;
    reader.pause();
    try {
      // Copies of one key that race each other to zone b may be announced once for several
      // writes, so write until zone b's journal holds more new records than one poll fetches.
      while (counter(zoneB, CACHE, partition) - lastB <= MAX_FETCH_PER_POLL) {
        assertTrue(writes < 10 * MAX_FETCH_PER_POLL, writes + " writes made too few records");
        for (int i = 0; i < 100; i++) {
          last = "w" + ++writes;
          writer.put(key, last);
        }
        String written = last;
        awaitTrue(
            "zone b holds " + written,
            Duration.ofSeconds(10),
            () -> {
              Envelope copy = rawEnvelope(zoneB, CACHE, memcachedKey);
              return copy != null && written.equals(valueOf(CACHE, copy));
            });
      }
    } finally {
      reader.resume();
    }

    long fresh =
        awaitFresh(
            "paused reader",
            () -> get(key),
            last,
            System.nanoTime(),
            REPAIR_BOUND,
            Duration.ofMillis(300));
    System.out.println(
        "PAUSED READER ("
            + writes
            + " writes, "
            + (counter(zoneB, CACHE, partition) - lastB)
            + " records) read "
            + last
            + " "
            + fresh
            + " ms after resume");
    assertTrue(repairs() > repairs, "the reader repaired the partition");
    long fetched = applied() - applied;
    assertTrue(fetched < 10, fetched + " records applied: the gap was fetched, not repaired");
  }

  /** Writes the value and waits until the reader holds it in its near tier. */
  private static void prime(String key, String value) {
    writer.put(key, value);
    reader.awaitCached(key, value);
  }

  private static String get(String key) {
    String value = reader.ask("GET " + key, "VALUE");
    return "null".equals(value) ? null : value;
  }

  private static long repairs() {
    return Long.parseLong(reader.ask("METRICS", "METRICS").split(" ")[2]);
  }

  private static long applied() {
    return Long.parseLong(reader.ask("METRICS", "METRICS").split(" ")[1]);
  }
}
