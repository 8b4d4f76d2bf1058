package io.nearcache.quarkus.deployment;

import io.nearcache.testsupport.MemcachedCluster;
import java.util.List;

/**
 * Hands a memcached cluster to a {@code QuarkusUnitTest} application through JVM system properties:
 * the cluster starts before the application (so its ports are known), its zones become {@code
 * quarkus.nearcache.zones."zone"}, and it stops after the application. The test methods run in the
 * application's class loader and find the nodes in the same system properties.
 */
final class TestCluster {
  private static final String PID_PREFIX = "test.memcached.pid.";
  private static final String POOL_PID_PREFIX = "test.memcached.pool-pid.";

  /** The second pool {@link #startWithPool()} publishes. */
  static final String POOL = "sessions";

  private static MemcachedCluster cluster;

  private TestCluster() {}

  /** Starts {@code zones} zones of one node each and publishes them, zone a local. */
  static synchronized void start(int zones) {
    publish(MemcachedCluster.start(zones, 1));
  }

  /**
   * Starts one zone of one node that requires SASL as {@code username}/{@code password}, and
   * publishes it without credentials: the test sets them.
   */
  static synchronized void startSasl(String username, String password) {
    publish(MemcachedCluster.builder().zones(1).sasl(username, password).start());
  }

  /**
   * Starts zones a and b of two nodes each and publishes two pools: the first node of each zone
   * makes the default pool's zone, the second the zone of the pool {@link #POOL} ({@code
   * quarkus.nearcache.pools.sessions.zones."zone"}).
   */
  static synchronized void startWithPool() {
    publish(MemcachedCluster.start(2, 2));
    for (String zone : cluster.zones()) {
      String node = cluster.nodes(zone).get(1);
      System.setProperty(poolZoneProperty(zone), node);
      System.setProperty(POOL_PID_PREFIX + zone, Long.toString(cluster.pid(node)));
    }
  }

  private static void publish(MemcachedCluster started) {
    cluster = started;
    for (String zone : cluster.zones()) {
      String node = cluster.nodes(zone).get(0);
      System.setProperty(zoneProperty(zone), node);
      System.setProperty(PID_PREFIX + zone, Long.toString(cluster.pid(node)));
    }
    System.setProperty("quarkus.nearcache.local-zone", "a");
  }

  /** Stops the cluster and withdraws its properties. */
  static synchronized void stop() {
    if (cluster == null) {
      return;
    }
    for (String zone : cluster.zones()) {
      System.clearProperty(zoneProperty(zone));
      System.clearProperty(PID_PREFIX + zone);
      System.clearProperty(poolZoneProperty(zone));
      System.clearProperty(POOL_PID_PREFIX + zone);
    }
    System.clearProperty("quarkus.nearcache.local-zone");
    cluster.close();
    cluster = null;
  }

  /** The nodes of a zone as published, from any class loader. */
  static String nodes(String zone) {
    return System.getProperty(zoneProperty(zone));
  }

  /** Kills the single node of a zone (SIGKILL), from any class loader. */
  static void kill(String zone) {
    long pid = Long.parseLong(System.getProperty(PID_PREFIX + zone));
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Kills the node of a zone of the pool {@link #POOL} (SIGKILL), from any class loader. */
  static void killPoolNode(String zone) {
    long pid = Long.parseLong(System.getProperty(POOL_PID_PREFIX + zone));
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** The published zones. */
  static List<String> zones() {
    return System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith(PID_PREFIX))
        .map(name -> name.substring(PID_PREFIX.length()))
        .sorted()
        .toList();
  }

  private static String zoneProperty(String zone) {
    return "quarkus.nearcache.zones." + zone;
  }

  private static String poolZoneProperty(String zone) {
    return "quarkus.nearcache.pools." + POOL + ".zones." + zone;
  }
}
