package io.nearcache.jcache.remote.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.FaultyProxy;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 1: a write that lands on the arbiter but whose answer comes after the timeout.
 * The retry used to read that very write as the current value and apply the operation again:
 * {@code invoke} counted twice, {@code remove} found nothing to remove and never copied its
 * tombstone to the other zone, {@code putIfAbsent} stored but answered false, {@code getAndPut}
 * returned its own new value. A proxy in front of zone a's node holds back one reply past the
 * timeout while memcached has already executed the request.
 */
class UnansweredWriteTest {
  private static final String CACHE = "unanswered";
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final Duration LATE = Duration.ofMillis(320);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private FaultyProxy proxy;
  private TwoTierManagers managers;
  private Cache<String, Integer> writer;

  @BeforeEach
  void open() {
    proxy = FaultyProxy.to(memcached.nodes("a").get(0));
    managers = new TwoTierManagers(memcached.cluster());
    writer =
        cache(
            managers.open(
                "a",
                "nearcache.zones.a", proxy.address(),
                "nearcache.remote.timeout", TIMEOUT.toMillis() + "ms",
                "nearcache.write.ack", "ALL",
                // No journal polls on the arbiter's connection while a reply is held back.
                "nearcache.coherence.poll-interval", "30s"));
  }

  @AfterEach
  void close() {
    managers.close();
    proxy.close();
  }

  @Test
  void invokeThatLandedIsNotAppliedTwice() {
    writer.put("counter", 1);
    proxy.delayNextReplyTo("cas ", LATE);

    writer.invoke("counter", (entry, arguments) -> {
      entry.setValue(entry.getValue() + 1);
      return null;
    });

    assertEquals(1, proxy.delayedReplies(), "the cas answer came late");
    assertEquals(2, writer.get("counter"));
    assertEquals(2, readInZoneB("counter"));
  }

  @Test
  void removeThatLandedReachesTheOtherZone() {
    writer.put("gone", 1);
    proxy.delayNextReplyTo("cas ", LATE);

    assertTrue(writer.remove("gone"), "the entry was there and is removed");

    assertEquals(1, proxy.delayedReplies(), "the cas answer came late");
    assertNull(writer.get("gone"));
    assertNull(readInZoneB("gone"), "zone b holds the tombstone");
  }

  @Test
  void putIfAbsentThatLandedAnswersTrueAndReachesTheOtherZone() {
    proxy.delayNextReplyTo("add ", LATE);

    assertTrue(writer.putIfAbsent("fresh", 7), "the key was absent and is now stored");

    assertEquals(1, proxy.delayedReplies(), "the add answer came late");
    assertEquals(7, readInZoneB("fresh"));
  }

  @Test
  void getAndPutThatLandedReturnsThePreviousValue() {
    writer.put("swapped", 1);
    proxy.delayNextReplyTo("cas ", LATE);

    assertEquals(1, writer.getAndPut("swapped", 2));

    assertEquals(1, proxy.delayedReplies(), "the cas answer came late");
    assertEquals(2, readInZoneB("swapped"));
  }

  @Test
  void removeAllThatLandedReachesTheOtherZone() {
    writer.putAll(java.util.Map.of("x", 1, "y", 2, "z", 3));
    proxy.delayNextReplyTo("cas ", LATE);

    writer.removeAll(java.util.Set.of("x", "y", "z"));

    assertEquals(1, proxy.delayedReplies(), "the batch's cas answers came late");
    for (String key : java.util.List.of("x", "y", "z")) {
      assertNull(writer.get(key));
      assertNull(readInZoneB(key), "zone b holds the tombstone of " + key);
    }
  }

  @Test
  void putAllThatLandedReachesTheOtherZone() {
    writer.putAll(java.util.Map.of("x", 1, "y", 2));
    proxy.delayNextReplyTo("cas ", LATE);

    writer.putAll(java.util.Map.of("x", 10, "y", 20));

    assertEquals(1, proxy.delayedReplies(), "the batch's cas answers came late");
    assertEquals(10, readInZoneB("x"));
    assertEquals(20, readInZoneB("y"));
  }

  @Test
  void leaseThatLandedIsTheCallersOwn() {
    Cache<String, Integer> loading =
        writer.getCacheManager()
            .createCache(
                "unanswered-loads",
                new MutableConfiguration<String, Integer>()
                    .setTypes(String.class, Integer.class)
                    .setReadThrough(true)
                    .setCacheLoaderFactory(
                        javax.cache.configuration.FactoryBuilder.factoryOf(FortyTwo.class)));
    proxy.delayNextReplyTo("add ", LATE);

    assertEquals(42, loading.get("loaded"));

    assertEquals(1, proxy.delayedReplies(), "the lease's add answer came late");
    var counters = TwoTierManagers.counters(loading);
    assertEquals(0, counters.leaseWaits(), "the caller did not wait for its own lease");
    assertEquals(1, counters.leasesGranted());
    Integer inZoneB =
        managers
            .open("b")
            .createCache(
                "unanswered-loads",
                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class))
            .get("loaded");
    assertEquals(42, inZoneB, "the loaded value was stored in place of the lease and copied");
  }

  /** A loader that answers 42. */
  public static final class FortyTwo implements javax.cache.integration.CacheLoader<String, Integer> {
    @Override
    public Integer load(String key) {
      return 42;
    }

    @Override
    public java.util.Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, Integer> all = new java.util.HashMap<>();
      keys.forEach(k -> all.put(k, 42));
      return all;
    }
  }

  /** Reads the key in a new manager local to zone b, with its near tier empty. */
  private Integer readInZoneB(String key) {
    return cache(managers.open("b")).get(key);
  }

  private static Cache<String, Integer> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }
}
