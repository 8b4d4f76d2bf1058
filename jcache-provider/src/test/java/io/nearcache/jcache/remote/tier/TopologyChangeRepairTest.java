package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private static final Duration REFRESH = Duration.ofMillis(400);

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
    ServerListFiles.write(listFile, nodes.subList(0, 1), 1);
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

    ServerListFiles.write(listFile, nodes, 2);
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
        Duration.ofSeconds(6),
        () -> coherence.fullRepairs() > repairsAfterChange);
    assertEquals("v1", reader.get("k"), "the near copy that may have missed it is gone");
    assertTrue(coherence.fullRepairs() - repairsBefore >= 2);
  }

  /**
   * Stores a new value for the key on every node of the zone, announcing nothing: whichever node
   * the reader asks, early or late in the handoff, holds it.
   */
  private void changeWithoutRecord(String key, String value) {
    List<SpyZoneClient> nodes = new ArrayList<>();
    for (String node : memcached.nodes("a")) {
      nodes.add(new SpyZoneClient("a", List.of(NodeAddress.parse(node)), Duration.ofSeconds(2)));
    }
    try {
      String memcachedKey = null;
      Envelope old = null;
      for (SpyZoneClient node : nodes) {
        String genKey = raw.cachePrefix(CACHE) + "gen";
        byte[] counter = node.get(genKey).get(2, TimeUnit.SECONDS);
        String generation =
            counter == null ? null : new String(counter, StandardCharsets.US_ASCII).trim();
        if (generation != null && generation.chars().allMatch(Character::isDigit)) {
          memcachedKey = raw.memcachedKey(CACHE, key, Long.parseLong(generation));
        }
      }
      assertTrue(memcachedKey != null, "a node holds the generation counter");
      for (SpyZoneClient node : nodes) {
        byte[] bytes = node.get(memcachedKey).get(2, TimeUnit.SECONDS);
        if (bytes != null && bytes[0] == 0x6E) {
          old = new EnvelopeCodec(CACHE).decode(bytes);
        }
      }
      assertTrue(old != null, "a node holds the entry");
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
      for (SpyZoneClient node : nodes) {
        node.set(memcachedKey, 0, bytes).get(2, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      nodes.forEach(SpyZoneClient::close);
    }
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
