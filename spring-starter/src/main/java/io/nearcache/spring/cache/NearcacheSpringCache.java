package io.nearcache.spring.cache;

import io.nearcache.jcache.NearCache;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.jcache.JCacheCache;

/**
 * Spring's JCache adapter with the asynchronous reads that Spring's own {@link JCacheCache} lacks:
 * {@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)} read through {@link
 * NearCache#getAsync}, so {@code @Cacheable} works on methods returning {@code CompletableFuture}
 * (and Reactor types) without blocking the caller on memcached. A near hit completes at once; a
 * remote read completes on nearcache's completion threads.
 */
public class NearcacheSpringCache extends JCacheCache {
  private final NearCache<Object, Object> near;

  /**
   * Adapts a nearcache cache.
   *
   * @param allowNullValues whether null values are stored (as Spring's {@code NullValue})
   */
  @SuppressWarnings("unchecked")
  public NearcacheSpringCache(javax.cache.Cache<Object, Object> cache, boolean allowNullValues) {
    super(cache, allowNullValues);
    this.near = cache.unwrap(NearCache.class);
  }

  /**
   * The cached value, as {@code get} reads it, without blocking: the future completes with null
   * when the key is not cached, with a {@code ValueWrapper} when null values are allowed (so that
   * a cached null is told apart from a miss), and with the value itself otherwise.
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    return near.getAsync(key)
        .thenApply(
            stored ->
                stored == null
                    ? null
                    : isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored));
  }

  /**
   * The cached value, or else the loader's, stored for the next caller; without blocking the
   * caller. A loader future that fails fails the returned future and stores nothing. Concurrent
   * callers that all miss each call the loader (last write wins), as two JVMs would.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return near.getAsync(key)
        .thenCompose(
            stored -> {
              if (stored != null) {
                return CompletableFuture.completedFuture((T) fromStoreValue(stored));
              }
              return valueLoader
                  .get()
                  .thenApply(
                      loaded -> {
                        put(key, loaded);
                        return loaded;
                      });
            });
  }
}
