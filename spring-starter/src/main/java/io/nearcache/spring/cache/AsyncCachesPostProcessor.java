package io.nearcache.spring.cache;

import io.nearcache.jcache.spi.NearCacheManager;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Puts {@link NearcacheSpringCacheManager} in place of a plain {@link JCacheCacheManager} (the one
 * Spring Boot's cache auto-configuration creates, after its customizers ran) whose JCache manager
 * is nearcache's, with the same settings, so that {@code @Cacheable} on asynchronous methods works
 * with no configuration. Subclasses and managers over other providers are left alone.
 */
public class AsyncCachesPostProcessor implements BeanPostProcessor {
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean.getClass() != JCacheCacheManager.class) {
      return bean;
    }
    JCacheCacheManager plain = (JCacheCacheManager) bean;
    javax.cache.CacheManager manager = plain.getCacheManager();
    if (manager == null || manager.isClosed() || !isNearcache(manager)) {
      return bean;
    }
    NearcacheSpringCacheManager replacement = new NearcacheSpringCacheManager(manager);
    replacement.setAllowNullValues(plain.isAllowNullValues());
    replacement.setTransactionAware(plain.isTransactionAware());
    replacement.afterPropertiesSet();
    return replacement;
  }

  private static boolean isNearcache(javax.cache.CacheManager manager) {
    try {
      manager.unwrap(NearCacheManager.class);
      return true;
    } catch (RuntimeException notOurs) { // IllegalArgumentException by the JCache contract
      return false;
    }
  }
}
