package io.nearcache.jcache.event;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * One registered listener: its configuration, the listener and filter made by its factories, and
 * for an asynchronous listener the tail of its delivery chain, which keeps its events in order.
 */
final class Registration<K, V> {
  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  Registration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = requireNonNull(configuration);
    this.listener = requireNonNull(configuration.getCacheEntryListenerFactory().create());
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Whether this listener receives events of the event's type. */
  boolean wants(NearEntryEvent<K, V> event) {
    switch (event.getEventType()) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener;
      default:
        return listener instanceof CacheEntryExpiredListener;
    }
  }

  /** Queues an asynchronous delivery behind this listener's earlier ones. */
  synchronized CompletableFuture<Void> enqueue(NearEntryEvent<K, V> event, Executor executor) {
    tail = tail.thenRunAsync(() -> deliver(event), executor).exceptionally(e -> null);
    return tail;
  }

  /** The completion of every delivery queued so far. */
  synchronized CompletableFuture<Void> tail() {
    return tail;
  }

  /** Filters and delivers one event in the calling thread. */
  @SuppressWarnings("unchecked")
  void deliver(NearEntryEvent<K, V> event) {
    NearEntryEvent<K, V> seen = configuration.isOldValueRequired() ? event : event.withoutOldValue();
    try {
      if (filter != null && !filter.evaluate(seen)) {
        return;
      }
      List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(seen);
      switch (seen.getEventType()) {
        case CREATED:
          ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
          break;
        case UPDATED:
          ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
          break;
        case REMOVED:
          ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
          break;
        default:
          ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
          break;
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException(
          "Listener " + listener.getClass().getName() + " failed on " + seen.getEventType(), e);
    }
  }

  /** Closes the listener and filter if they are closeable. */
  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable) {
      try {
        ((Closeable) o).close();
      } catch (IOException | RuntimeException e) {
        System.getLogger(Registration.class.getName())
            .log(System.Logger.Level.WARNING, "Failed to close " + o.getClass().getName(), e);
      }
    }
  }
}
