package io.nearcache.jcache.event;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers one cache's events to its registered listeners. Operations collect events in a
 * {@link Batch} while they hold an entry's lock and fire them once the lock is released:
 * synchronous listeners run in the caller's thread before the operation returns, asynchronous ones
 * on the executor, in order per listener.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EventDispatcher<K, V> {
  private final Cache<K, V> cache;
  private final Executor executor;
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

  /** Creates a dispatcher for a cache; asynchronous listeners run on the executor. */
  public EventDispatcher(Cache<K, V> cache, Executor executor) {
    this.cache = requireNonNull(cache);
    this.executor = requireNonNull(executor);
  }

  /**
   * Registers a listener.
   *
   * @throws IllegalArgumentException if the same configuration is already registered
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    synchronized (registrations) {
      for (Registration<K, V> r : registrations) {
        if (r.configuration().equals(configuration)) {
          throw new IllegalArgumentException(
              "Listener configuration is already registered on cache " + cache.getName());
        }
      }
      registrations.add(new Registration<>(configuration));
    }
  }

  /** Deregisters a listener; returns whether it was registered. */
  public boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    requireNonNull(configuration, "configuration");
    synchronized (registrations) {
      for (Registration<K, V> r : registrations) {
        if (r.configuration().equals(configuration)) {
          registrations.remove(r);
          r.close();
          return true;
        }
      }
      return false;
    }
  }

  /** The configurations of the registered listeners. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> list = new ArrayList<>();
    for (Registration<K, V> r : registrations) {
      list.add(r.configuration());
    }
    return list;
  }

  /** Whether any listener is registered. */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** A new batch, or a shared no-op one when nobody listens. */
  public Batch<K, V> batch() {
    return registrations.isEmpty() ? noop() : new Batch<>(this);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Batch<K, V> noop() {
    return (Batch<K, V>) Batch.NOOP;
  }

  /** Fires one event at once, e.g. an expiry the store noticed by itself. */
  public void fireNow(EventType type, K key, V value, V oldValue) {
    Batch<K, V> batch = batch();
    batch.add(type, key, value, oldValue);
    batch.fire();
  }

  /** Waits a bounded time for queued asynchronous deliveries, e.g. before closing. */
  public void awaitQuiescence(long timeout, TimeUnit unit) {
    List<CompletableFuture<Void>> tails = new ArrayList<>();
    for (Registration<K, V> r : registrations) {
      if (!r.isSynchronous()) {
        tails.add(r.tail());
      }
    }
    try {
      CompletableFuture.allOf(tails.toArray(new CompletableFuture<?>[0])).get(timeout, unit);
    } catch (Exception e) {
      // Bounded wait only: undelivered events are dropped on close.
    }
  }

  /** Closes every listener and filter that is closeable and forgets the registrations. */
  public void close() {
    synchronized (registrations) {
      for (Registration<K, V> r : registrations) {
        r.close();
      }
      registrations.clear();
    }
  }

  private void dispatch(List<NearEntryEvent<K, V>> events) {
    CacheEntryListenerException failure = null;
    for (Registration<K, V> r : registrations) {
      for (NearEntryEvent<K, V> event : events) {
        if (!r.wants(event)) {
          continue;
        }
        if (r.isSynchronous()) {
          try {
            r.deliver(event);
          } catch (CacheEntryListenerException e) {
            if (failure == null) {
              failure = e;
            }
          }
        } else {
          r.enqueue(event, executor);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The events of one operation, fired together when it completes.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class Batch<K, V> {
    private static final Batch<Object, Object> NOOP = new Batch<>(null);

    private final EventDispatcher<K, V> dispatcher;
    private List<NearEntryEvent<K, V>> events;

    private Batch(EventDispatcher<K, V> dispatcher) {
      this.dispatcher = dispatcher;
    }

    /** Records an event; a no-op when nobody listens. */
    public void add(EventType type, K key, V value, V oldValue) {
      if (dispatcher == null) {
        return;
      }
      if (events == null) {
        events = new ArrayList<>(2);
      }
      boolean hasOld = type != EventType.CREATED;
      events.add(new NearEntryEvent<>(dispatcher.cache, type, key, value, oldValue, hasOld));
    }

    /** Records a created event. */
    public void created(K key, V value) {
      add(EventType.CREATED, key, value, null);
    }

    /** Records an updated event. */
    public void updated(K key, V value, V oldValue) {
      add(EventType.UPDATED, key, value, oldValue);
    }

    /** Records a removed event. */
    public void removed(K key, V oldValue) {
      add(EventType.REMOVED, key, oldValue, oldValue);
    }

    /** Records an expired event. */
    public void expired(K key, V oldValue) {
      add(EventType.EXPIRED, key, oldValue, oldValue);
    }

    /** Forgets the recorded events, e.g. when an operation starts over. */
    public void clear() {
      events = null;
    }

    /** Forgets the recorded events of one key, e.g. when its change starts over. */
    public void clear(Object key) {
      if (events != null) {
        events.removeIf(e -> e.getKey().equals(key));
      }
    }

    /** Fires the recorded events and forgets them. */
    public void fire() {
      if (dispatcher == null || events == null) {
        return;
      }
      List<NearEntryEvent<K, V>> toFire = events;
      events = null;
      dispatcher.dispatch(toFire);
    }
  }
}
