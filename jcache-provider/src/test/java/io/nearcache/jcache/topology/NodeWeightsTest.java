package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.TransportSettings;
import io.nearcache.jcache.remote.topology.KetamaRing;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node weights: a weighted node takes a share of the keys in proportion to its weight, on the
 * static path (one spymemcached client per zone) and on a live zone alike, with the placement of
 * libmemcached's and spymemcached's weighted ketama; equal weights keep the classic ring.
 */
class NodeWeightsTest {
  private static final int KEYS = 3000;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(3).resetBeforeEach();

  @TempDir Path directory;

  private static List<NodeAddress> tenNodes() {
    List<NodeAddress> nodes = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      nodes.add(new NodeAddress("10.0.0." + i, 11211));
    }
    return nodes;
  }

  @Test
  void sharesFollowTheWeights() {
    List<NodeAddress> nodes = tenNodes().subList(0, 3);
    KetamaRing ring =
        new KetamaRing(nodes, Map.of(nodes.get(0), 1, nodes.get(1), 2, nodes.get(2), 3));
    Map<NodeAddress, Integer> counts = new HashMap<>();
    int samples = 60_000;
    for (int i = 0; i < samples; i++) {
      counts.merge(ring.nodeFor("nc:w:" + i), 1, Integer::sum);
    }
    for (int i = 0; i < 3; i++) {
      double expected = (i + 1) / 6.0;
      double points = ring.pointShares().get(nodes.get(i));
      assertEquals(expected, points, 0.01, "share of the ring's points of " + nodes.get(i));
      double keys = counts.getOrDefault(nodes.get(i), 0) / (double) samples;
      assertEquals(expected, keys, 0.06, "share of the keys of " + nodes.get(i) + ": " + counts);
    }
  }

  @Test
  void equalWeightsAreTheUnweightedRing() {
    List<NodeAddress> nodes = tenNodes();
    Map<NodeAddress, Integer> fives = new HashMap<>();
    nodes.forEach(node -> fives.put(node, 5));
    KetamaRing plain = new KetamaRing(nodes);
    KetamaRing weighted = new KetamaRing(nodes, fives);
    assertTrue(plain.sameAs(weighted), "equal weights build the classic ring");
    assertEquals(0.0, plain.movedShare(weighted, 20_000));
  }

  /**
   * Our weighted ring against spymemcached's own weighted {@code KetamaNodeLocator}, loaded in a
   * class loader of its own with assertions off: that locator asserts 160 points per node, which a
   * weighted ring does not have (and why the provider does not route weighted zones with it).
   */
  @Test
  void placesKeysAsSpymemcachedsWeightedKetama() throws Exception {
    List<NodeAddress> nodes = tenNodes().subList(0, 4);
    Map<NodeAddress, Integer> weights =
        Map.of(nodes.get(0), 1, nodes.get(1), 3, nodes.get(2), 2, nodes.get(3), 7);
    KetamaRing ring = new KetamaRing(nodes, weights);

    URL spyJar =
        Class.forName("net.spy.memcached.KetamaNodeLocator")
            .getProtectionDomain()
            .getCodeSource()
            .getLocation();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {spyJar}, ClassLoader.getPlatformClassLoader())) {
      loader.setDefaultAssertionStatus(false);
      Class<?> nodeType = loader.loadClass("net.spy.memcached.MemcachedNode");
      Map<Object, NodeAddress> byProxy = new HashMap<>();
      List<Object> spyNodes = new ArrayList<>();
      Map<InetSocketAddress, Integer> spyWeights = new HashMap<>();
      for (NodeAddress node : nodes) {
        InetSocketAddress address = new InetSocketAddress(node.host(), node.port());
        Object proxy =
            Proxy.newProxyInstance(
                loader,
                new Class<?>[] {nodeType},
                (self, method, args) ->
                    switch (method.getName()) {
                      case "getSocketAddress" -> address;
                      case "hashCode" -> System.identityHashCode(self);
                      case "equals" -> self == args[0];
                      case "toString" -> node.toString();
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
        byProxy.put(proxy, node);
        spyNodes.add(proxy);
        spyWeights.put(address, weights.get(node));
      }
      Class<?> hash = loader.loadClass("net.spy.memcached.DefaultHashAlgorithm");
      Class<?> format = loader.loadClass("net.spy.memcached.KetamaNodeKeyFormatter$Format");
      Class<?> locatorType = loader.loadClass("net.spy.memcached.KetamaNodeLocator");
      Constructor<?> constructor =
          locatorType.getConstructor(
              List.class, loader.loadClass("net.spy.memcached.HashAlgorithm"), format, Map.class);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object locator =
          constructor.newInstance(
              spyNodes,
              Enum.valueOf((Class) hash, "KETAMA_HASH"),
              Enum.valueOf((Class) format, "SPYMEMCACHED"),
              spyWeights);
      Method primary = locatorType.getMethod("getPrimary", String.class);
      for (int i = 0; i < 20_000; i++) {
        String key = "nc:users:0:s:key-" + i;
        assertEquals(byProxy.get(primary.invoke(locator, key)), ring.nodeFor(key), key);
      }
    }
  }

  @Test
  void aWeightedStaticZoneStoresItsKeysByWeight() throws Exception {
    List<String> nodes = memcached.nodes("a");
    Properties properties = new Properties();
    properties.setProperty(
        "nearcache.zones.a", nodes.get(0) + ";weight=3," + nodes.get(1) + ";weight=1");
    try (CacheManager manager = open("urn:nearcache:weights-static", properties)) {
      Cache<String, String> cache = stringCache(manager);
      for (int i = 0; i < KEYS; i++) {
        cache.put("k" + i, "v" + i);
      }
      double heavy = keysOn(nodes.get(0));
      double light = keysOn(nodes.get(1));
      System.out.printf(
          java.util.Locale.ROOT, "weights 3 and 1: %.0f and %.0f entries (%.1f%% on the heavy node)%n",
          heavy, light, 100 * heavy / (heavy + light));
      assertEquals(0.75, heavy / (heavy + light), 0.07, heavy + " and " + light + " keys");
      assertEquals("v17", cache.get("k17"));
    }
    List<NodeAddress> addresses = List.of(NodeAddress.parse(nodes.get(0)), NodeAddress.parse(nodes.get(1)));
    Map<NodeAddress, Integer> weights = Map.of(addresses.get(0), 3, addresses.get(1), 1);
    KetamaRing ring = new KetamaRing(addresses, weights);
    try (SpyZoneClient spy =
        new SpyZoneClient("a", addresses, weights, TransportSettings.of(Duration.ofSeconds(1)), null)) {
      for (int i = 0; i < 5000; i++) {
        assertEquals(ring.nodeFor("key-" + i), spy.nodeFor("key-" + i), "key-" + i);
      }
    }
  }

  /** A weight change alone, through a watched JSON file: the ring changes, connections stay. */
  @Test
  void aLiveZoneTakesANewWeightFromAJsonFile() throws Exception {
    List<String> nodes = memcached.nodes("a");
    Path file = directory.resolve("servers.json");
    writeJson(file, nodes, 1);
    Properties properties = new Properties();
    properties.setProperty("nearcache.zones.a", String.join(",", nodes));
    properties.setProperty("nearcache.topology.source", "file:" + file);
    properties.setProperty("nearcache.topology.refresh-interval", "1h");
    properties.setProperty("nearcache.near.enabled", "false");
    try (CacheManager manager = open("urn:nearcache:weights-live", properties)) {
      RemoteTier tier = manager.unwrap(NearCacheManager.class).remoteTier();
      NodeAddress first = NodeAddress.parse(nodes.get(0));
      assertEquals(0, tier.topologyMetrics().changes(), "the same list as configured");
      double before = share(tier, first);

      writeJson(file, nodes, 10);
      tier.refreshTopology();
      assertEquals(1, tier.topologyMetrics().changes(), tier.topologyMetrics().toString());
      assertEquals(0, tier.topologyMetrics().nodesAdded() + tier.topologyMetrics().nodesRemoved());
      double after = share(tier, first);
      System.out.printf(
          java.util.Locale.ROOT, "weight 1 -> 10 of 12: share %.1f%% -> %.1f%%%n",
          before * 100, after * 100);
      assertEquals(1 / 3.0, before, 0.07, "equal weights");
      assertEquals(10 / 12.0, after, 0.07, "weight 10 of 12");

      Cache<String, String> cache = stringCache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
    }
  }

  /**
   * Pools and zones are fixed at start-up: a list naming another zone is reported once (not on
   * every refresh), and the configured zones still take their lists.
   */
  @Test
  void aListNamingAnUnconfiguredZoneIsReportedOnceAndTheRestApplies() throws Exception {
    List<String> nodes = memcached.nodes("a");
    Path file = directory.resolve("servers.properties");
    Files.writeString(
        file,
        "nearcache.zones.a=" + nodes.get(0) + "," + nodes.get(1) + "\n"
            + "nearcache.zones.z=" + nodes.get(2) + "\n");
    Properties properties = new Properties();
    properties.setProperty("nearcache.zones.a", String.join(",", nodes));
    properties.setProperty("nearcache.topology.source", "file:" + file);
    properties.setProperty("nearcache.topology.refresh-interval", "1h");
    try (CacheManager manager = open("urn:nearcache:unknown-zone", properties)) {
      RemoteTier tier = manager.unwrap(NearCacheManager.class).remoteTier();
      for (int i = 0; i < 3; i++) {
        tier.refreshTopology();
      }
      assertEquals(1, tier.topologyMetrics().rejectedLists(), tier.topologyMetrics().toString());
      assertEquals(
          List.of(NodeAddress.parse(nodes.get(0)), NodeAddress.parse(nodes.get(1))),
          tier.router().readOrder().get(0).nodes(),
          "zone a took its new list");
    }
  }

  @Test
  void aBadWeightIsRefusedNamingTheKey() {
    String node = memcached.nodes("a").get(0);
    for (String bad : List.of(";weight=0", ";weight=1001", ";weight=two", ";colour=red")) {
      Properties properties = new Properties();
      properties.setProperty("nearcache.zones.a", node + bad);
      NearcacheConfigurationException e =
          assertThrows(
              NearcacheConfigurationException.class,
              () -> open("urn:nearcache:bad-weight", properties).close(),
              bad);
      assertTrue(e.getMessage().contains("nearcache.zones.a"), e.getMessage());
      assertTrue(e.getMessage().contains("weight"), e.getMessage());
    }
  }

  private static double share(RemoteTier tier, NodeAddress node) {
    int on = 0;
    for (int i = 0; i < KEYS; i++) {
      if (tier.router().readOrder().get(0).nodeFor("k" + i).equals(node)) {
        on++;
      }
    }
    return on / (double) KEYS;
  }

  private static void writeJson(Path file, List<String> nodes, int firstWeight) throws Exception {
    StringBuilder json = new StringBuilder("{\"nodes\": [\n");
    for (int i = 0; i < nodes.size(); i++) {
      NodeAddress node = NodeAddress.parse(nodes.get(i));
      json.append(i == 0 ? "" : ",\n")
          .append("  {\"zone\": \"a\", \"host\": \"")
          .append(node.host())
          .append("\", \"port\": ")
          .append(node.port())
          .append(i == 0 ? ", \"weight\": " + firstWeight : "")
          .append('}');
    }
    json.append("\n]}\n");
    Path temporary = file.resolveSibling("servers.tmp");
    Files.writeString(temporary, json, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private CacheManager open(String uri, Properties properties) {
    return TestCacheManagers.provider()
        .getCacheManager(URI.create(uri), getClass().getClassLoader(), properties);
  }

  private static Cache<String, String> stringCache(CacheManager manager) {
    return manager.createCache(
        "weighted", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static double keysOn(String node) throws Exception {
    try (SpyZoneClient client =
        new SpyZoneClient("probe", List.of(NodeAddress.parse(node)), Duration.ofSeconds(2))) {
      return client.keys("nc:weighted:").get(10, TimeUnit.SECONDS).size();
    }
  }
}
