package io.nearcache.jcache.remote;

import static io.nearcache.jcache.remote.Futures.addresses;
import static io.nearcache.jcache.remote.Futures.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Futures complete on spymemcached's I/O thread, without a hop to another thread (a hop cost as
 * much as a loopback round trip), and dependent actions that send further operations of the same
 * zone from there still complete. The node is suspended while the continuation is attached, so the
 * answer can only arrive afterwards.
 */
class CompletionThreadTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(1).resetBeforeEach();

  private MemcachedCluster cluster;
  private String node;
  private SpyZoneClient client;

  @BeforeEach
  void connect() {
    cluster = memcached.cluster();
    node = cluster.nodes("a").get(0);
    client = new SpyZoneClient("a", addresses(cluster.nodes("a")), Duration.ofSeconds(3));
  }

  @AfterEach
  void close() {
    if (cluster.isSuspended(node)) {
      cluster.resume(node);
    }
    client.close();
  }

  @Test
  void getCompletesOnTheIoThread() {
    await(client.set("k", 0, bytes("v")));
    cluster.suspend(node);
    CompletableFuture<byte[]> get = client.get("k");
    CompletableFuture<String> completedOn = get.thenApply(value -> Thread.currentThread().getName());
    assertFalse(get.isDone(), "the node is suspended, so the get cannot have been answered yet");
    cluster.resume(node);

    String thread = await(completedOn);
    assertTrue(thread.startsWith("Memcached IO"), "completed on " + thread);
  }

  @Test
  void dependentActionsMaySendOperationsOfTheSameZone() {
    await(client.set("first", 0, bytes("second")));
    cluster.suspend(node);
    CompletableFuture<byte[]> chain =
        client
            .get("first")
            .thenCompose(next -> client.set(new String(next, UTF_8), 0, bytes("done")))
            .thenCompose(stored -> client.get("second"));
    cluster.resume(node);

    assertArrayEquals(bytes("done"), await(chain));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
