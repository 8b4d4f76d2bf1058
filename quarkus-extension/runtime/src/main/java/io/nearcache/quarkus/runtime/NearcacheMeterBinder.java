package io.nearcache.quarkus.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import javax.cache.CacheManager;

/**
 * Binds the meters of every nearcache cache that exists when Micrometer binds its meter binders,
 * the caches of the cache annotations included, and the remote tier's node gauges.
 */
@Singleton
public class NearcacheMeterBinder implements MeterBinder {
  @Inject CacheManager cacheManager;

  @Inject Instance<io.quarkus.cache.CacheManager> annotationCaches;

  @Override
  public void bindTo(MeterRegistry registry) {
    if (annotationCaches.isResolvable()) {
      // Creates the caches of the cache annotations, so that they are bound below.
      annotationCaches.get().getCacheNames();
    }
    NearcacheMeters.bindManager(registry, cacheManager);
    for (String name : cacheManager.getCacheNames()) {
      NearcacheMeters.bindCache(registry, cacheManager.getCache(name));
    }
  }
}
