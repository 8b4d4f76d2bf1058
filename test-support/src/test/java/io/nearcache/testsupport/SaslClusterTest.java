package io.nearcache.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fixture's SASL option: nodes that require PLAIN authentication and refuse the text protocol. */
class SaslClusterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static MemcachedCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MemcachedCluster.builder().zones(1).nodesPerZone(2).sasl("app", "s3cret-pw").start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void nodesAcceptTheConfiguredUserAndRefuseAWrongPassword() throws IOException {
    for (String node : cluster.allNodes()) {
      int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
      assertEquals("PLAIN", BinaryProtocol.mechanisms(NodeProcess.HOST, port, TIMEOUT).strip());
      assertEquals(
          BinaryProtocol.STATUS_OK,
          BinaryProtocol.authenticate(NodeProcess.HOST, port, "app", "s3cret-pw", TIMEOUT));
      assertEquals(
          BinaryProtocol.STATUS_AUTH_ERROR,
          BinaryProtocol.authenticate(NodeProcess.HOST, port, "app", "wrong", TIMEOUT));
      assertEquals(
          BinaryProtocol.STATUS_AUTH_ERROR,
          BinaryProtocol.authenticate(NodeProcess.HOST, port, "nobody", "s3cret-pw", TIMEOUT));
    }
  }

  @Test
  void theTextProtocolIsRefused() {
    String node = cluster.allNodes().get(0);
    int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
    assertThrows(
        IOException.class,
        () -> TextProtocol.call(NodeProcess.HOST, port, "version", "VERSION", TIMEOUT));
  }

  @Test
  void pingFlushRestartAndPropertiesWorkWithSasl() {
    String node = cluster.allNodes().get(0);
    assertTrue(cluster.isSasl());
    assertTrue(cluster.ping(node, TIMEOUT));
    cluster.flushAll();
    cluster.restart(node);
    assertTrue(cluster.ping(node, TIMEOUT));
    Properties properties = cluster.asProperties();
    assertEquals("app", properties.getProperty(MemcachedCluster.SASL_USERNAME));
    assertEquals("s3cret-pw", properties.getProperty(MemcachedCluster.SASL_PASSWORD));
  }
}
