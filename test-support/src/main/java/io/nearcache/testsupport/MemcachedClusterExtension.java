package io.nearcache.testsupport;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link MemcachedCluster} for one test class, started before its first test and killed after its
 * last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static MemcachedClusterExtension memcached =
 *     MemcachedClusterExtension.zones(3).nodesPerZone(2).resetBeforeEach();
 * }</pre>
 *
 * <p>Register it on a {@code static} field: JUnit calls class-level callbacks only for static
 * extensions. Nested test classes share the enclosing class's cluster.
 */
public final class MemcachedClusterExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final int zones;
  private int nodesPerZone = 1;
  private boolean resetBeforeEach;
  private int depth;
  private MemcachedCluster cluster;

  private MemcachedClusterExtension(int zones) {
    if (zones < 1) {
      throw new IllegalArgumentException("zones must be 1 or more, was " + zones);
    }
    this.zones = zones;
  }

  /** An extension for a cluster of {@code zones} zones of one node each, until changed. */
  public static MemcachedClusterExtension zones(int zones) {
    return new MemcachedClusterExtension(zones);
  }

  /** The number of nodes in every zone. */
  public MemcachedClusterExtension nodesPerZone(int nodesPerZone) {
    if (nodesPerZone < 1) {
      throw new IllegalArgumentException("nodesPerZone must be 1 or more, was " + nodesPerZone);
    }
    this.nodesPerZone = nodesPerZone;
    return this;
  }

  /**
   * Before each test, brings the cluster back to a clean state (see {@link
   * MemcachedCluster#reset()}): suspended nodes resumed, dead nodes restarted, every node flushed.
   */
  public MemcachedClusterExtension resetBeforeEach() {
    this.resetBeforeEach = true;
    return this;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (depth++ == 0) {
      cluster = MemcachedCluster.builder().zones(zones).nodesPerZone(nodesPerZone).start();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--depth == 0 && cluster != null) {
      try {
        cluster.close();
      } finally {
        cluster = null;
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (resetBeforeEach) {
      cluster().reset();
    }
  }

  /** The running cluster. */
  public synchronized MemcachedCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException(
          "The memcached cluster runs only while a test class runs; register"
              + " MemcachedClusterExtension with @RegisterExtension on a static field");
    }
    return cluster;
  }

  /** The nodes of one zone as {@code 127.0.0.1:<port>}. */
  public List<String> nodes(String zone) {
    return cluster().nodes(zone);
  }

  /** The zone's nodes comma-separated. */
  public String serversProperty(String zone) {
    return cluster().serversProperty(zone);
  }

  /** The {@code nearcache.*} properties that point a provider at the cluster. */
  public Properties asProperties() {
    return cluster().asProperties();
  }

  /** Flushes every running node. */
  public void flushAll() {
    cluster().flushAll();
  }
}
