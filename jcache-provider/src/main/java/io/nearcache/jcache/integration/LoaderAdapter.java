package io.nearcache.jcache.integration;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls a cache's {@link CacheLoader} and wraps whatever it throws in a {@link
 * CacheLoaderException} that names the cache, as the spec requires.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LoaderAdapter<K, V> {
  private final String cacheName;
  private final CacheLoader<K, V> loader;

  /** Wraps a loader of the named cache. */
  public LoaderAdapter(String cacheName, CacheLoader<K, V> loader) {
    this.cacheName = requireNonNull(cacheName);
    this.loader = requireNonNull(loader);
  }

  /** The loader itself. */
  public CacheLoader<K, V> loader() {
    return loader;
  }

  /** Loads one value; null when the source has none. */
  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("Loader of cache " + cacheName + " failed for key " + key, e);
    }
  }

  /** Loads several values; keys without a value may be absent or map to null. */
  public Map<K, V> loadAll(Set<? extends K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(
          "Loader of cache " + cacheName + " failed for " + keys.size() + " keys", e);
    }
  }
}
