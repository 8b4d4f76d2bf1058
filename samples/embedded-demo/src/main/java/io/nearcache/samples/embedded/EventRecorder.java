package io.nearcache.samples.embedded;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** Records created, updated, removed and expired events for the demo to print after each step. */
final class EventRecorder
    implements CacheEntryCreatedListener<Object, Object>,
        CacheEntryUpdatedListener<Object, Object>,
        CacheEntryRemovedListener<Object, Object>,
        CacheEntryExpiredListener<Object, Object>,
        Serializable {

  private static final long serialVersionUID = 1L;

  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

  @Override
  public void onCreated(Iterable<CacheEntryEvent<?, ?>> batch) {
    record(batch);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<?, ?>> batch) {
    record(batch);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<?, ?>> batch) {
    record(batch);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<?, ?>> batch) {
    record(batch);
  }

  /** Returns the events recorded since the last call, e.g. {@code "event: UPDATED alice"}. */
  String drain() {
    List<String> drained = new ArrayList<>();
    for (String event; (event = events.poll()) != null; ) {
      drained.add(event);
    }
    return drained.isEmpty() ? "no event" : "event: " + String.join(", ", drained);
  }

  /**
   * Like {@link #drain()}, but first waits up to {@code timeoutMillis} for an event: the spec lets
   * a provider deliver an expiry event whenever it notices the expiry, not necessarily during the
   * read.
   */
  String awaitAndDrain(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (events.isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return drain();
  }

  private void record(Iterable<CacheEntryEvent<?, ?>> batch) {
    for (CacheEntryEvent<?, ?> event : batch) {
      events.add(event.getEventType() + " " + event.getKey());
    }
  }
}
