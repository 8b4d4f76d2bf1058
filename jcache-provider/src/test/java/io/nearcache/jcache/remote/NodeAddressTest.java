package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code host:port} in and out: the string form names the node on the ring. */
class NodeAddressTest {
  @Test
  void parsesAndPrintsHostAndPort() {
    NodeAddress node = NodeAddress.parse(" cache-1.example.com:11211 ");
    assertEquals("cache-1.example.com", node.host());
    assertEquals(11211, node.port());
    assertEquals("cache-1.example.com:11211", node.toString());
    assertEquals(node, NodeAddress.parse(node.toString()));
  }

  @Test
  void ipv6HostsGoInBrackets() {
    NodeAddress node = NodeAddress.parse("[::1]:11311");
    assertEquals("::1", node.host());
    assertEquals("[::1]:11311", node.toString());
    assertEquals(node, NodeAddress.parse(node.toString()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "host", "host:", ":11211", "host:port", "host:0", "host:65536", "a b:1"})
  void rejectsMalformedNodesNamingThem(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse(text));
    assertTrue(e.getMessage().contains("memcached"), e.getMessage());
  }
}
