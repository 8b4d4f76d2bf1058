package io.nearcache.spring;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.spi.NearCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * The caches of the application's nearcache CacheManager, as the rest of the application sees them.
 * Once every singleton exists (so Hibernate has created its regions), it opens the caches
 * configured under {@code nearcache.caches.<name>}, which the provider otherwise creates on first
 * use, and shows every cache to Spring's {@link JCacheCacheManager}s over this CacheManager, so
 * {@code /actuator/caches} lists and clears them and Spring Boot's cache metrics can bind them.
 */
public final class NearcacheCaches implements SmartInitializingSingleton {
  private final ObjectProvider<CacheManager> cacheManagers;
  private final ObjectProvider<JCacheCacheManager> springCacheManagers;

  /**
   * Creates the view.
   *
   * @param cacheManagers the application's JCache CacheManagers; the first nearcache one is used
   * @param springCacheManagers Spring's cache managers; those over another CacheManager are left
   *     alone
   */
  public NearcacheCaches(
      ObjectProvider<CacheManager> cacheManagers,
      ObjectProvider<JCacheCacheManager> springCacheManagers) {
    this.cacheManagers = requireNonNull(cacheManagers, "cacheManagers");
    this.springCacheManagers = requireNonNull(springCacheManagers, "springCacheManagers");
  }

  /**
   * The application's nearcache CacheManager, or null when its JCache CacheManager is another
   * provider's.
   */
  public NearCacheManager cacheManager() {
    return cacheManagers
        .orderedStream()
        .filter(NearCacheManager.class::isInstance)
        .map(NearCacheManager.class::cast)
        .findFirst()
        .orElse(null);
  }

  /**
   * Opens every configured cache that is not open yet and returns every open nearcache cache; an
   * empty list once the CacheManager is closed or when there is none.
   */
  public List<NearCache<?, ?>> openAll() {
    NearCacheManager cacheManager = cacheManager();
    if (cacheManager == null || cacheManager.isClosed()) {
      return List.of();
    }
    Set<String> configured = cacheManager.nearcacheProperties().configuredCacheNames();
    for (String name : configured) {
      cacheManager.getCache(name);
    }
    List<NearCache<?, ?>> caches = new ArrayList<>();
    for (String name : cacheManager.getCacheNames()) {
      Cache<?, ?> cache = cacheManager.getCache(name);
      if (cache != null) {
        caches.add(cache.unwrap(NearCache.class));
      }
    }
    return caches;
  }

  /** Spring's cache managers over this CacheManager. */
  public List<JCacheCacheManager> springCacheManagers() {
    CacheManager cacheManager = cacheManager();
    List<JCacheCacheManager> managers = new ArrayList<>();
    if (cacheManager == null) {
      return managers;
    }
    springCacheManagers
        .orderedStream()
        .filter(manager -> manager.getCacheManager() == cacheManager)
        .forEach(managers::add);
    return managers;
  }

  /** Opens the configured caches and shows every cache to Spring's cache managers. */
  @Override
  public void afterSingletonsInstantiated() {
    List<NearCache<?, ?>> caches = openAll();
    for (JCacheCacheManager manager : springCacheManagers()) {
      for (NearCache<?, ?> cache : caches) {
        manager.getCache(cache.getName());
      }
    }
  }
}
