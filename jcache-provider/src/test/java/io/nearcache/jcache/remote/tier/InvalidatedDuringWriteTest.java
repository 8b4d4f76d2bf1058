package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nearcache.testsupport.FaultyProxy;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 4: a value must not enter the near tier after an invalidation that supersedes it
 * was applied. A writer with {@code write.ack=ALL} waits for zone b's copy (its reply held back by
 * a proxy) before it updates its own near tier; meanwhile another JVM overwrites the key, or this
 * JVM clears the cache. The writer used to put its value into its near tier after the wait, over
 * the invalidation it had already applied, and served it from then on while every zone held the
 * newer state.
 */
class InvalidatedDuringWriteTest {
  private static final String CACHE = "invalidated-during-write";
  private static final Duration HELD = Duration.ofMillis(900);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private FaultyProxy zoneB;
  private TwoTierManagers managers;
  private Cache<String, String> writer;
  private Cache<String, String> other;

  @BeforeEach
  void open() {
    zoneB = FaultyProxy.to(memcached.nodes("b").get(0));
    managers = new TwoTierManagers(memcached.cluster());
    writer =
        cache(
            managers.open(
                "a",
                "nearcache.zones.b", zoneB.address(),
                "nearcache.write.ack", "ALL",
                "nearcache.coherence.poll-interval", "50ms"));
    other = cache(managers.open("a"));
  }

  @AfterEach
  void close() {
    managers.close();
    zoneB.close();
  }

  @Test
  void anotherJvmsWriteDuringTheAckWaitIsNotUndoneInTheWritersNearTier() throws Exception {
    writer.put("k", "v0");
    zoneB.delayNextReplyTo("cas ", HELD);

    CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> writer.put("k", "v1"));
    awaitArbiterHolds("k", "v1");
    other.put("k", "v2");
    slow.get(10, TimeUnit.SECONDS);

    assertEquals(1, zoneB.delayedReplies(), "zone b's copy was acknowledged late");
    Eventually.await("the writer reads the newer write", () -> "v2".equals(writer.get("k")));
    Thread.sleep(300); // several polls: nothing brings v1 back
    assertEquals("v2", writer.get("k"));
  }

  @Test
  void aClearDuringTheAckWaitLeavesNoValueOfTheOldGeneration() throws Exception {
    writer.put("k", "v0");
    zoneB.delayNextReplyTo("cas ", HELD);

    CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> writer.put("k", "v1"));
    awaitArbiterHolds("k", "v1");
    writer.clear();
    slow.get(10, TimeUnit.SECONDS);

    assertEquals(1, zoneB.delayedReplies(), "zone b's copy was acknowledged late");
    assertNull(other.get("k"), "the cache was cleared after v1 was arbitrated");
    assertNull(writer.get("k"), "the writer serves no value of the generation it cleared");
  }

  /** Waits until the arbiter (zone a) holds the value: read through a read-only entry processor. */
  private void awaitArbiterHolds(String key, String value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!value.equals(other.invoke(key, (entry, arguments) -> entry.getValue()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the arbiter never held " + value);
      }
      Thread.sleep(10);
    }
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }
}
