package io.nearcache.jcache.remote.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.AdminClient;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteException;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.TransportSettings;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5, failure handling: a node that keeps failing is marked down, its operations then fail at
 * once (or go to the gutter), a probe brings it back, and keys written to the gutter meanwhile are
 * deleted from it before it serves again. Real memcached processes, SIGSTOP and kill.
 */
class FailoverZoneClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final FailoverSettings SETTINGS =
      new FailoverSettings(3, Duration.ofMillis(200), 5, 1000);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  private MemcachedCluster cluster;
  private final List<ZoneClient> opened = new ArrayList<>();

  @BeforeEach
  void cluster() {
    cluster = memcached.cluster();
  }

  @AfterEach
  void close() {
    for (String node : cluster.allNodes()) {
      if (cluster.isSuspended(node)) {
        cluster.resume(node);
      }
      if (!cluster.isRunning(node)) {
        cluster.restart(node);
      }
    }
    opened.forEach(ZoneClient::close);
  }

  private FailoverZoneClient zone(ZoneClient gutter) {
    SpyZoneClient spy = new SpyZoneClient("a", addresses(cluster.nodes("a")), transport());
    FailoverZoneClient zone = new FailoverZoneClient(spy, gutter, SETTINGS);
    opened.add(zone);
    return zone;
  }

  private static TransportSettings transport() {
    return TransportSettings.of(TIMEOUT).withMaxReconnectDelay(Duration.ofSeconds(1));
  }

  @Test
  void aHungNodeIsMarkedDownThenFailsAtOnceAndAProbeBringsItBack() throws Exception {
    FailoverZoneClient zone = zone(null);
    NodeAddress hung = zone.nodes().get(0);
    String key = keyOn(zone, hung, "k");
    String other = keyOn(zone, zone.nodes().get(1), "o");
    await(zone.set(key, 0, bytes("v")));
    cluster.suspend(cluster.nodes("a").get(0));

    for (int i = 0; i < SETTINGS.failureThreshold(); i++) {
      assertThrows(ExecutionException.class, () -> zone.get(key).get(5, TimeUnit.SECONDS));
    }
    assertFalse(zone.isUp(hung), "marked down after the threshold");
    NodeHealth health = zone.health().get(0);
    assertFalse(health.up());
    assertTrue(health.downSinceMillis() > 0);
    assertTrue(health.lastFailure().contains("no answer within"), health.lastFailure());

    long start = System.nanoTime();
    ExecutionException fast =
        assertThrows(ExecutionException.class, () -> zone.get(key).get(5, TimeUnit.SECONDS));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(fast.getCause() instanceof RemoteException);
    assertTrue(fast.getCause().getMessage().contains("marked down"), fast.getCause().getMessage());
    assertTrue(tookMillis < TIMEOUT.toMillis(), "failed in " + tookMillis + " ms, not at once");
    await(zone.set(other, 0, bytes("fine")));
    assertArrayEquals(bytes("fine"), await(zone.get(other)), "the other node keeps serving");

    cluster.resume(cluster.nodes("a").get(0));
    waitUntil(() -> zone.isUp(hung), "the probe brings the node back");
    assertArrayEquals(bytes("v"), await(zone.get(key)));
    assertTrue(zone.health().get(0).up());
  }

  @Test
  void aKilledNodeIsMarkedDownAndReturnsEmptyAfterARestart() throws Exception {
    FailoverZoneClient zone = zone(null);
    NodeAddress dead = zone.nodes().get(1);
    String key = keyOn(zone, dead, "d");
    await(zone.set(key, 0, bytes("v")));
    cluster.kill(cluster.nodes("a").get(1));
    for (int i = 0; i < 20 && zone.isUp(dead); i++) {
      zone.get(key).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    }
    assertFalse(zone.isUp(dead));
    assertEquals(1, zone.health().stream().filter(h -> !h.up()).count());

    cluster.restart(cluster.nodes("a").get(1));
    waitUntil(() -> zone.isUp(dead), "the probe finds the restarted node");
    assertNull(await(zone.get(key)), "a restarted node is empty");
  }

  @Test
  void theGutterTakesADownNodesKeysAndTheyAreDeletedFromTheNodeWhenItReturns() throws Exception {
    SpyZoneClient gutter =
        new SpyZoneClient("gutter", addresses(List.of(cluster.nodes("b").get(0))), transport());
    opened.add(gutter);
    FailoverZoneClient zone = zone(gutter);
    NodeAddress hung = zone.nodes().get(0);
    String key = keyOn(zone, hung, "g");
    await(zone.set(key, 0, bytes("old")));
    cluster.suspend(cluster.nodes("a").get(0));
    for (int i = 0; i < SETTINGS.failureThreshold(); i++) {
      zone.get(key).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    }
    assertFalse(zone.isUp(hung));

    assertNull(await(zone.get(key)), "the gutter starts empty: a miss, not a failure");
    assertTrue(await(zone.set(key, 0, bytes("new"))), "writes go to the gutter");
    assertArrayEquals(bytes("new"), await(zone.get(key)));
    assertArrayEquals(bytes("new"), await(gutter.get(key)), "held by the gutter node");

    cluster.resume(cluster.nodes("a").get(0));
    waitUntil(() -> zone.isUp(hung), "the probe brings the node back");
    assertNull(
        await(zone.get(key)),
        "the node's older copy was deleted before it served again, not served stale");
    assertNull(await(gutter.get(key)), "and the gutter's copy is gone too");
  }

  @Test
  void gutterItemsLiveAtMostTheGutterTtl() throws Exception {
    SpyZoneClient gutter =
        new SpyZoneClient("gutter", addresses(List.of(cluster.nodes("b").get(0))), transport());
    opened.add(gutter);
    FailoverZoneClient zone = zone(gutter);
    NodeAddress hung = zone.nodes().get(0);
    String key = keyOn(zone, hung, "t");
    cluster.suspend(cluster.nodes("a").get(0));
    for (int i = 0; i < SETTINGS.failureThreshold(); i++) {
      zone.get(key).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    }
    long before = System.currentTimeMillis() / 1000;
    assertTrue(await(zone.set(key, 0, bytes("short"))), "asked for no expiry at all");
    List<AdminClient.Item> items = new ArrayList<>();
    new AdminClient("gutter", Duration.ofSeconds(2))
        .metadump(NodeAddress.parse(cluster.nodes("b").get(0)), items::add);
    AdminClient.Item item =
        items.stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
    assertTrue(item.expiresAt() > 0, "the gutter item expires");
    assertTrue(
        item.expiresAt() <= before + SETTINGS.gutterTtlSeconds() + 1,
        "within the gutter TTL: expires at " + item.expiresAt() + ", written at " + before);
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new FailoverSettings(0, Duration.ofSeconds(1), 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FailoverSettings(1, Duration.ZERO, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new FailoverSettings(1, Duration.ofSeconds(1), 0, 1));
  }

  private static void waitUntil(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static List<NodeAddress> addresses(List<String> nodes) {
    List<NodeAddress> addresses = new ArrayList<>();
    nodes.forEach(n -> addresses.add(NodeAddress.parse(n)));
    return addresses;
  }

  private static String keyOn(ZoneClient zone, NodeAddress node, String prefix) {
    for (int i = 0; i < 10_000; i++) {
      String key = prefix + i;
      if (zone.nodeFor(key).equals(node)) {
        return key;
      }
    }
    throw new AssertionError("no key on " + node);
  }
}
