package io.nearcache.spring.cache;

import java.util.Collection;
import java.util.LinkedHashSet;
import javax.cache.CacheManager;
import org.springframework.cache.Cache;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Spring's JCache cache manager over a nearcache {@link CacheManager}, handing out {@link
 * NearcacheSpringCache}s (Spring's {@code JCacheCache} plus asynchronous {@code retrieve}).
 */
public class NearcacheSpringCacheManager extends JCacheCacheManager {
  /** A manager over {@code cacheManager}, which must be nearcache's. */
  public NearcacheSpringCacheManager(CacheManager cacheManager) {
    super(cacheManager);
  }

  @Override
  protected Collection<Cache> loadCaches() {
    CacheManager manager = getCacheManager();
    Collection<Cache> caches = new LinkedHashSet<>();
    if (manager != null) {
      for (String name : manager.getCacheNames()) {
        caches.add(new NearcacheSpringCache(manager.getCache(name), isAllowNullValues()));
      }
    }
    return caches;
  }

  @Override
  protected Cache getMissingCache(String name) {
    CacheManager manager = getCacheManager();
    javax.cache.Cache<Object, Object> cache = manager == null ? null : manager.getCache(name);
    return cache == null ? null : new NearcacheSpringCache(cache, isAllowNullValues());
  }
}
