package io.nearcache.jcache.coherence;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InvalidationTransport} for the CacheManagers of one JVM: every instance delivers what
 * it publishes to every other open instance at once, on the publishing thread, as an idealized
 * broker would.
 */
public final class InMemoryInvalidationTransport implements InvalidationTransport {
  private static final Set<InMemoryInvalidationTransport> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicLong DELIVERED = new AtomicLong();

  private volatile Listener listener;

  /** Joins the JVM-wide registry; the provider calls this once per CacheManager. */
  public InMemoryInvalidationTransport() {
    OPEN.add(this);
  }

  /** Invalidations delivered to a listener so far, in this JVM. */
  public static long delivered() {
    return DELIVERED.get();
  }

  @Override
  public void publish(String cacheName, byte[] canonicalKey, long stamp) {
    for (InMemoryInvalidationTransport other : OPEN) {
      Listener target = other.listener;
      if (other != this && target != null) {
        target.onInvalidation(cacheName, canonicalKey.clone(), stamp);
        DELIVERED.incrementAndGet();
      }
    }
  }

  @Override
  public void subscribe(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }
}
