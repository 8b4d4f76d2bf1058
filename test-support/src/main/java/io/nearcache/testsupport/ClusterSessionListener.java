package io.nearcache.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs a whole JUnit Platform session (for example a surefire fork running the JSR-107 TCK) against
 * real memcached. It does nothing unless the system property {@value #PROPERTY} is set to {@code
 * <zones>x<nodesPerZone>}, e.g. {@code 3x2}; then it starts such a {@link MemcachedCluster} when
 * the session opens, sets the system properties {@code nearcache.zones.<zone>} and {@code
 * nearcache.local-zone=a} for the provider to read, and when the session closes restores those
 * properties and kills the cluster. A session that stored nothing in the cluster, or read nothing
 * back, fails: its tests did not run two-tier.
 *
 * <p>Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener};
 * surefire's JUnit Platform provider opens one launcher session per fork.
 */
public final class ClusterSessionListener implements LauncherSessionListener {
  /** The system property that asks for a cluster, as {@code <zones>x<nodesPerZone>}. */
  public static final String PROPERTY = "nearcache-test.cluster";

  private static final Pattern SHAPE = Pattern.compile("\\s*(\\d{1,2})\\s*x\\s*(\\d{1,2})\\s*");

  private final Map<String, String> previous = new HashMap<>();
  private MemcachedCluster cluster;

  /** Created by the JUnit Platform launcher through the service loader. */
  public ClusterSessionListener() {}

  @Override
  public synchronized void launcherSessionOpened(LauncherSession session) {
    String shape = System.getProperty(PROPERTY);
    if (shape == null || shape.isBlank() || cluster != null) {
      return;
    }
    Matcher matcher = SHAPE.matcher(shape);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "System property "
              + PROPERTY
              + "="
              + shape
              + " is not allowed; expected <zones>x<nodesPerZone>, e.g. 3x2");
    }
    cluster =
        MemcachedCluster.builder()
            .zones(Integer.parseInt(matcher.group(1)))
            .nodesPerZone(Integer.parseInt(matcher.group(2)))
            .start();
    Properties properties = cluster.asProperties();
    for (String name : properties.stringPropertyNames()) {
      previous.put(name, System.getProperty(name));
      System.setProperty(name, properties.getProperty(name));
    }
  }

  @Override
  public synchronized void launcherSessionClosed(LauncherSession session) {
    if (cluster == null) {
      return;
    }
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
    previous.clear();
    try {
      requireTraffic(cluster);
    } finally {
      try {
        cluster.close();
      } finally {
        cluster = null;
      }
    }
  }

  /**
   * Fails the session when the cluster stored or served nothing: then the tests ran on the near
   * tier alone (a property that did not reach the provider, say), which must not pass for a
   * two-tier run.
   */
  static void requireTraffic(MemcachedCluster cluster) {
    long sets = cluster.statTotal("cmd_set");
    long hits = cluster.statTotal("get_hits");
    if (sets <= 0 || hits <= 0) {
      throw new IllegalStateException(
          "The tests of this session asked for memcached ("
              + PROPERTY
              + ") but did not use it: cmd_set="
              + sets
              + ", get_hits="
              + hits
              + " over "
              + cluster.allNodes()
              + ". The provider ran on its near tier alone; check that the nearcache.zones.*"
              + " system properties reach it");
    }
  }

  /** The cluster of the open session, or null when none was asked for. */
  synchronized MemcachedCluster cluster() {
    return cluster;
  }
}
