package io.nearcache.jcache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

/**
 * The read-through loads in flight in one JVM, at most one per key: concurrent misses of a key
 * wait for the first caller's load and then find its value, instead of each calling the loader.
 * No lock is held while a loader runs, so a loader may use its cache, other keys included.
 *
 * <p>A caller that itself runs a load (a loader reading another key of the cache) waits for
 * another load at most a bounded time and then goes on without it: two loaders each reading the
 * key the other loads would otherwise wait for each other forever.
 */
final class LoadFlights<K> {
  private final String cacheName;
  private final ConcurrentHashMap<K, CountDownLatch> inFlight = new ConcurrentHashMap<>();
  private final ThreadLocal<int[]> leading = ThreadLocal.withInitial(() -> new int[1]);

  LoadFlights(String cacheName) {
    this.cacheName = cacheName;
  }

  /**
   * Makes this caller the key's load, or waits for the load in flight. Returns the flight to
   * close when the load ends; or null when another load ended while this caller waited, whose
   * value the caller should look for before it calls again.
   *
   * @param nestedWaitNanos how long a caller that runs a load itself waits for another one
   */
  Flight enter(K key, long nestedWaitNanos) {
    CountDownLatch mine = new CountDownLatch(1);
    CountDownLatch other = inFlight.putIfAbsent(key, mine);
    if (other == null) {
      leading.get()[0]++;
      return new Flight(key, mine);
    }
    try {
      if (leading.get()[0] == 0) {
        other.await();
        return null;
      }
      // Nested in a load of its own: go on unregistered rather than risk a cycle of waits.
      return other.await(nestedWaitNanos, TimeUnit.NANOSECONDS) ? null : new Flight(key, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException(
          "Interrupted while waiting for another load of key " + key + " in cache " + cacheName, e);
    }
  }

  /** One caller's load of a key; closing it lets the callers waiting for it go on. */
  final class Flight implements AutoCloseable {
    private final K key;
    private final CountDownLatch done;

    private Flight(K key, CountDownLatch done) {
      this.key = key;
      this.done = done;
    }

    @Override
    public void close() {
      if (done != null) {
        inFlight.remove(key, done);
        leading.get()[0]--;
        done.countDown();
      }
    }
  }
}
