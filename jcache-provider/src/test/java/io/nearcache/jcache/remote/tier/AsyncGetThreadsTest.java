package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NearCache#getAsync} on a cache without an executor of its own: nearcache's steps after a
 * remote answer run on its completion lanes, the stages a caller attaches run on its stage
 * threads, never on a lane or a memcached I/O thread, so a stage may block, even on another
 * {@code getAsync}. The local zone's node is suspended while stages are attached, so the answer can
 * only arrive afterwards.
 */
class AsyncGetThreadsTest {
  private static final String CACHE = "async-threads";

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(1).nodesPerZone(1).resetBeforeEach();

  private MemcachedCluster cluster;
  private TwoTierManagers managers;
  private String node;

  @BeforeEach
  void connect() {
    cluster = memcached.cluster();
    managers = new TwoTierManagers(cluster);
    node = cluster.nodes("a").get(0);
  }

  @AfterEach
  void disconnect() {
    if (cluster.isSuspended(node)) {
      cluster.resume(node);
    }
    managers.close();
  }

  @Test
  void callersStagesRunOnStageThreadsAndAWaitingCallerIsAnswered() throws Exception {
    NearCache<String, String> reader = remoteOnly(managers.open("a", "nearcache.near.enabled", "false"), false);
    reader.put("k", "v");
    cluster.suspend(node);
    CompletableFuture<String> read = reader.getAsync("k");
    CompletableFuture<String> stage = read.thenApply(v -> Thread.currentThread().getName());
    CompletableFuture<String> derived =
        stage.thenApply(name -> Thread.currentThread().getName());
    assertFalse(read.isDone(), "the node is suspended, so the read cannot be answered yet");
    cluster.resume(node);

    assertEquals("v", read.get(5, TimeUnit.SECONDS));
    assertStageThread(stage.get(5, TimeUnit.SECONDS));
    assertStageThread(derived.get(5, TimeUnit.SECONDS));
    // Attached once done: runs at once, in the attaching thread.
    assertEquals(
        Thread.currentThread().getName(),
        read.thenApply(v -> Thread.currentThread().getName()).getNow("not run at once"));
  }

  @Test
  void aStageMayWaitForAnotherAsynchronousRead() throws Exception {
    NearCache<String, String> reader = remoteOnly(managers.open("a", "nearcache.near.enabled", "false"), false);
    reader.put("first", "1");
    reader.put("second", "2");
    cluster.suspend(node);
    CompletableFuture<String> both =
        reader
            .getAsync("first")
            .thenApply(first -> first + reader.getAsync("second").join());
    cluster.resume(node);
    assertEquals("12", both.get(5, TimeUnit.SECONDS), "a blocking stage held no answer up");
  }

  @Test
  void accessExpiryRewritesOffTheLanes() throws Exception {
    NearCache<String, String> reader = remoteOnly(managers.open("a", "nearcache.near.enabled", "false"), true);
    reader.put("k", "v");
    cluster.suspend(node);
    CompletableFuture<String> read = reader.getAsync("k");
    CompletableFuture<String> stage = read.thenApply(v -> Thread.currentThread().getName());
    assertFalse(read.isDone(), "the node is suspended, so the read cannot be answered yet");
    cluster.resume(node);
    assertEquals("v", read.get(5, TimeUnit.SECONDS));
    assertStageThread(stage.get(5, TimeUnit.SECONDS));
    assertTrue(reader.containsKey("k"));
  }

  @Test
  void closingTheManagerEndsItsLanesAndStageThreads() throws Exception {
    java.util.Set<Thread> before = nearcacheAsyncThreads();
    CacheManager manager = managers.open("a", "nearcache.near.enabled", "false");
    NearCache<String, String> reader = remoteOnly(manager, false);
    reader.put("k", "v");
    cluster.suspend(node);
    CompletableFuture<Thread> stage = reader.getAsync("k").thenApply(v -> Thread.currentThread());
    cluster.resume(node);
    Thread stageThread = stage.get(5, TimeUnit.SECONDS);
    java.util.Set<Thread> started = nearcacheAsyncThreads();
    started.removeAll(before);
    assertTrue(started.contains(stageThread), "the stage ran on this manager's thread");
    assertTrue(
        started.stream().anyMatch(t -> t.getName().startsWith("nearcache-completion-")),
        "this manager started a lane: " + started);
    manager.close();
    for (Thread thread : started) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(thread.isAlive(), thread.getName() + " still runs after its manager closed");
    }
  }

  /** The live threads of nearcache's asynchronous reads, of every manager in this JVM. */
  private static java.util.Set<Thread> nearcacheAsyncThreads() {
    java.util.Set<Thread> threads = new java.util.HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("nearcache-completion-") || name.startsWith("nearcache-stage-")) {
        threads.add(thread);
      }
    }
    return threads;
  }

  private static void assertStageThread(String name) {
    assertTrue(name.startsWith("nearcache-stage-"), "ran on " + name);
  }

  /** The near tier off, so every read goes to memcached; touched expiry when asked. */
  @SuppressWarnings("unchecked")
  private static NearCache<String, String> remoteOnly(CacheManager manager, boolean touched) {
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    if (touched) {
      configuration.setExpiryPolicyFactory(
          TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)));
    }
    Cache<String, String> cache = manager.createCache(CACHE, configuration);
    return cache.unwrap(NearCache.class);
  }
}
