package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memcached nodes of every pool and zone at one moment: pool name, then zone name, then the
 * zone's nodes in order, and the weights of weighted nodes. The default pool, {@value
 * #DEFAULT_POOL}, is the one {@code nearcache.zones.*} configures; other pools are {@code
 * nearcache.pools.<pool>.zones.*}.
 *
 * <p>In configuration and in a watched properties file a node is {@code host:port}, optionally
 * followed by {@code ;weight=<1-1000>}: {@code nearcache.zones.a=10.0.0.1:11211;weight=2,
 * 10.0.0.2:11211}. A node without a weight weighs 1; a zone whose nodes all weigh the same has the
 * classic unweighted ketama ring.
 *
 * @param pools every pool's zones and their nodes
 * @param weights per pool and zone, the weight of each node that has one (may be empty)
 */
public record ServerList(
    Map<String, Map<String, List<NodeAddress>>> pools,
    Map<String, Map<String, Map<NodeAddress, Integer>>> weights) {
  /** The name of the pool that {@code nearcache.zones.<zone>} keys configure. */
  public static final String DEFAULT_POOL = "default";

  private static final String ZONES = "nearcache.zones.";
  private static final String POOLS = "nearcache.pools.";
  private static final String WEIGHT = "weight=";

  /**
   * Checks and freezes the lists.
   *
   * @throws IllegalArgumentException for a zone without nodes or naming a node twice, or a weight
   *     that is out of range, names a node not in its zone, or leaves a node no point on the ring
   */
  public ServerList {
    Map<String, Map<String, List<NodeAddress>>> copy = new TreeMap<>();
    requireNonNull(pools, "pools").forEach(
        (pool, zones) -> {
          Map<String, List<NodeAddress>> zoneCopy = new TreeMap<>();
          zones.forEach(
              (zone, nodes) -> {
                if (nodes.isEmpty()) {
                  throw new IllegalArgumentException(
                      "zone " + zone + " of pool " + pool + " has no memcached node");
                }
                if (new LinkedHashSet<>(nodes).size() != nodes.size()) {
                  throw new IllegalArgumentException(
                      "zone " + zone + " of pool " + pool + " names a node twice: " + nodes);
                }
                zoneCopy.put(zone, List.copyOf(nodes));
              });
          copy.put(pool, Collections.unmodifiableMap(zoneCopy));
        });
    Map<String, Map<String, Map<NodeAddress, Integer>>> weightCopy = new TreeMap<>();
    requireNonNull(weights, "weights").forEach(
        (pool, zones) ->
            zones.forEach(
                (zone, zoneWeights) -> {
                  List<NodeAddress> nodes = copy.getOrDefault(pool, Map.of()).get(zone);
                  if (nodes == null) {
                    throw new IllegalArgumentException(
                        "weights are given for zone " + zone + " of pool " + pool
                            + ", which has no nodes");
                  }
                  try {
                    new KetamaRing(nodes, zoneWeights);
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        "zone " + zone + " of pool " + pool + ": " + e.getMessage(), e);
                  }
                  if (!zoneWeights.isEmpty()) {
                    weightCopy
                        .computeIfAbsent(pool, p -> new TreeMap<>())
                        .put(zone, Map.copyOf(zoneWeights));
                  }
                }));
    weightCopy.replaceAll((pool, zones) -> Collections.unmodifiableMap(zones));
    pools = Collections.unmodifiableMap(copy);
    weights = Collections.unmodifiableMap(weightCopy);
  }

  /** Lists whose nodes all weigh 1. */
  public ServerList(Map<String, Map<String, List<NodeAddress>>> pools) {
    this(pools, Map.of());
  }

  /**
   * Reads the lists from configuration keys: {@code nearcache.zones.<zone>=host:port,...} for the
   * default pool and {@code nearcache.pools.<pool>.zones.<zone>=host:port,...} for the others, each
   * node optionally followed by {@code ;weight=<n>}. Other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key whose value is not a list of host:port nodes
   */
  public static ServerList parse(Map<String, String> properties) {
    Map<String, Map<String, List<NodeAddress>>> pools = new TreeMap<>();
    Map<String, Map<String, Map<NodeAddress, Integer>>> weights = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          String pool;
          String zone;
          if (key.startsWith(ZONES)) {
            pool = DEFAULT_POOL;
            zone = key.substring(ZONES.length());
          } else if (key.startsWith(POOLS) && key.indexOf(".zones.", POOLS.length()) > 0) {
            int at = key.indexOf(".zones.", POOLS.length());
            pool = key.substring(POOLS.length(), at);
            zone = key.substring(at + ".zones.".length());
          } else {
            return;
          }
          if (zone.isEmpty() || zone.contains(".") || pool.isEmpty() || pool.contains(".")) {
            throw new IllegalArgumentException(
                key + ": expected nearcache.zones.<zone> or nearcache.pools.<pool>.zones.<zone>");
          }
          List<NodeAddress> nodes = new ArrayList<>();
          Map<NodeAddress, Integer> zoneWeights = new HashMap<>();
          for (String node : value.split(",")) {
            if (!node.isBlank()) {
              try {
                String[] parts = node.split(";", -1);
                NodeAddress address = NodeAddress.parse(parts[0]);
                nodes.add(address);
                for (int i = 1; i < parts.length; i++) {
                  zoneWeights.put(address, weight(parts[i].trim()));
                }
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "=" + value + ": " + e.getMessage(), e);
              }
            }
          }
          pools.computeIfAbsent(pool, p -> new TreeMap<>()).put(zone, nodes);
          if (!zoneWeights.isEmpty()) {
            weights.computeIfAbsent(pool, p -> new TreeMap<>()).put(zone, zoneWeights);
          }
        });
    return new ServerList(pools, weights);
  }

  private static int weight(String attribute) {
    if (!attribute.startsWith(WEIGHT)) {
      throw new IllegalArgumentException(
          "unknown node attribute '" + attribute + "'; the only one is weight=<1-"
              + KetamaRing.MAX_WEIGHT + ">, as in host:port;weight=2");
    }
    try {
      return Integer.parseInt(attribute.substring(WEIGHT.length()).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + attribute + "': the weight is not a whole number", e);
    }
  }

  /** The zones of one pool, or an empty map when there is no such pool. */
  public Map<String, List<NodeAddress>> zones(String pool) {
    return pools.getOrDefault(pool, Map.of());
  }

  /** The weights of one zone's weighted nodes, empty when they all weigh 1. */
  public Map<NodeAddress, Integer> weights(String pool, String zone) {
    return weights.getOrDefault(pool, Map.of()).getOrDefault(zone, Map.of());
  }
}
