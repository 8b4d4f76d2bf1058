package io.nearcache.quarkus.runtime;

import static java.util.Objects.requireNonNull;

import io.quarkus.cache.runtime.AbstractCache;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.cache.Cache;
import org.jboss.logging.Logger;

/**
 * A Quarkus cache ({@code @CacheResult}, {@code @CacheInvalidate}, {@code @CacheInvalidateAll},
 * {@code @CacheName}) backed by a nearcache JCache cache: reads come from the near tier, then
 * memcached; writes and invalidations reach every application sharing the zones.
 *
 * <p>Concurrent misses for one key in one application share one call of the cached method; other
 * applications may compute the same key at the same time. A value that cannot be stored remotely
 * (its class is outside the serialization allowlist, it is not serializable, or it is too large) is
 * returned to the caller, not cached, and logged once per class.
 *
 * <p>The JCache cache is reachable with {@link #jcache()}, for instance through {@code
 * cache.as(NearcacheCache.class).jcache()}.
 */
public final class NearcacheCache extends AbstractCache {
  private static final Logger LOG = Logger.getLogger(NearcacheCache.class);

  private final Cache<Object, Object> cache;
  private final Map<?, ?> near;
  private final ConcurrentMap<Object, CompletableFuture<Object>> loading =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Object, Uni<Object>> loadingAsync = new ConcurrentHashMap<>();
  private final Set<Class<?>> unstorable = ConcurrentHashMap.newKeySet();

  /** Wraps a JCache cache whose keys and values are {@code Object}. */
  public NearcacheCache(Cache<Object, Object> cache) {
    this.cache = requireNonNull(cache, "cache");
    this.near = nearTier(cache);
  }

  /** The near tier's map, to look without counting a read; null for a remote-only cache. */
  private static Map<?, ?> nearTier(Cache<Object, Object> cache) {
    try {
      return cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class).asMap();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The JCache cache behind this cache. */
  public Cache<Object, Object> jcache() {
    return cache;
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  @Override
  public <K, V> Uni<V> get(K key, Function<K, V> valueLoader) {
    requireNonNull(key, NULL_KEYS_NOT_SUPPORTED_MSG);
    requireNonNull(valueLoader, "valueLoader");
    return Uni.createFrom().item(() -> getOrLoad(key, valueLoader));
  }

  private <K, V> V getOrLoad(K key, Function<K, V> valueLoader) {
    Object stored = RemoteForms.storedKey(key);
    Object hit = cache.get(stored);
    if (hit != null) {
      return applicationValue(hit);
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> other = loading.putIfAbsent(stored, mine);
    if (other != null) {
      return await(other);
    }
    try {
      // Another thread of this application may have stored the key since the read above; a look
      // at the near tier finds it without counting a second miss.
      hit = near == null || near.containsKey(stored) ? cache.get(stored) : null;
      V value = hit != null ? applicationValue(hit) : valueLoader.apply(key);
      if (hit == null) {
        store(stored, value);
      }
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(stored, mine);
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> V await(CompletableFuture<Object> load) {
    try {
      return (V) load.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Uni<V> getAsync(K key, Function<K, Uni<V>> valueLoader) {
    requireNonNull(key, NULL_KEYS_NOT_SUPPORTED_MSG);
    requireNonNull(valueLoader, "valueLoader");
    return Uni.createFrom()
        .deferred(
            () -> {
              Object stored = RemoteForms.storedKey(key);
              Object hit = cache.get(stored);
              if (hit != null) {
                return Uni.createFrom().item((V) applicationValue(hit));
              }
              return (Uni<V>)
                  loadingAsync.computeIfAbsent(stored, k -> loadAsync(key, k, valueLoader));
            });
  }

  /** One shared load: its first subscriber runs the loader, later ones get the same outcome. */
  @SuppressWarnings("unchecked")
  private <K, V> Uni<Object> loadAsync(K key, Object stored, Function<K, Uni<V>> valueLoader) {
    AtomicReference<Uni<Object>> self = new AtomicReference<>();
    self.set(
        Uni.createFrom()
            .deferred(() -> (Uni<Object>) valueLoader.apply(key))
            .onItem()
            .invoke(value -> store(stored, value))
            .onTermination()
            .invoke(() -> loadingAsync.remove(stored, self.get()))
            .memoize()
            .indefinitely());
    return self.get();
  }

  @SuppressWarnings("unchecked")
  private static <V> V applicationValue(Object stored) {
    return (V) RemoteForms.applicationValue(stored);
  }

  private void store(Object storedKey, Object value) {
    try {
      cache.put(storedKey, RemoteForms.storedValue(value));
    } catch (IllegalArgumentException e) {
      Class<?> type = value == null ? Void.class : value.getClass();
      if (unstorable.add(type)) {
        LOG.warnf(
            "Cache %s did not store a value of %s and returned it uncached (further ones of this"
                + " class are not logged). If the class should be cached, allow it with"
                + " quarkus.nearcache.caches.\"%s\".serialization.allow or"
                + " quarkus.nearcache.serialization.allow. %s",
            getName(), type.getName(), getName(), e.getMessage());
      }
    }
  }

  @Override
  public Uni<Void> invalidate(Object key) {
    requireNonNull(key, NULL_KEYS_NOT_SUPPORTED_MSG);
    return Uni.createFrom()
        .item(
            () -> {
              cache.remove(RemoteForms.storedKey(key));
              return null;
            });
  }

  @Override
  public Uni<Void> invalidateAll() {
    return Uni.createFrom()
        .item(
            () -> {
              cache.clear();
              return null;
            });
  }

  /**
   * Removes the entries whose keys match. With a remote tier this enumerates the keys held by the
   * local zone's nodes ({@code lru_crawler metadump}): its cost grows with the number of items on
   * those nodes, so keep it off request paths.
   */
  @Override
  public Uni<Void> invalidateIf(Predicate<Object> predicate) {
    requireNonNull(predicate, "predicate");
    return Uni.createFrom()
        .item(
            () -> {
              List<Object> matching = new ArrayList<>();
              for (Cache.Entry<Object, Object> entry : cache) {
                if (predicate.test(RemoteForms.applicationKey(entry.getKey(), getName()))) {
                  matching.add(entry.getKey());
                }
              }
              matching.forEach(cache::remove);
              return null;
            });
  }

  @Override
  public String toString() {
    return "NearcacheCache[" + getName() + "]";
  }
}
