package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.NodeAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ketama placement over {@code host:port} names, as pure data: 160 points per node (40 MD5 digests
 * of {@code "host:port-<i>"}, four points each), a key going to the first point at or after the
 * first four bytes of its MD5 (little-endian), wrapping around.
 *
 * <p>Weighted nodes get points in proportion to their weight, with libmemcached's weighted ketama
 * formula (also spymemcached's): {@code floor(weight / total * 40 * nodes + 1e-10)} digests per
 * node, computed in {@code float} as they do, so that other clients given the same weights place
 * keys alike. Equal weights (or none) give the unweighted ring, 160 points per node.
 *
 * <p>This is exactly what spymemcached's {@code KetamaNodeLocator} computes with {@code
 * KETAMA_HASH} and the node names {@link io.nearcache.jcache.remote.SpyZoneClient} gives it
 * (nodes inserted in list order, a later node winning a colliding point), and what libmemcached's
 * ketama computes, so a zone whose list changes at run time places keys as a fixed client would.
 * It is written here rather than reusing spymemcached's locator because that locator only places
 * connected {@code MemcachedNode} objects, while a ring must also be built for a list that is not
 * connected yet (to measure what a change moves, and to keep the previous ring for pre-warm).
 */
public final class KetamaRing {
  private static final int DIGESTS_PER_NODE = 40;

  /** The largest weight a node may carry. */
  public static final int MAX_WEIGHT = 1000;

  private final List<NodeAddress> nodes;
  private final Map<NodeAddress, Integer> weights;
  private final TreeMap<Long, NodeAddress> points = new TreeMap<>();

  /**
   * Builds the unweighted ring of the nodes.
   *
   * @throws IllegalArgumentException when the list is empty or names a node twice
   */
  public KetamaRing(List<NodeAddress> nodes) {
    this(nodes, Map.of());
  }

  /**
   * Builds the ring of the nodes with their weights; a node without a weight weighs 1.
   *
   * @throws IllegalArgumentException when the list is empty or names a node twice, a weight is
   *     outside 1 to {@value #MAX_WEIGHT} or names a node not in the list, or a node would get no
   *     point on the ring (its weight is too small beside the others')
   */
  public KetamaRing(List<NodeAddress> nodes, Map<NodeAddress, Integer> weights) {
    this.nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    if (this.nodes.isEmpty()) {
      throw new IllegalArgumentException("A ketama ring needs at least one memcached node");
    }
    if (Set.copyOf(this.nodes).size() != this.nodes.size()) {
      throw new IllegalArgumentException("memcached node list names a node twice: " + this.nodes);
    }
    this.weights = normalized(this.nodes, requireNonNull(weights, "weights"));
    int total = 0;
    for (NodeAddress node : this.nodes) {
      total += weight(node);
    }
    for (NodeAddress node : this.nodes) {
      int digests = digests(weight(node), total, this.nodes.size());
      if (digests == 0) {
        throw new IllegalArgumentException(
            "memcached node "
                + node
                + " with weight "
                + weight(node)
                + " of "
                + total
                + " in all would get no point on the ketama ring; give it a larger weight");
      }
      for (int i = 0; i < digests; i++) {
        byte[] digest = md5(node + "-" + i);
        for (int h = 0; h < 4; h++) {
          points.put(point(digest, h), node);
        }
      }
    }
  }

  /**
   * The weights of an unequally weighted ring, or an empty map when every node weighs the same
   * (then the ring is the unweighted one).
   */
  private static Map<NodeAddress, Integer> normalized(
      List<NodeAddress> nodes, Map<NodeAddress, Integer> weights) {
    weights.forEach(
        (node, weight) -> {
          if (!nodes.contains(node)) {
            throw new IllegalArgumentException(
                "a weight is given for memcached node " + node + ", which is not in " + nodes);
          }
          if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(
                "memcached node "
                    + node
                    + " has weight "
                    + weight
                    + "; expected 1 to "
                    + MAX_WEIGHT);
          }
        });
    long distinct = nodes.stream().map(n -> weights.getOrDefault(n, 1)).distinct().count();
    return distinct <= 1 ? Map.of() : Map.copyOf(weights);
  }

  /**
   * Digests (four points each) of one node: 40 on an unweighted ring, else libmemcached's share of
   * {@code 40 * nodes}, in {@code float} arithmetic as that formula is computed elsewhere.
   */
  private int digests(int weight, int total, int nodeCount) {
    if (weights.isEmpty()) {
      return DIGESTS_PER_NODE;
    }
    float percent = (float) weight / (float) total;
    return (int)
        Math.floor(
            (float) (percent * (float) (DIGESTS_PER_NODE * 4) / 4 * (float) nodeCount
                + 0.0000000001));
  }

  /** The ring's nodes, in list order. */
  public List<NodeAddress> nodes() {
    return nodes;
  }

  /** A node's weight, 1 when the ring is unweighted. */
  public int weight(NodeAddress node) {
    return weights.getOrDefault(node, 1);
  }

  /** Whether the nodes weigh differently (else this is the classic unweighted ring). */
  public boolean isWeighted() {
    return !weights.isEmpty();
  }

  /** Whether {@code other} has the same nodes, in the same order, with the same weights. */
  public boolean sameAs(KetamaRing other) {
    return nodes.equals(other.nodes) && weights.equals(other.weights);
  }

  /** The share of the ring's points (0 to 1) that each node holds, in list order. */
  public Map<NodeAddress, Double> pointShares() {
    Map<NodeAddress, Double> shares = new java.util.LinkedHashMap<>();
    nodes.forEach(node -> shares.put(node, 0.0));
    points.values().forEach(node -> shares.merge(node, 1.0 / points.size(), Double::sum));
    return shares;
  }

  /** The node that holds the key. */
  public NodeAddress nodeFor(String key) {
    if (nodes.size() == 1) {
      return nodes.get(0);
    }
    long hash = point(md5(requireNonNull(key, "key")), 0);
    Map.Entry<Long, NodeAddress> entry = points.ceilingEntry(hash);
    return entry != null ? entry.getValue() : points.firstEntry().getValue();
  }

  /**
   * The share of keys (0 to 1) that {@code next} places on another node than this ring, measured
   * over {@code samples} synthetic keys.
   */
  public double movedShare(KetamaRing next, int samples) {
    int moved = 0;
    for (int i = 0; i < samples; i++) {
      String key = "nc:sample:" + i;
      if (!nodeFor(key).equals(next.nodeFor(key))) {
        moved++;
      }
    }
    return samples == 0 ? 0 : (double) moved / samples;
  }

  private static long point(byte[] digest, int h) {
    return ((long) (digest[3 + h * 4] & 0xFF) << 24)
        | ((long) (digest[2 + h * 4] & 0xFF) << 16)
        | ((long) (digest[1 + h * 4] & 0xFF) << 8)
        | (digest[h * 4] & 0xFF);
  }

  private static byte[] md5(String text) {
    try {
      return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return weights.isEmpty() ? "KetamaRing" + nodes : "KetamaRing" + nodes + " weights " + weights;
  }
}
