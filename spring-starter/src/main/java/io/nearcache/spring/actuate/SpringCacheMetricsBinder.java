package io.nearcache.spring.actuate;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Tag;
import io.nearcache.jcache.NearCache;
import io.nearcache.spring.NearcacheCaches;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.metrics.cache.CacheMetricsRegistrar;
import org.springframework.cache.Cache;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Gives Spring Boot's standard {@code cache.*} meters to the nearcache caches that did not exist
 * when Boot bound its cache metrics: Hibernate's regions and caches configured under {@code
 * nearcache.caches.<name>}, which open once every singleton exists. Tagged as Boot tags its own,
 * {@code cache=<name>} and {@code cache.manager=<bean name without its cacheManager suffix>}.
 */
public final class SpringCacheMetricsBinder implements SmartInitializingSingleton {
  private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

  private final NearcacheCaches caches;
  private final ObjectProvider<CacheMetricsRegistrar> registrar;
  private final ListableBeanFactory beanFactory;

  /**
   * Creates the binder.
   *
   * @param caches the application's nearcache caches
   * @param registrar Spring Boot's cache metrics registrar, when cache metrics are on
   * @param beanFactory to find Spring's cache managers by bean name
   */
  public SpringCacheMetricsBinder(
      NearcacheCaches caches,
      ObjectProvider<CacheMetricsRegistrar> registrar,
      ListableBeanFactory beanFactory) {
    this.caches = requireNonNull(caches, "caches");
    this.registrar = requireNonNull(registrar, "registrar");
    this.beanFactory = requireNonNull(beanFactory, "beanFactory");
  }

  @Override
  public void afterSingletonsInstantiated() {
    CacheMetricsRegistrar metrics = registrar.getIfAvailable();
    if (metrics == null) {
      return;
    }
    List<NearCache<?, ?>> open = caches.openAll();
    List<JCacheCacheManager> ours = caches.springCacheManagers();
    for (Map.Entry<String, JCacheCacheManager> entry :
        beanFactory.getBeansOfType(JCacheCacheManager.class, false, false).entrySet()) {
      if (!ours.contains(entry.getValue())) {
        continue;
      }
      Tag manager = Tag.of("cache.manager", managerName(entry.getKey()));
      for (NearCache<?, ?> cache : open) {
        Cache springCache = entry.getValue().getCache(cache.getName());
        if (springCache != null) {
          metrics.bindCacheToRegistry(springCache, manager);
        }
      }
    }
  }

  /** The name Spring Boot gives a cache manager in its {@code cache.manager} tag. */
  static String managerName(String beanName) {
    if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
        && beanName.regionMatches(
            true,
            beanName.length() - CACHE_MANAGER_SUFFIX.length(),
            CACHE_MANAGER_SUFFIX,
            0,
            CACHE_MANAGER_SUFFIX.length())) {
      return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
    }
    return beanName;
  }
}
