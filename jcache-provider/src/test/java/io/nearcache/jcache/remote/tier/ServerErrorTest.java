package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.coherence.CoherenceFixture.requireOwnConfiguration;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.FaultyProxy;
import io.nearcache.testsupport.MemcachedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, memcached errors: {@code SERVER_ERROR out of memory} and a connection reset in the
 * middle of a response are counted failures, never exceptions to a caller nor wrong values, and the
 * cache serves again once the node does.
 */
class ServerErrorTest {
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private Cache<String, byte[]> cache(String servers, boolean near) {
    requireOwnConfiguration();
    Properties properties = new Properties();
    properties.setProperty("nearcache.zones.a", servers);
    properties.setProperty("nearcache.local-zone", "a");
    properties.setProperty("nearcache.near.enabled", Boolean.toString(near));
    properties.setProperty("nearcache.remote.probe-interval", "200ms");
    CacheManager manager = TestCacheManagers.open(ServerErrorTest.class, properties);
    opened.add(manager);
    return manager.createCache(
        "errors", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
  }

  @Test
  void outOfMemoryErrorsAreCountedAndTheCacheServesAgainAfterwards() throws Exception {
    MemcachedCluster cluster =
        MemcachedCluster.builder().memoryMegabytes(2).errorOnMemoryExhausted().start();
    opened.add(cluster);
    Cache<String, byte[]> writer = cache(cluster.serversProperty("a"), true);
    byte[] value = new byte[10_000];
    new java.util.Random(7).nextBytes(value); // incompressible, so the node's memory fills

    for (int i = 0; i < 400; i++) {
      String key = "big" + i;
      assertDoesNotThrow(() -> writer.put(key, value), "a server error never reaches the caller");
      assertTrue(Arrays.equals(value, writer.get(key)), "the writing JVM reads its own write");
    }
    RemoteCounters counters = writer.unwrap(NearCache.class).remoteCounters();
    long failures = counters.failures().getOrDefault("a", 0L);
    assertTrue(failures > 0, "out-of-memory answers are counted: " + counters);

    Cache<String, byte[]> reader = cache(cluster.serversProperty("a"), false);
    for (int i = 0; i < 400; i++) {
      byte[] read = reader.get("big" + i);
      assertTrue(read == null || Arrays.equals(value, read), "a miss or the value, nothing else");
    }

    cluster.flushAll();
    awaitUp(writer);
    writer.put("small", new byte[] {1, 2, 3});
    assertTrue(Arrays.equals(new byte[] {1, 2, 3}, reader.get("small")), "serves again");
  }

  @Test
  void aConnectionResetMidResponseIsACountedMiss() throws Exception {
    MemcachedCluster cluster = MemcachedCluster.start(1, 1);
    opened.add(cluster);
    FaultyProxy proxy = FaultyProxy.to(cluster.nodes("a").get(0));
    opened.add(proxy);
    // The writer goes straight to the node, so that only the reader's traffic (near tier off: no
    // journal polling) passes through the proxy and meets the cut.
    Cache<String, byte[]> writer = cache(cluster.serversProperty("a"), true);
    Cache<String, byte[]> reader = cache(proxy.address(), false);
    byte[] value = new byte[50_000];
    new java.util.Random(3).nextBytes(value);
    writer.put("large", value);
    assertTrue(Arrays.equals(value, reader.get("large")), "read through the proxy");

    proxy.cutAfter(1000);
    byte[] cut = assertDoesNotThrow(() -> reader.get("large"));
    assertTrue(cut == null, "a response cut in the middle is a miss");
    assertTrue(proxy.resets() >= 1, "the connection was reset");
    RemoteCounters counters = reader.unwrap(NearCache.class).remoteCounters();
    assertTrue(counters.failures().getOrDefault("a", 0L) > 0, "and counted: " + counters);

    proxy.heal();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    byte[] again = null;
    while (again == null && System.nanoTime() < deadline) {
      again = reader.get("large");
      Thread.sleep(50);
    }
    assertTrue(Arrays.equals(value, again), "served again after the client reconnected");
  }

  private static void awaitUp(Cache<?, ?> cache) throws InterruptedException {
    NearCacheManager manager = cache.getCacheManager().unwrap(NearCacheManager.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (manager.remoteHealth().status() != RemoteHealth.Status.UP) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the node did not come back: " + manager.remoteHealth());
      }
      Thread.sleep(50);
    }
  }
}
