package io.nearcache.jcache.remote;

import static io.nearcache.jcache.remote.Futures.addresses;
import static io.nearcache.jcache.remote.Futures.await;
import static io.nearcache.jcache.remote.Futures.failure;
import static io.nearcache.jcache.remote.Futures.keyOn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport over memcached started with SASL ({@code -S}): the binary protocol with PLAIN
 * authentication for every operation, a clear error for a wrong password or a server without SASL,
 * and a clear failure for listing keys, which the binary protocol cannot do.
 */
class SaslZoneClientTest {
  private static final String USER = "nearcache";
  private static final String PASSWORD = "correct horse battery staple";

  private static MemcachedCluster cluster;
  private static SpyZoneClient client;

  @BeforeAll
  static void start() {
    cluster = MemcachedCluster.builder().zones(1).nodesPerZone(2).sasl(USER, PASSWORD).start();
    client = connect(new SaslCredentials(USER, PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    cluster.close();
  }

  @BeforeEach
  void flush() {
    cluster.flushAll();
  }

  private static SpyZoneClient connect(SaslCredentials credentials) {
    return new SpyZoneClient(
        "a", addresses(cluster.nodes("a")), TransportSettings.of(Duration.ofSeconds(1)), credentials);
  }

  @Test
  void everyOperationWorksAuthenticated() {
    assertTrue(client.usesSasl());
    assertNull(await(client.get("greeting")));
    assertTrue(await(client.set("greeting", 0, bytes("hello"))));
    assertArrayEquals(bytes("hello"), await(client.get("greeting")));
    assertTrue(await(client.add("once", 0, bytes("first"))));
    assertFalse(await(client.add("once", 0, bytes("second"))));

    CasValue read = await(client.gets("greeting"));
    assertEquals(CasResult.OK, await(client.cas("greeting", read.cas(), 0, bytes("2"))));
    assertEquals(CasResult.EXISTS, await(client.cas("greeting", read.cas(), 0, bytes("3"))));
    assertArrayEquals(bytes("2"), await(client.get("greeting")));

    assertTrue(await(client.touch("greeting", 100)));
    assertFalse(await(client.touch("absent", 100)));
    assertTrue(await(client.delete("greeting")));
    assertFalse(await(client.delete("greeting")));
    assertEquals(CasResult.NOT_FOUND, await(client.cas("greeting", read.cas(), 0, bytes("4"))));

    assertEquals(10L, await(client.incr("hits", 5, 10, 0)));
    assertEquals(15L, await(client.incr("hits", 5, 10, 0)));
    assertArrayEquals(bytes("15"), await(client.get("hits")));
  }

  @Test
  void multiGetSpansBothNodes() {
    List<String> keys = new ArrayList<>();
    Set<NodeAddress> used = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String key = "bulk-" + i;
      keys.add(key);
      used.add(client.nodeFor(key));
      await(client.set(key, 0, bytes("v-" + key)));
    }
    assertEquals(2, used.size(), "the keys span both nodes");
    List<String> asked = new ArrayList<>(keys);
    asked.add("bulk-missing");
    Map<String, byte[]> found = await(client.getBulk(asked));
    assertEquals(keys.size(), found.size());
    keys.forEach(key -> assertArrayEquals(bytes("v-" + key), found.get(key), key));
  }

  @Test
  void flushAllUsesTheBinaryFlushOnEveryNode() {
    String onFirst = keyOn(client, client.nodes().get(0), "flush-");
    String onSecond = keyOn(client, client.nodes().get(1), "flush-");
    await(client.set(onFirst, 0, bytes("1")));
    await(client.set(onSecond, 0, bytes("2")));
    await(client.flushAll());
    assertNull(await(client.get(onFirst)));
    assertNull(await(client.get(onSecond)));
  }

  @Test
  void flushOfOneNodeLeavesTheOtherAloneOverSaslAndText() {
    assertFlushesOneNode(client);
    try (MemcachedCluster plain = MemcachedCluster.start(1, 2);
        SpyZoneClient text =
            new SpyZoneClient(
                "a", addresses(plain.nodes("a")), TransportSettings.of(Duration.ofSeconds(1)))) {
      assertFlushesOneNode(text);
    }
  }

  private static void assertFlushesOneNode(SpyZoneClient zone) {
    String onFirst = keyOn(zone, zone.nodes().get(0), "one-");
    String onSecond = keyOn(zone, zone.nodes().get(1), "one-");
    await(zone.set(onFirst, 0, bytes("1")));
    await(zone.set(onSecond, 0, bytes("2")));
    await(zone.flush(zone.nodes().get(0)));
    assertNull(await(zone.get(onFirst)));
    assertArrayEquals(bytes("2"), await(zone.get(onSecond)));
  }

  @Test
  void listingKeysFailsAtOnceSayingWhy() {
    UnsupportedRemoteOperationException e =
        failure(UnsupportedRemoteOperationException.class, client.keys("users:"));
    assertTrue(e.getMessage().contains("SASL"), e.getMessage());
    assertTrue(e.getMessage().contains("binary protocol"), e.getMessage());
    assertTrue(e.getMessage().contains("zone a"), e.getMessage());
  }

  @Test
  void invalidKeysAndOversizedValuesAreRefusedAsOnTheTextProtocol() {
    failure(IllegalArgumentException.class, client.get("k".repeat(251)));
    int largest = client.settings().maxValueSize("big".length());
    assertTrue(await(client.set("big", 0, new byte[largest])), "the largest value fits");
    failure(IllegalArgumentException.class, client.set("big", 0, new byte[largest + 1]));
    assertTrue(client.isActive(client.nodeFor("big")));
  }

  @Test
  void aWrongPasswordFailsWhenTheClientIsCreated() {
    RemoteAuthenticationException e =
        assertThrows(
            RemoteAuthenticationException.class,
            () -> connect(new SaslCredentials(USER, "wrong password")));
    assertTrue(e.getMessage().contains("user '" + USER + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("nearcache.remote.sasl.password"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong password"), "the password is never shown");
    assertTrue(e.getMessage().contains(cluster.nodes("a").get(0)), e.getMessage());
  }

  @Test
  void credentialsForAServerWithoutSaslFailWhenTheClientIsCreated() {
    try (MemcachedCluster plain = MemcachedCluster.start(1, 1)) {
      RemoteAuthenticationException e =
          assertThrows(
              RemoteAuthenticationException.class,
              () ->
                  new SpyZoneClient(
                      "p",
                      addresses(plain.nodes("a")),
                      TransportSettings.of(Duration.ofSeconds(1)),
                      new SaslCredentials(USER, PASSWORD)));
      assertTrue(e.getMessage().contains("-S"), e.getMessage());
    }
  }

  @Test
  void aNodeThatIsDownIsAuthenticatedWhenItComesBack() {
    try (MemcachedCluster own = MemcachedCluster.builder().sasl(USER, PASSWORD).start()) {
      String node = own.nodes("a").get(0);
      own.kill(node);
      SpyZoneClient late =
          new SpyZoneClient(
              "a",
              addresses(own.nodes("a")),
              TransportSettings.of(Duration.ofSeconds(1)),
              new SaslCredentials(USER, PASSWORD));
      String key = "late";
      own.restart(node);
      boolean stored = false;
      for (int attempt = 0; attempt < 100 && !stored; attempt++) {
        try {
          stored = late.set(key, 0, bytes("back")).get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception retry) {
          sleep(100);
        }
      }
      assertTrue(stored, "the restarted node was authenticated and took the write");
      assertArrayEquals(bytes("back"), await(late.get(key)));
      late.close();
    }
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    assertFalse(new SaslCredentials(USER, PASSWORD).toString().contains(PASSWORD));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
