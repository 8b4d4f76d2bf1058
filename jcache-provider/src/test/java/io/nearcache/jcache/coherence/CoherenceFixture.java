package io.nearcache.jcache.coherence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.NearTiers;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * What the coherence tests share: CacheManagers standing for JVMs of one zone, raw access to a
 * zone's memcached nodes and to a cache's invalidation journal there, and waits that are always
 * bounded.
 */
public final class CoherenceFixture {
  /** The default {@code nearcache.coherence.partitions}. */
  public static final int PARTITIONS = 16;

  /**
   * How long a repair may take in the in-process tests: the claimed staleness bound is two poll
   * intervals plus 50 ms (measured by CrossZoneStalenessTest); these tests check correctness on a
   * shared 2-core machine that runs other builds, so they allow a second.
   */
  public static final Duration REPAIR_BOUND = Duration.ofSeconds(1);

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Duration RAW_TIMEOUT = Duration.ofSeconds(2);

  private CoherenceFixture() {}

  /**
   * Fails the calling test in a JVM whose system properties configure the provider: there they
   * would win over what the test passes to {@code getCacheManager}, pointing its JVMs at another
   * cluster with other timeouts, and the test would check something else than it says. The
   * project's own test execution sets none; the TCK executions, which set them, do not run these
   * tests (and are skipped under a {@code -Dtest} filter).
   */
  public static void requireOwnConfiguration() {
    List<String> configured =
        System.getProperties().stringPropertyNames().stream()
            .filter(name -> name.startsWith("nearcache."))
            .sorted()
            .toList();
    if (!configured.isEmpty()) {
      throw new IllegalStateException(
          "This test configures its own CacheManagers, but the JVM's system properties "
              + configured
              + " would override them. Run it without those properties (under a -Dtest filter"
              + " the TCK executions are skipped; do not pass -Dnearcache-tck.skip=false)");
    }
  }

  /**
   * A new CacheManager that reads from {@code localZone}, under a URI of its own ({@code
   * urn:nearcache:...}), standing for one JVM of that zone.
   *
   * @param keysAndValues further {@code nearcache.*} properties, alternating keys and values
   */
  public static CacheManager manager(
      MemcachedCluster cluster, String localZone, String... keysAndValues) {
    requireOwnConfiguration();
    Properties properties = cluster.asProperties();
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, localZone);
    properties.putAll(TestCacheManagers.properties(keysAndValues));
    URI uri = URI.create("urn:nearcache:" + localZone + "-" + SEQUENCE.incrementAndGet());
    return TestCacheManagers.provider()
        .getCacheManager(uri, CoherenceFixture.class.getClassLoader(), properties);
  }

  /** Creates a cache of strings. */
  public static Cache<String, String> stringCache(CacheManager manager, String name) {
    return manager.createCache(
        name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** The coherence metrics of a two-tier cache. */
  public static CoherenceMetrics metrics(Cache<?, ?> cache) {
    return cache.unwrap(NearCache.class).coherenceMetrics();
  }

  /** Whether the near tier holds a copy of the key; reads nothing from memcached. */
  public static boolean nearHolds(Cache<?, ?> cache, Object key) {
    return NearTiers.caffeine(cache).asMap().containsKey(key);
  }

  /** A raw client for the nodes of one zone. */
  public static SpyZoneClient rawZone(MemcachedCluster cluster, String zone) {
    List<NodeAddress> nodes = new ArrayList<>();
    cluster.nodes(zone).forEach(n -> nodes.add(NodeAddress.parse(n)));
    return new SpyZoneClient(zone, nodes, RAW_TIMEOUT);
  }

  /** The journal of a cache as every JVM lays it out; its origin is nobody's. */
  public static Journal journal(String cacheName) {
    return new Journal("nc:" + cacheName + ":", PARTITIONS, 0);
  }

  /** The journal partition of a string key. */
  public static int partitionOf(String cacheName, String key) {
    byte[] canonical =
        SerializationCodec.withDefaults(cacheName, CoherenceFixture.class.getClassLoader())
            .encode(key);
    return journal(cacheName).partitionOf(canonical);
  }

  /** The first key {@code prefix + i} (i from 0) whose partition is, or is not, the given one. */
  public static String keyIn(String cacheName, String prefix, int partition, boolean inside) {
    for (int i = 0; i < 10_000; i++) {
      String key = prefix + i;
      if ((partitionOf(cacheName, key) == partition) == inside) {
        return key;
      }
    }
    throw new AssertionError(
        "no key " + prefix + "<i> " + (inside ? "in" : "outside") + " " + partition);
  }

  /** A partition's sequence counter in one zone; null when absent. */
  public static Long counter(ZoneClient zone, String cacheName, int partition) {
    byte[] bytes = await(zone.get(journal(cacheName).counterKey(partition)));
    return bytes == null
        ? null
        : Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
  }

  /**
   * The memcached key of a string key in the cache's current generation, as the primary zone (the
   * one that creates the generation counter) holds it.
   */
  public static String memcachedKey(ZoneClient primary, String cacheName, String key) {
    byte[] generation = await(primary.get("nc:" + cacheName + ":gen"));
    if (generation == null) {
      throw new AssertionError(
          "cache " + cacheName + " has no generation in zone " + primary.zone());
    }
    long current = Long.parseLong(new String(generation, StandardCharsets.US_ASCII).trim());
    SerializationCodec keyCodec =
        new SerializationCodec(
            cacheName,
            CoherenceFixture.class.getClassLoader(),
            SerializationCodec.DEFAULT_ALLOWLIST);
    return new KeyEncoder(cacheName, keyCodec).encode(key, current).memcachedKey();
  }

  /** The envelope a zone holds under a memcached key; null when absent. */
  public static Envelope rawEnvelope(ZoneClient zone, String cacheName, String memcachedKey) {
    byte[] bytes = await(zone.get(memcachedKey));
    return bytes == null ? null : new EnvelopeCodec(cacheName).decode(bytes);
  }

  /** The string value of an envelope; null for a tombstone. */
  public static String valueOf(String cacheName, Envelope envelope) {
    if (envelope.isTombstone()) {
      return null;
    }
    return (String)
        SerializationCodec.withDefaults(cacheName, CoherenceFixture.class.getClassLoader())
            .decode(envelope.payload());
  }

  /**
   * Reads repeatedly (every millisecond) from {@code since} until {@code bound + observe} later and
   * checks that every read after {@code since + bound} returns {@code expected}; before the bound
   * anything may be read, including an older value after the expected one.
   *
   * @return the milliseconds from {@code since} to the last read of another value, -1 if none
   */
  public static long awaitSettledReads(
      String what,
      Supplier<String> read,
      String expected,
      long since,
      Duration bound,
      Duration observe) {
    long boundAt = since + bound.toNanos();
    long end = boundAt + observe.toNanos();
    long lastStale = -1;
    List<String> late = new ArrayList<>();
    long now;
    do {
      String value = read.get();
      now = System.nanoTime();
      if (!Objects.equals(expected, value)) {
        lastStale = now;
        if (now > boundAt && late.size() < 5) {
          late.add(value + " at " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms");
        }
      }
      LockSupport.parkNanos(1_000_000);
    } while (now < end);
    assertTrue(
        late.isEmpty(),
        what
            + ": read "
            + late
            + " instead of "
            + expected
            + " after the "
            + bound.toMillis()
            + " ms bound");
    return lastStale < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(lastStale - since);
  }

  /**
   * Waits until a zone holds the written values (a writer's put returns before the other zones have
   * their copies) and then until the reader's journal is quiet ({@link #awaitQuiet}).
   */
  public static void awaitSettled(
      MemcachedCluster cluster,
      String zone,
      String cacheName,
      Map<String, String> written,
      Cache<?, ?> reader) {
    try (ZoneClient primary = rawZone(cluster, cluster.zones().get(0));
        ZoneClient copy = rawZone(cluster, zone)) {
      awaitTrue(
          "zone " + zone + " holds " + written,
          Duration.ofSeconds(5),
          () -> {
            for (Map.Entry<String, String> e : written.entrySet()) {
              Envelope envelope =
                  rawEnvelope(copy, cacheName, memcachedKey(primary, cacheName, e.getKey()));
              if (envelope == null || !Objects.equals(e.getValue(), valueOf(cacheName, envelope))) {
                return false;
              }
            }
            return true;
          });
    }
    awaitQuiet(reader);
  }

  /**
   * Waits until the reader's journal is quiet: three polls in a row that neither applied nor
   * repaired anything, so the records of earlier writes have been dealt with. (The first write to a
   * partition shows up as a repair, not as an applied record: its counter appears, and a reader
   * cannot know which sequence it started at.)
   */
  static void awaitQuiet(Cache<?, ?> reader) {
    CoherenceMetrics m = metrics(reader);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long activity = m.recordsApplied() + m.partitionRepairs() + m.fullRepairs();
      long polls = m.polls();
      awaitTrue("the reader polls", Duration.ofSeconds(5), () -> m.polls() >= polls + 3);
      if (activity == m.recordsApplied() + m.partitionRepairs() + m.fullRepairs()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("the reader's journal did not quiet down within 10 s: " + m);
      }
    }
  }

  /** The value of a future, waiting at most 5 seconds. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("operation did not complete within 5 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits until the condition holds, checking every 2 ms; fails naming what was awaited when it
   * does not within the bound.
   *
   * @return the milliseconds waited
   */
  public static long awaitTrue(String what, Duration bound, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(what + ": not within " + bound.toMillis() + " ms");
      }
      LockSupport.parkNanos(2_000_000);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /**
   * Reads repeatedly (every millisecond) from {@code since} until {@code bound + observe} later and
   * checks the reads settle on {@code expected}: every read after {@code since + bound} returns it,
   * and once it was read no other value comes back.
   *
   * @param since {@link System#nanoTime()} when the change completed
   * @return the milliseconds from {@code since} to the first read of the expected value
   */
  public static long awaitFresh(
      String what,
      Supplier<String> read,
      String expected,
      long since,
      Duration bound,
      Duration observe) {
    long boundAt = since + bound.toNanos();
    long end = boundAt + observe.toNanos();
    long firstFresh = -1;
    List<String> staleAfterFresh = new ArrayList<>();
    long now;
    do {
      String value = read.get();
      now = System.nanoTime();
      if (Objects.equals(expected, value)) {
        if (firstFresh < 0) {
          firstFresh = now;
        }
      } else if (firstFresh >= 0 || now > boundAt) {
        staleAfterFresh.add(value + " at " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms");
        if (staleAfterFresh.size() > 5) {
          break;
        }
      }
      LockSupport.parkNanos(1_000_000);
    } while (now < end);
    assertTrue(
        firstFresh >= 0, what + ": " + expected + " never read within " + bound.toMillis() + " ms");
    assertTrue(
        staleAfterFresh.isEmpty(),
        what
            + ": read "
            + staleAfterFresh
            + " after "
            + expected
            + " was read (at "
            + TimeUnit.NANOSECONDS.toMillis(firstFresh - since)
            + " ms) or after the "
            + bound.toMillis()
            + " ms bound");
    return TimeUnit.NANOSECONDS.toMillis(firstFresh - since);
  }
}
