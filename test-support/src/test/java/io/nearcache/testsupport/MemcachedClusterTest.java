package io.nearcache.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: real processes that start, answer, fail on demand and come back empty. */
class MemcachedClusterTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  @Test
  void startsZonesOfNodesThatAnswerOnDistinctLoopbackPorts() {
    MemcachedCluster cluster = memcached.cluster();
    assertEquals(List.of("a", "b"), cluster.zones());
    Set<String> all = new HashSet<>();
    for (String zone : cluster.zones()) {
      List<String> nodes = cluster.nodes(zone);
      assertEquals(2, nodes.size());
      for (String node : nodes) {
        assertTrue(node.startsWith("127.0.0.1:"), node);
        assertTrue(cluster.isRunning(node), node);
        assertTrue(cluster.ping(node, Duration.ofSeconds(1)), node);
        all.add(node);
      }
    }
    assertEquals(4, all.size(), "every node has its own port");
    assertEquals(4, cluster.allNodes().size());
  }

  @Test
  void asPropertiesNamesEveryZoneAndTheLocalZone() {
    Properties properties = memcached.asProperties();
    assertEquals(memcached.serversProperty("a"), properties.getProperty("nearcache.zones.a"));
    assertEquals(
        String.join(",", memcached.nodes("b")), properties.getProperty("nearcache.zones.b"));
    assertEquals("a", properties.getProperty("nearcache.local-zone"));
    assertEquals(3, properties.size());
  }

  @Test
  void killedNodeRefusesConnectionsAtOnce() {
    MemcachedCluster cluster = memcached.cluster();
    String node = cluster.nodes("a").get(0);
    cluster.kill(node);
    assertFalse(cluster.isRunning(node));
    long start = System.nanoTime();
    assertFalse(cluster.ping(node, Duration.ofSeconds(2)));
    assertTrue(elapsedMillis(start) < 1000, "a dead loopback port refuses, it does not hang");
    assertTrue(cluster.ping(cluster.nodes("a").get(1), Duration.ofSeconds(1)), "others live");
  }

  @Test
  void suspendedNodeAcceptsConnectionsButAnswersNothingUntilResumed() throws IOException {
    MemcachedCluster cluster = memcached.cluster();
    String node = cluster.nodes("b").get(1);
    cluster.suspend(node);
    assertTrue(cluster.isRunning(node));
    assertTrue(cluster.isSuspended(node));

    int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(300);
      socket.getOutputStream().write("version\r\n".getBytes());
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
      assertTrue(elapsedMillis(start) >= 250, "the read waited for its timeout");
    }

    cluster.resume(node);
    assertFalse(cluster.isSuspended(node));
    assertTrue(cluster.ping(node, Duration.ofSeconds(1)));
  }

  @Test
  void restartedNodeComesBackEmptyOnTheSamePort() throws IOException {
    MemcachedCluster cluster = memcached.cluster();
    String node = cluster.nodes("a").get(1);
    int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
    assertEquals("STORED\r\n", call(port, "set greeting 0 0 5\r\nhello", "STORED"));
    assertTrue(call(port, "get greeting", "END").contains("hello"));
    long pid = cluster.pid(node);

    cluster.restart(node);

    assertEquals(node, cluster.nodes("a").get(1));
    assertNotEquals(pid, cluster.pid(node), "a new process");
    assertEquals("END\r\n", call(port, "get greeting", "END"));
  }

  @Test
  void stoppedNodeExitsAndResetStartsItAgain() {
    MemcachedCluster cluster = memcached.cluster();
    String node = cluster.nodes("b").get(0);
    cluster.stop(node);
    assertFalse(cluster.isRunning(node));
    cluster.reset();
    assertTrue(cluster.isRunning(node));
    assertTrue(cluster.ping(node, Duration.ofSeconds(1)));
  }

  @Test
  void killZoneAndStartZone() {
    MemcachedCluster cluster = memcached.cluster();
    cluster.killZone("b");
    for (String node : cluster.nodes("b")) {
      assertFalse(cluster.isRunning(node), node);
    }
    cluster.nodes("a").forEach(node -> assertTrue(cluster.isRunning(node), node));
    cluster.startZone("b");
    for (String node : cluster.nodes("b")) {
      assertTrue(cluster.ping(node, Duration.ofSeconds(1)), node);
    }
  }

  @Test
  void flushAllEmptiesEveryNode() throws IOException {
    MemcachedCluster cluster = memcached.cluster();
    for (String node : cluster.allNodes()) {
      call(port(node), "set k 0 0 1\r\nv", "STORED");
    }
    memcached.flushAll();
    for (String node : cluster.allNodes()) {
      assertEquals("END\r\n", call(port(node), "get k", "END"), node);
    }
  }

  @Test
  void unknownNodesAndZonesAreNamed() {
    MemcachedCluster cluster = memcached.cluster();
    IllegalArgumentException node =
        assertThrows(IllegalArgumentException.class, () -> cluster.kill("127.0.0.1:1"));
    assertTrue(node.getMessage().contains("127.0.0.1:1"), node.getMessage());
    IllegalArgumentException zone =
        assertThrows(IllegalArgumentException.class, () -> cluster.nodes("q"));
    assertTrue(zone.getMessage().contains("'q'"), zone.getMessage());
  }

  @Test
  void closeKillsEveryProcessIncludingSuspendedOnes() {
    List<Long> pids;
    try (MemcachedCluster cluster = MemcachedCluster.start(1, 2)) {
      pids = cluster.nodes("a").stream().map(cluster::pid).toList();
      cluster.suspend(cluster.nodes("a").get(0));
    }
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .ifPresent(handle -> assertFalse(handle.isAlive(), "process " + pid + " is gone"));
    }
  }

  private static int port(String node) {
    return Integer.parseInt(node.substring(node.indexOf(':') + 1));
  }

  private static String call(int port, String command, String last) throws IOException {
    return TextProtocol.call("127.0.0.1", port, command, last, Duration.ofSeconds(1));
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
