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

  /** nearcache properties naming the node as zone {@code a}, the local zone. */
  static Properties zoneProperties() {
    MemcachedCluster running = cluster();
    var properties = new Properties();
    String zone = running.zones().get(0);
    properties.setProperty(MemcachedCluster.ZONES_PREFIX + zone, running.serversProperty(zone));
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, zone);
    return properties;
  }

  /** The node as {@code host:port}. */
  static String node() {
    MemcachedCluster running = cluster();
    return running.nodes(running.zones().get(0)).get(0);
  }
}
