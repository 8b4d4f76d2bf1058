package io.nearcache.jcache.remote;

import static io.nearcache.jcache.remote.Futures.addresses;
import static io.nearcache.jcache.remote.Futures.await;
import static io.nearcache.jcache.remote.Futures.failure;
import static io.nearcache.jcache.remote.Futures.keyOn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every {@link ZoneClient} operation against a real zone of two memcached nodes. */
class SpyZoneClientTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(2).resetBeforeEach();

  private static SpyZoneClient client;
  private static AdminClient admin;

  @BeforeAll
  static void connect() {
    client =
        new SpyZoneClient(
            "a", addresses(memcached.nodes("a")), TransportSettings.of(Duration.ofSeconds(1)));
    admin = new AdminClient("a", Duration.ofSeconds(2));
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void describesItsZone() {
    assertEquals("a", client.zone());
    assertEquals(addresses(memcached.nodes("a")), client.nodes());
    client.nodes().forEach(node -> assertTrue(client.isActive(node), node + " connected"));
  }

  @Test
  void getMissesThenReadsWhatSetStored() {
    assertNull(await(client.get("greeting")));
    assertTrue(await(client.set("greeting", 0, bytes("hello"))));
    assertArrayEquals(bytes("hello"), await(client.get("greeting")));
    assertTrue(await(client.set("greeting", 0, bytes("again"))));
    assertArrayEquals(bytes("again"), await(client.get("greeting")));
  }

  @Test
  void bytesArePassedThroughUnchanged() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    assertTrue(await(client.set("binary", 0, every)));
    assertArrayEquals(every, await(client.get("binary")));
    assertTrue(await(client.set("empty", 0, new byte[0])));
    assertArrayEquals(new byte[0], await(client.get("empty")));
  }

  @Test
  void addStoresOnlyWhenAbsent() {
    assertTrue(await(client.add("once", 0, bytes("first"))));
    assertFalse(await(client.add("once", 0, bytes("second"))));
    assertArrayEquals(bytes("first"), await(client.get("once")));
  }

  @Test
  void casSucceedsOnceThenConflicts() {
    assertNull(await(client.gets("counter")));
    await(client.set("counter", 0, bytes("1")));
    CasValue read = await(client.gets("counter"));
    assertArrayEquals(bytes("1"), read.value());

    assertEquals(CasResult.OK, await(client.cas("counter", read.cas(), 0, bytes("2"))));
    assertEquals(
        CasResult.EXISTS,
        await(client.cas("counter", read.cas(), 0, bytes("3"))),
        "the unique changed with the first cas");
    assertArrayEquals(bytes("2"), await(client.get("counter")));

    CasValue second = await(client.gets("counter"));
    assertTrue(second.cas() != read.cas());
    await(client.delete("counter"));
    assertEquals(CasResult.NOT_FOUND, await(client.cas("counter", second.cas(), 0, bytes("4"))));
  }

  @Test
  void deleteReportsWhetherTheKeyExisted() {
    await(client.set("doomed", 0, bytes("x")));
    assertTrue(await(client.delete("doomed")));
    assertNull(await(client.get("doomed")));
    assertFalse(await(client.delete("doomed")));
  }

  @Test
  void touchSetsANewExpiryOnExistingKeysOnly() {
    await(client.set("touched", 100, bytes("x")));
    long before = expiryOf("touched");
    assertTrue(await(client.touch("touched", 10_000)));
    long after = expiryOf("touched");
    assertTrue(after - before > 9_000, "expiry moved from " + before + " to " + after);
    assertArrayEquals(bytes("x"), await(client.get("touched")));
    assertFalse(await(client.touch("absent", 100)));
  }

  @Test
  void incrCreatesTheCounterWithItsInitialValueThenAdds() {
    assertEquals(10L, await(client.incr("hits", 5, 10, 0)));
    assertEquals(15L, await(client.incr("hits", 5, 10, 0)));
    assertEquals(16L, await(client.incr("hits", 1, 10, 0)));
    assertArrayEquals(bytes("16"), await(client.get("hits")));
  }

  @Test
  void incrCreatedConcurrentlyCountsEveryCall() {
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.incr("raced", 1, 1, 0));
    }
    Set<Long> values = new HashSet<>();
    calls.forEach(call -> values.add(await(call)));
    assertEquals(20, values.size(), "every call saw its own value: " + values);
    assertArrayEquals(bytes("20"), await(client.get("raced")));
  }

  @Test
  void incrRejectsNegativeNumbers() {
    failure(IllegalArgumentException.class, client.incr("n", -1, 0, 0));
    failure(IllegalArgumentException.class, client.incr("n", 1, -5, 0));
  }

  @Test
  void getBulkReadsFromBothNodesAndLeavesMissesOut() {
    NodeAddress first = client.nodes().get(0);
    NodeAddress second = client.nodes().get(1);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add("bulk-" + i);
    }
    Set<NodeAddress> used = new HashSet<>();
    for (String key : keys) {
      used.add(client.nodeFor(key));
      await(client.set(key, 0, bytes("v-" + key)));
    }
    assertEquals(Set.of(first, second), used, "the keys span both nodes");

    List<String> asked = new ArrayList<>(keys);
    asked.add("bulk-missing-1");
    asked.add("bulk-missing-2");
    Map<String, byte[]> found = await(client.getBulk(asked));
    assertEquals(keys.size(), found.size());
    for (String key : keys) {
      assertArrayEquals(bytes("v-" + key), found.get(key), key);
    }
    assertTrue(await(client.getBulk(List.of())).isEmpty());

    List<String> twice = List.of(keys.get(0), keys.get(1), keys.get(0), "bulk-missing-1");
    Map<String, byte[]> once = await(client.getBulk(twice));
    assertEquals(Set.of(keys.get(0), keys.get(1)), once.keySet(), "a key named twice, once");
    assertArrayEquals(bytes("v-" + keys.get(0)), once.get(keys.get(0)));
  }

  @Test
  void keysListsEveryKeyWithThePrefixOnEveryNode() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String key = "users:" + i;
      expected.add(key);
      await(client.set(key, 0, bytes("u")));
      await(client.set("orders:" + i, 0, bytes("o")));
    }
    String unusual = "users:é/%+";
    expected.add(unusual);
    await(client.set(unusual, 0, bytes("u")));

    List<String> keys = await(client.keys("users:"));
    assertEquals(expected, new HashSet<>(keys));
    assertEquals(expected.size(), keys.size(), "no duplicates");
    assertEquals(61, await(client.keys("")).size());
  }

  @Test
  void flushAllEmptiesEveryNode() {
    String onFirst = keyOn(client, client.nodes().get(0), "flush-");
    String onSecond = keyOn(client, client.nodes().get(1), "flush-");
    await(client.set(onFirst, 0, bytes("1")));
    await(client.set(onSecond, 0, bytes("2")));
    await(client.flushAll());
    assertNull(await(client.get(onFirst)));
    assertNull(await(client.get(onSecond)));
  }

  @Test
  void invalidKeysFailTheFutureWithIllegalArgumentException() {
    IllegalArgumentException spaced =
        failure(IllegalArgumentException.class, client.set("has space", 0, bytes("x")));
    assertTrue(spaced.getMessage().contains("has space"), spaced.getMessage());
    failure(IllegalArgumentException.class, client.get("k".repeat(251)));
    failure(IllegalArgumentException.class, client.getBulk(List.of("ok", "not ok")));
  }

  @Test
  void valuesTooLargeForOneItemAreRefusedBeforeSending() {
    int largest = client.settings().maxValueSize("big".length());
    assertTrue(await(client.set("big", 0, new byte[largest])), "the largest value fits");
    assertEquals(largest, await(client.get("big")).length);

    IllegalArgumentException e =
        failure(IllegalArgumentException.class, client.set("big", 0, new byte[largest + 1]));
    assertTrue(e.getMessage().contains("'big'"), e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(largest)), e.getMessage());
    failure(IllegalArgumentException.class, client.add("big2", 0, new byte[2 << 20]));
    failure(IllegalArgumentException.class, client.cas("big", 1, 0, new byte[2 << 20]));
    assertTrue(client.isActive(client.nodeFor("big")), "the connection was not disturbed");
  }

  @Test
  void closedClientFailsOperationsWithRemoteException() {
    SpyZoneClient closing = new SpyZoneClient("a", client.nodes(), Duration.ofSeconds(1));
    closing.close();
    closing.close();
    RemoteException e = failure(RemoteException.class, closing.get("any"));
    assertNotNull(e.getMessage());
    failure(RemoteException.class, closing.flushAll());
  }

  private static long expiryOf(String key) {
    NodeAddress node = client.nodeFor(key);
    List<AdminClient.Item> items = new ArrayList<>();
    admin.metadump(
        node,
        item -> {
          if (item.key().equals(key)) {
            items.add(item);
          }
        });
    assertEquals(1, items.size(), key + " on " + node);
    return items.get(0).expiresAt();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
