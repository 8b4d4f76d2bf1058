package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memcached nodes of every pool and zone at one moment: pool name, then zone name, then the
 * zone's nodes in order. The default pool, {@value #DEFAULT_POOL}, is the one {@code
 * nearcache.zones.*} configures; other pools are {@code nearcache.pools.<pool>.zones.*}.
 *
 * @param pools every pool's zones and their nodes
 */
public record ServerList(Map<String, Map<String, List<NodeAddress>>> pools) {
  /** The name of the pool that {@code nearcache.zones.<zone>} keys configure. */
  public static final String DEFAULT_POOL = "default";

  private static final String ZONES = "nearcache.zones.";
  private static final String POOLS = "nearcache.pools.";

  /**
   * Checks and freezes the lists.
   *
   * @throws IllegalArgumentException for a zone without nodes or naming a node twice
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
          copy.put(pool, java.util.Collections.unmodifiableMap(zoneCopy));
        });
    pools = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Reads the lists from configuration keys: {@code nearcache.zones.<zone>=host:port,...} for the
   * default pool and {@code nearcache.pools.<pool>.zones.<zone>=host:port,...} for the others.
   * Other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key whose value is not a list of host:port nodes
   */
  public static ServerList parse(Map<String, String> properties) {
    Map<String, Map<String, List<NodeAddress>>> pools = new TreeMap<>();
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
          for (String node : value.split(",")) {
            if (!node.isBlank()) {
              try {
                nodes.add(NodeAddress.parse(node));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "=" + value + ": " + e.getMessage(), e);
              }
            }
          }
          pools.computeIfAbsent(pool, p -> new TreeMap<>()).put(zone, nodes);
        });
    return new ServerList(pools);
  }

  /** The zones of one pool, or an empty map when there is no such pool. */
  public Map<String, List<NodeAddress>> zones(String pool) {
    return pools.getOrDefault(pool, Map.of());
  }
}
