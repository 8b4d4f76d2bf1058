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

  private final List<NodeAddress> nodes;
  private final TreeMap<Long, NodeAddress> points = new TreeMap<>();

  /**
   * Builds the ring of the nodes.
   *
   * @throws IllegalArgumentException when the list is empty or names a node twice
   */
  public KetamaRing(List<NodeAddress> nodes) {
    this.nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    if (this.nodes.isEmpty()) {
      throw new IllegalArgumentException("A ketama ring needs at least one memcached node");
    }
    if (Set.copyOf(this.nodes).size() != this.nodes.size()) {
      throw new IllegalArgumentException("memcached node list names a node twice: " + this.nodes);
    }
    for (NodeAddress node : this.nodes) {
      for (int i = 0; i < DIGESTS_PER_NODE; i++) {
        byte[] digest = md5(node + "-" + i);
        for (int h = 0; h < 4; h++) {
          points.put(point(digest, h), node);
        }
      }
    }
  }

  /** The ring's nodes, in list order. */
  public List<NodeAddress> nodes() {
    return nodes;
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
    return "KetamaRing" + nodes;
  }
}
