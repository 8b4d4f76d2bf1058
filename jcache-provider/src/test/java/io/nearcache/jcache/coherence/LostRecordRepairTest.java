package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.REPAIR_BOUND;
import static io.nearcache.jcache.coherence.CoherenceFixture.await;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitFresh;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitSettled;
import static io.nearcache.jcache.coherence.CoherenceFixture.awaitTrue;
import static io.nearcache.jcache.coherence.CoherenceFixture.counter;
import static io.nearcache.jcache.coherence.CoherenceFixture.journal;
import static io.nearcache.jcache.coherence.CoherenceFixture.keyIn;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.metrics;
import static io.nearcache.jcache.coherence.CoherenceFixture.nearHolds;
import static io.nearcache.jcache.coherence.CoherenceFixture.partitionOf;
import static io.nearcache.jcache.coherence.CoherenceFixture.rawZone;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Coherence": a journal record evicted before a reader read it leaves a gap the reader
 * cannot fill, so it drops every near copy of that partition, and only of that partition, and never
 * serves the value the lost record said was replaced.
 *
 * <p>The record is deleted raw from the reader's zone between two of the reader's polls; the reader
 * polls once a second so that the deletion fits between two polls. Should a poll still read the
 * record first (a stalled machine), the round is repeated with a new value.
 */
class LostRecordRepairTest {
  private static final String CACHE = "profiles";
  private static final int ATTEMPTS = 5;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private CacheManager writerJvm;
  private CacheManager readerJvm;
  private Cache<String, String> writer;
  private Cache<String, String> reader;
  private ZoneClient zoneB;

  @BeforeEach
  void open() {
    writerJvm = manager(memcached.cluster(), "a");
    readerJvm = manager(memcached.cluster(), "b", "nearcache.coherence.poll-interval", "1s");
    writer = stringCache(writerJvm, CACHE);
    reader = stringCache(readerJvm, CACHE);
    zoneB = rawZone(memcached.cluster(), "b");
  }

  @AfterEach
  void close() {
    zoneB.close();
    readerJvm.close();
    writerJvm.close();
  }

  @Test
  void recordDeletedBeforeItIsReadDropsThePartitionAndTheOldValueIsNotServedAgain() {
    String key = "user:1";
    int partition = partitionOf(CACHE, key);
    String neighbour = keyIn(CACHE, "neighbour:", partition, true);
    String elsewhere = keyIn(CACHE, "elsewhere:", partition, false);
    CoherenceMetrics seen = metrics(reader);
    Map<String, String> first = Map.of(key, "v0", neighbour, "n0", elsewhere, "e0");
    writer.putAll(first);
    awaitSettled(memcached.cluster(), "b", CACHE, first, reader);

    String latest = null;
    for (int attempt = 1; attempt <= ATTEMPTS && latest == null; attempt++) {
      assertEquals(attempt == 1 ? "v0" : "v" + (attempt - 1), reader.get(key));
      reader.get(neighbour);
      reader.get(elsewhere);
      assertTrue(
          nearHolds(reader, key) && nearHolds(reader, neighbour) && nearHolds(reader, elsewhere));
      long applied = seen.recordsApplied();
      long repairs = seen.partitionRepairs();
      long polls = seen.polls();
      awaitTrue("the reader polled", Duration.ofSeconds(5), () -> seen.polls() > polls);
      sleep(50); // let that poll finish: the next one is a second away

      long last = counter(zoneB, CACHE, partition);
      String value = "v" + attempt;
      writer.put(key, value);
      awaitTrue(
          "zone b announced the write",
          Duration.ofSeconds(2),
          () -> counter(zoneB, CACHE, partition) == last + 1);
      assertTrue(
          await(zoneB.delete(journal(CACHE).recordKey(partition, last + 1))), "record deleted");

      awaitTrue(
          "the reader noticed the change",
          Duration.ofSeconds(3),
          () -> seen.partitionRepairs() > repairs || seen.recordsApplied() > applied);
      if (seen.recordsApplied() == applied) {
        latest = value;
      }
    }
    assertTrue(latest != null, "a poll read the record before its deletion in every attempt");

    assertFalse(nearHolds(reader, key), "the changed key's stale copy is dropped");
    assertFalse(nearHolds(reader, neighbour), "the whole partition is dropped");
    assertTrue(nearHolds(reader, elsewhere), "other partitions keep their copies");
    awaitFresh(
        "reader",
        () -> reader.get(key),
        latest,
        System.nanoTime(),
        REPAIR_BOUND,
        Duration.ofMillis(300));
    assertTrue(seen.partitionRepairs() >= 1, seen.toString());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
