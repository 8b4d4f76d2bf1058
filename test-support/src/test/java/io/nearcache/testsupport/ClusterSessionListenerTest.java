package io.nearcache.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/** A launcher session that starts memcached for the whole run when asked to. */
class ClusterSessionListenerTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty(ClusterSessionListener.PROPERTY);
  }

  @Test
  void isRegisteredWithTheServiceLoader() {
    boolean found =
        ServiceLoader.load(LauncherSessionListener.class).stream()
            .anyMatch(provider -> provider.type() == ClusterSessionListener.class);
    assertTrue(found, "META-INF/services registers ClusterSessionListener");
  }

  @Test
  void doesNothingWithoutTheProperty() {
    ClusterSessionListener listener = new ClusterSessionListener();
    try (LauncherSession session = openSession(listener)) {
      assertNull(listener.cluster());
      assertNull(System.getProperty("nearcache.zones.a"));
    }
  }

  @Test
  void startsTheClusterForTheSessionAndStopsItAfterwards() {
    System.setProperty(ClusterSessionListener.PROPERTY, "2x1");
    System.setProperty("nearcache.local-zone", "before");
    ClusterSessionListener listener = new ClusterSessionListener();
    List<String> nodes;
    MemcachedCluster cluster;
    try (LauncherSession session = openSession(listener)) {
      cluster = listener.cluster();
      nodes = cluster.allNodes();
      assertEquals(2, nodes.size());
      assertEquals(cluster.serversProperty("a"), System.getProperty("nearcache.zones.a"));
      assertEquals(cluster.serversProperty("b"), System.getProperty("nearcache.zones.b"));
      assertEquals("a", System.getProperty("nearcache.local-zone"));
      for (String node : nodes) {
        assertTrue(cluster.ping(node, Duration.ofSeconds(1)), node);
      }
      storeAndReadBack(nodes.get(0));
    } finally {
      assertNull(listener.cluster());
    }
    for (String node : nodes) {
      assertTrue(!cluster.isRunning(node), node + " stopped with the session");
    }
    assertNull(System.getProperty("nearcache.zones.a"));
    assertNull(System.getProperty("nearcache.zones.b"));
    assertEquals("before", System.getProperty("nearcache.local-zone"));
    System.clearProperty("nearcache.local-zone");
  }

  @Test
  void aSessionThatNeverUsedTheClusterFailsAndStillStopsIt() {
    System.setProperty(ClusterSessionListener.PROPERTY, "1x1");
    ClusterSessionListener listener = new ClusterSessionListener();
    LauncherSession session = openSession(listener);
    MemcachedCluster cluster = listener.cluster();
    String node = cluster.allNodes().get(0);

    IllegalStateException e = assertThrows(IllegalStateException.class, session::close);

    assertTrue(e.getMessage().contains("cmd_set=0, get_hits=0"), e.getMessage());
    assertTrue(e.getMessage().contains(ClusterSessionListener.PROPERTY), e.getMessage());
    assertTrue(!cluster.isRunning(node), "stopped although the check failed");
    assertNull(System.getProperty("nearcache.zones.a"));
  }

  @Test
  void rejectsAMalformedShapeNamingTheProperty() {
    System.setProperty(ClusterSessionListener.PROPERTY, "three by two");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClusterSessionListener().launcherSessionOpened(null));
    assertTrue(e.getMessage().contains("nearcache-test.cluster=three by two"), e.getMessage());
  }

  private static void storeAndReadBack(String node) {
    String host = node.substring(0, node.lastIndexOf(':'));
    int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
    try {
      Duration timeout = Duration.ofSeconds(2);
      assertTrue(TextProtocol.call(host, port, "set k 0 0 1\r\nx", "STORED", timeout).startsWith("STORED"));
      assertTrue(TextProtocol.call(host, port, "get k", "END", timeout).startsWith("VALUE k"));
    } catch (java.io.IOException e) {
      throw new AssertionError("memcached node " + node, e);
    }
  }

  private static LauncherSession openSession(ClusterSessionListener listener) {
    return LauncherFactory.openSession(
        LauncherConfig.builder()
            .enableLauncherSessionListenerAutoRegistration(false)
            .addLauncherSessionListeners(listener)
            .build());
  }
}
