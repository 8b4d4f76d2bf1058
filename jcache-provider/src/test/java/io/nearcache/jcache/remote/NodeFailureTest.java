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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that dies or hangs fails only its own operations, quickly and with a typed exception,
 * while the other node of the zone keeps serving; no operation waits longer than the timeout.
 */
class NodeFailureTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  /** Slack for a loaded 2-core machine. */
  private static final long SLACK_MILLIS = 400;

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(2).resetBeforeEach();

  private MemcachedCluster cluster;
  private SpyZoneClient client;
  private NodeAddress failing;
  private NodeAddress healthy;
  private String failingKey;
  private String healthyKey;

  @BeforeEach
  void connect() {
    cluster = memcached.cluster();
    client = new SpyZoneClient("a", addresses(cluster.nodes("a")), settings());
    failing = client.nodes().get(0);
    healthy = client.nodes().get(1);
    failingKey = keyOn(client, failing, "f-");
    healthyKey = keyOn(client, healthy, "h-");
    await(client.set(failingKey, 0, bytes("on failing")));
    await(client.set(healthyKey, 0, bytes("on healthy")));
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void killedNodeFailsItsOperationsAtOnceWhileTheOtherNodeServes() {
    cluster.kill(failing.toString());

    long first = millis(() -> failure(RemoteException.class, client.get(failingKey)));
    assertTrue(first < TIMEOUT.toMillis() + SLACK_MILLIS, "first failure after " + first + " ms");

    awaitInactive(failing);
    RemoteException[] seen = new RemoteException[1];
    long later = millis(() -> seen[0] = failure(RemoteException.class, client.get(failingKey)));
    assertFalse(seen[0] instanceof RemoteTimeoutException, "a known-down node fails, not waits");
    assertTrue(later < TIMEOUT.toMillis(), "failed in " + later + " ms, before the timeout");
    assertEquals(failing, seen[0].node());
    assertEquals("a", seen[0].zone());
    assertEquals("get", seen[0].operation());
    assertEquals(failingKey, seen[0].key());
    failure(RemoteException.class, client.set(failingKey, 0, bytes("x")));

    assertArrayEquals(bytes("on healthy"), await(client.get(healthyKey)));
    assertTrue(await(client.set(healthyKey, 0, bytes("still writable"))));
  }

  @Test
  void restartedNodeIsUsedAgainOnceReconnectedAndIsEmpty() {
    cluster.kill(failing.toString());
    awaitInactive(failing);
    cluster.restart(failing.toString());

    long recovered = awaitActive(failing);
    assertTrue(recovered < 5_000, "reconnected after " + recovered + " ms");
    assertNull(await(client.get(failingKey)), "a restarted memcached is empty");
    assertTrue(await(client.set(failingKey, 0, bytes("again"))));
    assertArrayEquals(bytes("again"), await(client.get(failingKey)));
  }

  @Test
  void suspendedNodeTimesOutWithinTheTimeoutAndRecoversOnResume() {
    cluster.suspend(failing.toString());

    RemoteTimeoutException[] seen = new RemoteTimeoutException[1];
    long waited =
        millis(() -> seen[0] = failure(RemoteTimeoutException.class, client.get(failingKey)));
    assertTrue(waited >= TIMEOUT.toMillis() - 50, "waited " + waited + " ms");
    assertTrue(waited < TIMEOUT.toMillis() + SLACK_MILLIS, "waited " + waited + " ms");
    assertEquals(failing, seen[0].node());
    assertEquals(TIMEOUT, seen[0].timeout());
    assertTrue(client.isActive(failing), "a hung node keeps its connection");

    long healthyRead = millis(() -> await(client.get(healthyKey)));
    assertTrue(healthyRead < TIMEOUT.toMillis(), "the other node answered in " + healthyRead);

    cluster.resume(failing.toString());
    assertArrayEquals(bytes("on failing"), await(client.get(failingKey)));
  }

  @Test
  void getBulkFailsFastNamingTheDeadNodeAndServesBulkReadsOfTheOtherNode() {
    String secondHealthyKey = keyOn(client, healthy, "h2-");
    await(client.set(secondHealthyKey, 0, bytes("2")));
    cluster.kill(failing.toString());
    awaitInactive(failing);

    RemoteException[] seen = new RemoteException[1];
    long took =
        millis(
            () ->
                seen[0] =
                    failure(
                        RemoteException.class,
                        client.getBulk(List.of(healthyKey, failingKey, secondHealthyKey))));
    assertEquals(failing, seen[0].node());
    assertTrue(took < TIMEOUT.toMillis(), "failed in " + took + " ms");
    assertEquals(2, await(client.getBulk(List.of(healthyKey, secondHealthyKey))).size());
  }

  @Test
  void keysTimesOutOnASuspendedNode() {
    Duration adminTimeout = Duration.ofMillis(500);
    try (SpyZoneClient admin =
        new SpyZoneClient("a", client.nodes(), settings().withAdminTimeout(adminTimeout))) {
      cluster.suspend(failing.toString());
      RemoteException[] seen = new RemoteException[1];
      long took = millis(() -> seen[0] = failure(RemoteException.class, admin.keys("")));
      assertTrue(seen[0] instanceof RemoteTimeoutException, String.valueOf(seen[0]));
      assertEquals(failing, seen[0].node());
      assertTrue(took < adminTimeout.toMillis() + SLACK_MILLIS, "took " + took + " ms");
    }
  }

  @Test
  void errorAnswerDropsTheConnectionUntilSpymemcachedReconnects() {
    // spymemcached treats every ERROR, CLIENT_ERROR or SERVER_ERROR line as a broken connection.
    await(client.set(failingKey, 0, bytes("not a number")));
    RemoteException e = failure(RemoteException.class, client.incr(failingKey, 1, 0, 0));
    assertTrue(e.getMessage().contains("non-numeric"), e.getMessage());
    assertEquals(failing, e.node());

    awaitInactive(failing);
    long recovered = awaitActive(failing);
    assertTrue(recovered < 5_000, "reconnected after " + recovered + " ms");
    assertArrayEquals(bytes("not a number"), await(client.get(failingKey)));
  }

  @Test
  void clientStartsWhileANodeIsDownAndUsesItOnceItComesUp() {
    client.close();
    cluster.kill(failing.toString());
    TransportSettings quickConnect =
        new TransportSettings(
            TIMEOUT,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            TransportSettings.DEFAULT_MAX_ITEM_SIZE);
    long started = millis(() -> client = new SpyZoneClient("a", client.nodes(), quickConnect));
    assertTrue(started < 200 + SLACK_MILLIS, "constructor waited " + started + " ms");
    assertFalse(client.isActive(failing));
    failure(RemoteException.class, client.get(failingKey));
    assertArrayEquals(bytes("on healthy"), await(client.get(healthyKey)));

    cluster.restart(failing.toString());
    awaitActive(failing);
    assertTrue(await(client.set(failingKey, 0, bytes("up"))));
  }

  private static TransportSettings settings() {
    return TransportSettings.of(TIMEOUT).withMaxReconnectDelay(Duration.ofSeconds(1));
  }

  /** Waits (at most 5 s) until spymemcached has dropped the node's connection. */
  private void awaitInactive(NodeAddress node) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (client.isActive(node)) {
      // Traffic makes spymemcached notice a dead peer even if no event woke it up.
      client.get(keyOn(client, node, "probe-"));
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node + " still looks connected after 5 s");
      }
      sleep(10);
    }
  }

  /** Waits (at most 10 s) until spymemcached has reconnected the node; returns the wait. */
  private long awaitActive(NodeAddress node) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(10);
    while (!client.isActive(node)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node + " did not reconnect within 10 s");
      }
      sleep(20);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long millis(Supplier<?> action) {
    long start = System.nanoTime();
    action.get();
    return (System.nanoTime() - start) / 1_000_000;
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
