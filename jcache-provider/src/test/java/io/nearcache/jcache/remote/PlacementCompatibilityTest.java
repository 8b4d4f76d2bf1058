package io.nearcache.jcache.remote;

import static io.nearcache.jcache.remote.Futures.addresses;
import static io.nearcache.jcache.remote.Futures.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.NodeLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ring places keys exactly as a stock spymemcached client configured with ketama does, so
 * operators' tools find our keys, and values pass between the two clients unchanged (DESIGN.md,
 * "Configuration contract").
 */
class PlacementCompatibilityTest {
  private static final int KEYS = 1000;

  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(1).nodesPerZone(3);

  private static SpyZoneClient client;
  private static MemcachedClient stock;

  @BeforeAll
  static void connect() throws IOException {
    client = new SpyZoneClient("a", addresses(memcached.nodes("a")), Duration.ofSeconds(1));
    stock =
        new MemcachedClient(
            new ConnectionFactoryBuilder()
                .setLocatorType(Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setDaemon(true)
                .build(),
            AddrUtil.getAddresses(String.join(" ", memcached.nodes("a"))));
  }

  @AfterAll
  static void close() {
    client.close();
    stock.shutdown(1, TimeUnit.SECONDS);
  }

  @Test
  void everyKeyLandsOnTheNodeAStockKetamaClientPicks() {
    NodeLocator locator = stock.getNodeLocator();
    Map<NodeAddress, Integer> perNode = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      String key = "cache:users:" + i;
      InetSocketAddress stockNode = (InetSocketAddress) locator.getPrimary(key).getSocketAddress();
      NodeAddress ours = client.nodeFor(key);
      assertEquals(
          stockNode.getAddress().getHostAddress() + ":" + stockNode.getPort(),
          ours.toString(),
          key);
      perNode.merge(ours, 1, Integer::sum);
    }
    assertEquals(3, perNode.size(), "keys spread over every node: " + perNode);
    perNode.values().forEach(count -> assertTrue(count > KEYS / 10, "balanced: " + perNode));
  }

  @Test
  void placementDoesNotDependOnTheOrderOfTheNodeList() {
    List<NodeAddress> reversed = new ArrayList<>(client.nodes());
    Collections.reverse(reversed);
    try (SpyZoneClient other = new SpyZoneClient("a", reversed, Duration.ofSeconds(1))) {
      for (int i = 0; i < KEYS; i++) {
        String key = "k" + i;
        assertEquals(client.nodeFor(key), other.nodeFor(key), key);
      }
    }
  }

  @Test
  void valuesWrittenByEitherClientAreReadByTheOther() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String key = "interop:" + i;
      keys.add(key);
      await(client.set(key, 0, ("value-" + i).getBytes(UTF_8)));
    }
    // The stock client's default transcoder reads flags 0 as a UTF-8 string.
    Map<String, Object> read = stock.getBulk(keys);
    assertEquals(KEYS, read.size());
    for (int i = 0; i < KEYS; i++) {
      assertEquals("value-" + i, read.get("interop:" + i));
    }

    assertTrue(stock.set("from-stock", 0, "written by spymemcached").get());
    assertArrayEquals("written by spymemcached".getBytes(UTF_8), await(client.get("from-stock")));
  }
}
