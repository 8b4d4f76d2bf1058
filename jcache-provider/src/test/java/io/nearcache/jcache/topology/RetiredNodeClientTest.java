package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.remote.topology.DynamicZoneClient;
import io.nearcache.jcache.remote.topology.TopologyMetrics;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 8: a node removed from a zone and listed again inside the migration window. The
 * zone used to connect it anew and drop the retired client, whose connection and I/O thread were
 * never closed. Each node client here is wrapped to count its connections and closes.
 */
class RetiredNodeClientTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(2).resetBeforeEach();

  private final Map<String, AtomicInteger> connects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
  private DynamicZoneClient zone;

  @AfterEach
  void close() {
    if (zone != null) {
      zone.close();
    }
  }

  /** A node removed and added back inside the window keeps one client, closed once at the end. */
  @Test
  void aNodeRemovedAndAddedBackInTheWindowKeepsOneConnection() {
    NodeAddress first = NodeAddress.parse(memcached.nodes("a").get(0));
    NodeAddress second = NodeAddress.parse(memcached.nodes("a").get(1));
    zone = zone(List.of(first, second));
    zone.apply(List.of(first), Map.of());
    zone.apply(List.of(first, second), Map.of());
    zone.close();
    zone = null;

    for (NodeAddress node : List.of(first, second)) {
      int opened = connects.getOrDefault(node.toString(), new AtomicInteger()).get();
      int closed = closes.getOrDefault(node.toString(), new AtomicInteger()).get();
      assertEquals(opened, closed, node + ": every connection is closed");
    }
    assertEquals(1, connects.get(second.toString()).get(), "the retired client came back");
  }

  private DynamicZoneClient zone(List<NodeAddress> nodes) {
    return new DynamicZoneClient(
        "a",
        nodes,
        Map.of(),
        this::connect,
        WINDOW,
        Duration.ofSeconds(1),
        true,
        new TopologyMetrics(),
        System::nanoTime);
  }

  /** A node client that counts its connection and close. */
  private ZoneClient connect(String zone, NodeAddress node) {
    ZoneClient real = new SpyZoneClient(zone, List.of(node), Duration.ofSeconds(2));
    connects.computeIfAbsent(node.toString(), n -> new AtomicInteger()).incrementAndGet();
    return (ZoneClient)
        Proxy.newProxyInstance(
            ZoneClient.class.getClassLoader(),
            new Class<?>[] {ZoneClient.class},
            (proxy, method, arguments) -> {
              if (method.getName().equals("close")) {
                closes.computeIfAbsent(node.toString(), n -> new AtomicInteger()).incrementAndGet();
              }
              try {
                return method.invoke(real, arguments);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
