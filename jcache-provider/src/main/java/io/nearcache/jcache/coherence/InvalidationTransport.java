package io.nearcache.jcache.coherence;

/**
 * A faster carrier for invalidations, such as a message broker, for large fleets. nearcache
 * publishes every change through it and applies what it receives at once; the memcached journal
 * stays on underneath as the repair path, so a lost or late message only costs speed, never
 * correctness.
 *
 * <p>Plug one in with {@code nearcache.coherence.transport=<class name>}: a public class with a
 * public no-argument constructor, loaded with the CacheManager's class loader. It is created once
 * per CacheManager and closed with it.
 */
public interface InvalidationTransport extends AutoCloseable {
  /** Receives invalidations published by other JVMs. */
  @FunctionalInterface
  interface Listener {
    /**
     * A key changed in another JVM.
     *
     * @param cacheName the cache
     * @param canonicalKey the key's canonical bytes, as the remote tier encodes it
     * @param stamp the write's version stamp
     */
    void onInvalidation(String cacheName, byte[] canonicalKey, long stamp);
  }

  /** Sends one invalidation to every other JVM; must not block the caller for long. */
  void publish(String cacheName, byte[] canonicalKey, long stamp);

  /** Starts delivering invalidations from other JVMs to the listener. */
  void subscribe(Listener listener);

  /** Stops delivering and releases resources. */
  @Override
  default void close() {}
}
