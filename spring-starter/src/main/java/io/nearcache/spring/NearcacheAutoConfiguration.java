package io.nearcache.spring;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nearcache.jcache.spi.NearCachingProvider;
import io.nearcache.spring.actuate.NearcacheHealthIndicator;
import io.nearcache.spring.actuate.NearcacheMetrics;
import io.nearcache.spring.actuate.SpringCacheMetricsBinder;
import io.nearcache.spring.cache.AsyncCachesPostProcessor;
import io.nearcache.spring.cache.NearcacheSpringCacheManager;
import io.nearcache.spring.hibernate.NearcacheHibernatePropertiesCustomizer;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.metrics.cache.CacheMetricsRegistrar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration for nearcache. It creates the application's JCache {@link CacheManager} from
 * the {@code nearcache.*} properties before Spring Boot's cache auto-configuration runs, so that
 * with {@code @EnableCaching} Boot's JCache support puts Spring's cache abstraction on it ({@code
 * spring.cache.type=jcache} and {@code spring.cache.cache-names} work as for any JCache provider).
 * With Actuator it adds the {@code nearcache} health indicator and nearcache's meters; with
 * Hibernate ORM and nearcache's region factory, Hibernate's second-level cache uses the same
 * CacheManager. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
      "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"
    })
@ConditionalOnClass({Caching.class, NearCachingProvider.class})
@EnableConfigurationProperties(NearcacheProperties.class)
public class NearcacheAutoConfiguration {
  /** The name of the CacheManager bean this auto-configuration defines. */
  public static final String CACHE_MANAGER_BEAN_NAME = "nearcacheCacheManager";

  /** Creates the auto-configuration; Spring Boot does this. */
  public NearcacheAutoConfiguration() {}

  /**
   * The application's nearcache CacheManager, closed with the application context. Boot's {@link
   * JCachePropertiesCustomizer}s and {@link JCacheManagerCustomizer}s apply to it, and a {@link
   * Configuration} bean is the configuration of the caches {@code spring.cache.cache-names} names.
   */
  @Bean(name = CACHE_MANAGER_BEAN_NAME, destroyMethod = "close")
  @ConditionalOnMissingBean(CacheManager.class)
  public CacheManager nearcacheCacheManager(
      NearcacheProperties properties,
      Environment environment,
      ResourceLoader resourceLoader,
      ObjectProvider<JCachePropertiesCustomizer> propertiesCustomizers,
      ObjectProvider<Configuration<?, ?>> defaultCacheConfiguration,
      ObjectProvider<JCacheManagerCustomizer> managerCustomizers) {
    return new CacheManagerFactory(properties, environment, resourceLoader)
        .create(
            propertiesCustomizers.orderedStream().toList(),
            defaultCacheConfiguration.getIfAvailable(),
            managerCustomizers.orderedStream().toList());
  }

  /**
   * Gives Spring's cache abstraction nearcache's asynchronous reads: Boot's {@link
   * JCacheCacheManager} over nearcache becomes a {@link NearcacheSpringCacheManager}, so that
   * {@code @Cacheable} methods returning {@code CompletableFuture} or Reactor types work.
   */
  @Bean
  static AsyncCachesPostProcessor nearcacheAsyncCaches() {
    return new AsyncCachesPostProcessor();
  }

  /** The nearcache caches as the rest of the application sees them. */
  @Bean
  @ConditionalOnMissingBean
  public NearcacheCaches nearcacheCaches(
      ObjectProvider<CacheManager> cacheManagers,
      ObjectProvider<JCacheCacheManager> springCacheManagers) {
    return new NearcacheCaches(cacheManagers, springCacheManagers);
  }

  /**
   * Hibernate's second-level cache on the same CacheManager, when Hibernate ORM runs through
   * Spring's JPA support and nearcache's region factory is on the class path. The
   * EntityManagerFactory depends on the CacheManager, so it starts after it and closes before it.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "io.nearcache.hibernate.NearcacheRegionFactory",
        "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean",
        "jakarta.persistence.EntityManagerFactory"
      })
  static class HibernateConfiguration {
    @Bean
    @ConditionalOnMissingBean
    NearcacheHibernatePropertiesCustomizer nearcacheHibernatePropertiesCustomizer(
        ObjectProvider<CacheManager> cacheManagers) {
      return new NearcacheHibernatePropertiesCustomizer(cacheManagers);
    }

    @Bean
    static EntityManagerFactoryDependsOnPostProcessor nearcacheEntityManagerFactoryDependsOn() {
      return new EntityManagerFactoryDependsOnPostProcessor(CacheManager.class);
    }
  }

  /**
   * The {@code nearcache} health indicator, on unless {@code
   * management.health.nearcache.enabled=false}.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("nearcache")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "nearcacheHealthIndicator")
    NearcacheHealthIndicator nearcacheHealthIndicator(NearcacheCaches caches) {
      return new NearcacheHealthIndicator(caches);
    }
  }

  /** nearcache's meters for every cache, per tier and zone. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    NearcacheMetrics nearcacheMetrics(NearcacheCaches caches) {
      return new NearcacheMetrics(caches, Tags.empty());
    }
  }

  /** Spring Boot's {@code cache.*} meters for caches that open after Boot bound its own. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterBinder.class, CacheMetricsRegistrar.class})
  static class SpringCacheMetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    SpringCacheMetricsBinder nearcacheSpringCacheMetricsBinder(
        NearcacheCaches caches,
        ObjectProvider<CacheMetricsRegistrar> registrar,
        ListableBeanFactory beanFactory) {
      return new SpringCacheMetricsBinder(caches, registrar, beanFactory);
    }
  }
}
