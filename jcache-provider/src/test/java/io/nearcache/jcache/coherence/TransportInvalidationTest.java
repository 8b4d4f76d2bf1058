package io.nearcache.jcache.coherence;

import static io.nearcache.jcache.coherence.CoherenceFixture.awaitTrue;
import static io.nearcache.jcache.coherence.CoherenceFixture.manager;
import static io.nearcache.jcache.coherence.CoherenceFixture.metrics;
import static io.nearcache.jcache.coherence.CoherenceFixture.stringCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md "Coherence", {@link InvalidationTransport}: with a transport configured ({@code
 * nearcache.coherence.transport}), a write in one JVM reaches another JVM's near tier at once, long
 * before its journal poll (5 s here) would, and the other JVM then reads the new value, never the
 * old one again.
 */
class TransportInvalidationTest {
  private static final String CACHE = "prices";
  private static final int ROUNDS = 30;
  private static final Duration POLL = Duration.ofSeconds(5);

  /** Far below the poll interval: only the transport can explain a read this early. */
  private static final Duration BOUND = Duration.ofMillis(500);

  @RegisterExtension
  static MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(1).resetBeforeEach();

  private CacheManager writerJvm;
  private CacheManager readerJvm;
  private Cache<String, String> writer;
  private Cache<String, String> reader;

  @BeforeEach
  void open() {
    String[] settings = {
      "nearcache.coherence.transport",
      InMemoryInvalidationTransport.class.getName(),
      "nearcache.coherence.poll-interval",
      POLL.toMillis() + "ms"
    };
    writerJvm = manager(memcached.cluster(), "a", settings);
    readerJvm = manager(memcached.cluster(), "b", settings);
    writer = stringCache(writerJvm, CACHE);
    reader = stringCache(readerJvm, CACHE);
  }

  @AfterEach
  void close() {
    readerJvm.close();
    writerJvm.close();
  }

  @Test
  void writeReachesTheOtherJvmsNearTierLongBeforeItsPoll() {
    writer.put("price:1", "v0");
    awaitTrue(
        "the reader reads the first value",
        Duration.ofSeconds(2),
        () -> "v0".equals(reader.get("price:1")));
    long delivered = InMemoryInvalidationTransport.delivered();
    long started = System.nanoTime();

    List<Long> lags = new ArrayList<>();
    for (int i = 1; i <= ROUNDS; i++) {
      String value = "v" + i;
      writer.put("price:1", value);
      long written = System.nanoTime();
      String read;
      do {
        read = reader.get("price:1");
        if (value.equals(read) || System.nanoTime() - written > BOUND.toNanos() * 2) {
          break;
        }
        LockSupport.parkNanos(100_000);
      } while (true);
      lags.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
      assertEquals(value, read, "round " + i + " still reads an older value; lags " + lags);
    }
    long elapsed = System.nanoTime() - started;
    long max = lags.stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.println("TRANSPORT max lag " + max + " ms over " + ROUNDS + " rounds: " + lags);

    // The transport counts a delivery once the listener returns, which can be just after the
    // reader already saw the value the delivery made it fetch.
    awaitTrue(
        "the transport delivered every write",
        Duration.ofSeconds(2),
        () -> InMemoryInvalidationTransport.delivered() >= delivered + ROUNDS);
    assertTrue(max <= BOUND.toMillis(), "lags " + lags);
    if (elapsed < POLL.toNanos()) {
      assertEquals(0, metrics(reader).recordsApplied(), "no poll ran: the transport did it all");
    }
  }
}
