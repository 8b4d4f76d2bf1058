package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.topology.KetamaRing;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11: the ring a live zone rebuilds places every key where spymemcached's ketama places it,
 * and a change moves about 1/N of the keys per node added or removed.
 */
class KetamaRingTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(1).nodesPerZone(4);

  @Test
  void placesKeysExactlyAsSpymemcached() {
    List<NodeAddress> nodes = memcached.nodes("a").stream().map(NodeAddress::parse).toList();
    KetamaRing ring = new KetamaRing(nodes);
    try (SpyZoneClient spy = new SpyZoneClient("a", nodes, Duration.ofSeconds(1))) {
      for (int i = 0; i < 20_000; i++) {
        String key = "nc:users:0:s:key-" + i;
        assertEquals(spy.nodeFor(key), ring.nodeFor(key), key);
      }
    }
  }

  @Test
  void movesAboutOneNthPerNodeAddedOrRemoved() {
    List<NodeAddress> nodes = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nodes.add(new NodeAddress("10.0.0." + (i + 1), 11211));
    }
    for (int n = 2; n <= 8; n++) {
      KetamaRing before = new KetamaRing(nodes.subList(0, n));
      KetamaRing added = new KetamaRing(nodes.subList(0, n + 1));
      double addShare = before.movedShare(added, 50_000);
      double removeShare = added.movedShare(before, 50_000);
      double expected = 1.0 / (n + 1);
      System.out.printf(
          Locale.ROOT,
          "%d -> %d nodes: %.1f%% of keys moved (1/N = %.1f%%)%n",
          n,
          n + 1,
          addShare * 100,
          expected * 100);
      // Ketama's 160 points per node give each node a share within a few points of 1/N.
      assertTrue(Math.abs(addShare - expected) < 0.06, n + " nodes: " + addShare);
      assertEquals(addShare, removeShare, 1e-9, "removing moves back exactly the same keys");
    }
  }
}
