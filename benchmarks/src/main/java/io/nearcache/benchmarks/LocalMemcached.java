package io.nearcache.benchmarks;

import io.nearcache.testsupport.MemcachedCluster;
import java.util.Properties;

/**
 * The memcached node of one benchmark JVM, started on first use on a free loopback port and killed
 * when the JVM exits (by {@link MemcachedCluster}'s shutdown hook). Every JMH fork is its own JVM,
 * so every fork gets a fresh, empty node.
 */
final class LocalMemcached {
  private static MemcachedCluster cluster;

  private LocalMemcached() {}

  /** Returns the running node, starting it (one zone, one node, one worker thread) if needed. */
  static synchronized MemcachedCluster cluster() {
    if (cluster == null) {
      cluster =
          MemcachedCluster.builder()
              .zones(1)
              .nodesPerZone(1)
              .threads(1)
              .memoryMegabytes(1024)
              .start();
    }
    return cluster;
  }

  /**
   * nearcache's per-operation timeout in the benchmarks: 2 s, near spymemcached's default of 2.5 s,
   * instead of the provider's 250 ms. On a loaded machine a 250 ms stall is common, and three in a
   * row mark the node down, after which writes are skipped and a preload comes back short. The
   * timeout never shortens a call that succeeds, so the figures measured are not affected.
   */
  static final String REMOTE_TIMEOUT = "2s";

  /**
   * nearcache properties naming the node as zone {@code a}, the local zone, with {@link
   * #REMOTE_TIMEOUT}.
   */
  static Properties zoneProperties() {
    MemcachedCluster running = cluster();
    var properties = new Properties();
    String zone = running.zones().get(0);
    properties.setProperty(MemcachedCluster.ZONES_PREFIX + zone, running.serversProperty(zone));
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, zone);
    properties.setProperty("nearcache.remote.timeout", REMOTE_TIMEOUT);
    return properties;
  }

  /** The node as {@code host:port}. */
  static String node() {
    MemcachedCluster running = cluster();
    return running.nodes(running.zones().get(0)).get(0);
  }
}
