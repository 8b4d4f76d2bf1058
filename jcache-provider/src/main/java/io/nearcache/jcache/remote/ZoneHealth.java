package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The nodes of one zone as one client sees them.
 *
 * @param zone the zone's name
 * @param local whether this JVM reads this zone first
 * @param primary whether this zone arbitrates conditional writes while it answers
 * @param nodes every node of the zone, in configured order
 */
public record ZoneHealth(String zone, boolean local, boolean primary, List<NodeHealth> nodes) {
  /** Copies the node list. */
  public ZoneHealth {
    requireNonNull(zone, "zone");
    nodes = List.copyOf(nodes);
  }

  /** Nodes that are up. */
  public int nodesUp() {
    return (int) nodes.stream().filter(NodeHealth::up).count();
  }

  /** Nodes that are marked down. */
  public int nodesDown() {
    return nodes.size() - nodesUp();
  }

  /** Whether every node is up, so the zone serves every key. */
  public boolean complete() {
    return nodesDown() == 0;
  }
}
