package io.nearcache.jcache.near;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.nearcache.jcache.store.EntryStore;
import io.nearcache.jcache.store.Expirable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The near tier of one cache: a Caffeine cache of {@link Expirable} values, bounded by entries or
 * by weight, expiring each entry at its own time. It knows nothing of JCache semantics: the facade
 * decides what to store and when an entry expires.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearStore<K, V> implements EntryStore<K, V> {
  /** Receives entries the store itself removed: expired, or evicted to respect its bound. */
  public interface RemovalSink<K, V> {
    /** An entry reached its deadline (its JCache expiry or the near cap) and was removed. */
    void expired(K key, Expirable<V> holder);

    /** An entry was evicted to respect the size or weight bound. */
    void evicted(K key, Expirable<V> holder);
  }

  /** Weighs an entry for a weight bound. */
  @FunctionalInterface
  public interface EntryWeigher<K, V> {
    /** The weight of the entry, 0 or more. */
    int weigh(K key, V value);
  }

  private final Cache<K, Expirable<V>> cache;
  private final ConcurrentMap<K, Expirable<V>> map;
  private final Ticker ticker;
  private final Optional<Policy.VarExpiration<K, Expirable<V>>> varExpiration;
  private final boolean expires;

  /**
   * Creates the store.
   *
   * @param maximumSize the entry bound, 0 for none (ignored when a weight bound is given)
   * @param maximumWeight the weight bound, 0 for none
   * @param weigher the weigher for the weight bound, or null
   * @param variableExpiry whether entries may expire at all (false keeps the hot path clock-free)
   * @param expireAfterWrite the near-tier cap, or null
   * @param ticker the time source
   * @param sink receives entries the store removed by itself
   */
  public NearStore(
      long maximumSize,
      long maximumWeight,
      EntryWeigher<? super K, ? super V> weigher,
      boolean variableExpiry,
      Duration expireAfterWrite,
      Ticker ticker,
      RemovalSink<K, V> sink) {
    this.ticker = requireNonNull(ticker);
    requireNonNull(sink);
    // Maintenance (draining read buffers, evicting, expiring) runs on the common pool as in
    // plain Caffeine, off the caller's thread: a hit costs what a Caffeine hit costs. Expiry and
    // eviction are therefore reported (listeners, statistics) shortly after the operation that
    // caused them, not before it returns.
    Caffeine<Object, Object> builder = Caffeine.newBuilder().ticker(ticker);
    Caffeine<K, Expirable<V>> typed =
        builder.removalListener(
            (K key, Expirable<V> value, RemovalCause cause) -> {
              if (key == null || value == null) {
                return;
              }
              if (cause == RemovalCause.EXPIRED) {
                sink.expired(key, value);
              } else if (cause.wasEvicted()) {
                sink.evicted(key, value);
              }
            });
    if (maximumWeight > 0 && weigher != null) {
      typed.maximumWeight(maximumWeight).weigher((K k, Expirable<V> e) -> weigher.weigh(k, e.value()));
    } else if (maximumSize > 0) {
      typed.maximumSize(maximumSize);
    }
    this.expires = variableExpiry || expireAfterWrite != null;
    if (expires) {
      typed.expireAfter(new DeadlineExpiry<K, V>());
    }
    this.cache = typed.build();
    this.map = cache.asMap();
    this.varExpiration = cache.policy().expireVariably();
  }

  @Override
  public long now() {
    return ticker.read();
  }

  @Override
  public Expirable<V> get(K key) {
    Expirable<V> holder = map.get(key);
    if (holder == null) {
      removeIfExpired(key);
    }
    return holder;
  }

  @Override
  public Map<K, Expirable<V>> getAll(Set<? extends K> keys) {
    Map<K, Expirable<V>> found = new HashMap<>();
    for (K key : keys) {
      Expirable<V> holder = get(key);
      if (holder != null) {
        found.put(key, holder);
      }
    }
    return found;
  }

  @Override
  public boolean contains(K key) {
    if (map.containsKey(key)) {
      return true;
    }
    removeIfExpired(key);
    return false;
  }

  /**
   * Removes an expired entry that a read just found, so its expiry is reported now. Caffeine hides
   * an expired entry from reads at once but removes it, and notifies, only when its timer wheel
   * comes round: up to about a second of ticker time later, and only during later maintenance.
   * A compute sees the expired entry as absent and removes it with the cause EXPIRED.
   */
  private void removeIfExpired(K key) {
    if (expires) {
      map.compute(key, (k, old) -> old);
    }
  }

  /** A single process owns this store, so the function runs exactly once. */
  @Override
  public Expirable<V> compute(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> function, Runnable onRetry) {
    return map.compute(key, function);
  }

  /**
   * Atomically computes the holder for a key. The function receives null when the key is absent
   * or expired and returns null to leave the key absent.
   */
  public Expirable<V> compute(K key, BiFunction<? super K, Expirable<V>, Expirable<V>> function) {
    return map.compute(key, function);
  }

  /** Removes a key silently if it still maps to the given holder. */
  public boolean remove(K key, Expirable<V> holder) {
    return map.remove(key, holder);
  }

  /** Stores a holder only when the key is absent; returns the live holder that was there. */
  public Expirable<V> putIfAbsent(K key, Expirable<V> holder) {
    return map.putIfAbsent(key, holder);
  }

  @Override
  public Iterator<Map.Entry<K, Expirable<V>>> iterator() {
    return map.entrySet().iterator();
  }

  @Override
  public Set<K> keys() {
    return new LinkedHashSet<>(map.keySet());
  }

  @Override
  public void close() {
    map.clear();
  }

  @Override
  public Object nearCache() {
    return cache;
  }

  /** Stores a holder unconditionally, returning the previous live one. */
  public Expirable<V> put(K key, Expirable<V> holder) {
    return map.put(key, holder);
  }

  /** Removes a key silently (no notification), returning the previous live holder. */
  public Expirable<V> remove(Object key) {
    return map.remove(key);
  }

  @Override
  public void setExpireAt(K key, Expirable<V> holder, long expireAtNanos) {
    holder.setExpireAtNanos(expireAtNanos);
    if (varExpiration.isPresent()) {
      long remaining = Math.max(0, holder.deadlineNanos() - ticker.read());
      varExpiration.get().setExpiresAfter(key, remaining, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void clear() {
    map.clear();
  }

  /** Runs pending maintenance now: expirations and evictions, with their notifications. */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** The number of entries, possibly including some that expired but are not yet removed. */
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  /** The Caffeine cache behind this store. */
  public Cache<K, Expirable<V>> caffeine() {
    return cache;
  }

  /** Expires each entry at its own deadline. */
  private static final class DeadlineExpiry<K, V> implements Expiry<K, Expirable<V>> {
    @Override
    public long expireAfterCreate(K key, Expirable<V> value, long currentTime) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        K key, Expirable<V> value, long currentTime, long currentDuration) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterRead(K key, Expirable<V> value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long remaining(Expirable<?> value, long now) {
      long deadline = value.deadlineNanos();
      return deadline == Expirable.ETERNAL ? Long.MAX_VALUE : Math.max(0, deadline - now);
    }
  }
}
