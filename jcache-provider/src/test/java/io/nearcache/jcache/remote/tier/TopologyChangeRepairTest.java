package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 8: while JVMs disagree on a zone's node list (for up to one refresh interval
 * after it changes), a journal key that moved has two homes: the JVM with the new list copies a
 * counter to its new node and increments the copy while a JVM with the old list increments the
 * original, so both take the same sequence number; or one writes a record where the other does
 * not look. Such a lost invalidation used to leave a near copy stale for good. A
 * reader whose node list changes now drops every near copy at once and again when every JVM has
 * the new list. The loss is made deterministic here: once the reader has the new list, the value
 * changes in memcached without any journal record, as it would for a record lost to the skew.
 */
class TopologyChangeRepairTest {
  private static final String CACHE = "topology-repair";
  private static final Duration REFRESH = Duration.ofMillis(300);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(2).resetBeforeEach();

  @TempDir Path directory;

  private TwoTierManagers managers;
  private RawZones raw;
  private Path listFile;

  @BeforeEach
  void open() {
    managers = new TwoTierManagers(memcached.cluster());
    raw = new RawZones(memcached.cluster());
  }

  @AfterEach
  void close() {
    managers.close();
    raw.close();
  }

  @Test
  void aValueChangedWhileJvmsDisagreeOnTheNodesIsNotServedStale() throws Exception {
    List<String> nodes = memcached.nodes("a");
    listFile = directory.resolve("servers.properties");
    writeList(nodes.subList(0, 1), 1);
    CacheManager readerManager =
        managers.open(
            "a",
            "nearcache.zones.a", nodes.get(0),
            "nearcache.topology.source", "file:" + listFile,
            "nearcache.topology.refresh-interval", REFRESH.toMillis() + "ms",
            "nearcache.coherence.poll-interval", "50ms");
    Cache<String, String> reader = cache(readerManager);
    Cache<String, String> writer = cache(managers.open("a", "nearcache.zones.a", nodes.get(0)));
    writer.put("k", "v0");
    assertEquals("v0", reader.get("k"));
    CoherenceMetrics coherence = reader.unwrap(NearCache.class).coherenceMetrics();
    long repairsBefore = coherence.fullRepairs();

    writeList(nodes, 2);
    RemoteTier tier = readerManager.unwrap(NearCacheManager.class).remoteTier();
    tier.refreshTopology();
    assertEquals(1, tier.topologyMetrics().changes(), "the reader has the new node list");
    Eventually.await("the reader repairs at once", () -> coherence.fullRepairs() > repairsBefore);
    long repairsAfterChange = coherence.fullRepairs();
    assertEquals("v0", reader.get("k"), "read again and held in the near tier");

    changeWithoutRecord("k", "v1");
    assertEquals("v0", reader.get("k"), "no record announced the change: the near copy stays");

    Eventually.await(
        "the reader repairs once more when every JVM has the list",
        Duration.ofSeconds(5),
        () -> coherence.fullRepairs() > repairsAfterChange);
    assertEquals("v1", reader.get("k"), "the near copy that may have missed it is gone");
    assertTrue(coherence.fullRepairs() - repairsBefore >= 2);
  }

  /** Stores a new value for the key in every node list's home of the key, announcing nothing. */
  private void changeWithoutRecord(String key, String value) {
    String memcachedKey = raw.memcachedKey(CACHE, key);
    Envelope old = raw.envelope("a", memcachedKey);
    SerializationCodec codec =
        SerializationCodec.withDefaults(CACHE, getClass().getClassLoader());
    byte[] bytes =
        new EnvelopeCodec(CACHE)
            .encode(
                Envelope.of(
                    old.expireAtMillis(),
                    old.version() + 1,
                    codec.id(),
                    old.canonicalKey(),
                    codec.encode(value)));
    raw.set("a", memcachedKey, bytes);
  }

  private void writeList(List<String> zoneA, int version) throws Exception {
    String text = "# version " + version + "\nnearcache.zones.a=" + String.join(",", zoneA) + "\n";
    Path temporary = directory.resolve("servers.tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary, listFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
