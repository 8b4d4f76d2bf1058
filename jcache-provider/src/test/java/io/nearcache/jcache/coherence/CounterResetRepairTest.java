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
 * DESIGN.md "Coherence": a journal counter that vanishes ({@code flush_all} or a restart of the
 * reader's zone, or an eviction of the counter) comes back far above every sequence the reader saw,
 * so the reader repairs instead of waiting for sequences that will never come, and does not serve
 * the value the write it missed replaced.
 */
class CounterResetRepairTest {
  private static final String CACHE = "accounts";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private CacheManager writerJvm;
  private CacheManager readerJvm;
  private Cache<String, String> writer;
  private Cache<String, String> reader;
  private ZoneClient zoneB;
  private String key;
  private String elsewhere;
  private int partition;

  @BeforeEach
  void open() {
    writerJvm = manager(memcached.cluster(), "a");
    readerJvm = manager(memcached.cluster(), "b");
    writer = stringCache(writerJvm, CACHE);
    reader = stringCache(readerJvm, CACHE);
    zoneB = rawZone(memcached.cluster(), "b");
    key = "account:1";
    partition = partitionOf(CACHE, key);
    elsewhere = keyIn(CACHE, "account:", partition, false);
    Map<String, String> first = Map.of(key, "v1", elsewhere, "e1");
    writer.putAll(first);
    awaitSettled(memcached.cluster(), "b", CACHE, first, reader);
    assertEquals("v1", reader.get(key));
    assertEquals("e1", reader.get(elsewhere));
    assertTrue(nearHolds(reader, key) && nearHolds(reader, elsewhere));
  }

  @AfterEach
  void close() {
    zoneB.close();
    readerJvm.close();
    writerJvm.close();
  }

  @Test
  void flushOfTheReadersZoneRepairsAndTheNextWriteIsSeen() {
    long repairs = metrics(reader).partitionRepairs();
    await(zoneB.flushAll());
    long since = System.nanoTime();
    writer.put(key, "v2");

    long fresh =
        awaitFresh(
            "reader", () -> reader.get(key), "v2", since, REPAIR_BOUND, Duration.ofMillis(300));
    System.out.println("COUNTER RESET (flush_all) repaired, v2 read after " + fresh + " ms");
    assertTrue(metrics(reader).partitionRepairs() > repairs, metrics(reader).toString());
    assertEquals(0, metrics(reader).pollFailures(), "a flushed zone still answers polls");
  }

  @Test
  void deletedCounterRepairsOnlyItsPartition() {
    long repairs = metrics(reader).partitionRepairs();
    long last = counter(zoneB, CACHE, partition);
    assertTrue(await(zoneB.delete(journal(CACHE).counterKey(partition))));
    long since = System.nanoTime();
    writer.put(key, "v2");
    awaitTrue(
        "zone b recreated the counter",
        Duration.ofSeconds(2),
        () -> {
          Long now = counter(zoneB, CACHE, partition);
          return now != null && now > last + 512;
        });

    long fresh =
        awaitFresh(
            "reader", () -> reader.get(key), "v2", since, REPAIR_BOUND, Duration.ofMillis(300));
    System.out.println("COUNTER RESET (deleted counter) repaired, v2 read after " + fresh + " ms");
    assertTrue(metrics(reader).partitionRepairs() > repairs, metrics(reader).toString());
    assertTrue(nearHolds(reader, elsewhere), "other partitions keep their copies");
    assertEquals(0, metrics(reader).fullRepairs(), metrics(reader).toString());
  }
}
