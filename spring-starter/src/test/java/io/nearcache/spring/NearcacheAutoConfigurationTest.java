package io.nearcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 7: the auto-configuration's conditions. The CacheManager exists whenever the starter is
 * present, backs off for the application's own, and carries Spring's cache abstraction through
 * Boot's JCache support with {@code @EnableCaching}.
 */
class NearcacheAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  NearcacheAutoConfiguration.class, CacheAutoConfiguration.class));

  @Test
  void createsTheNearcacheCacheManagerAndClosesItWithTheContext() {
    CacheManager[] seen = new CacheManager[1];
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(CacheManager.class);
          assertThat(context).hasBean(NearcacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME);
          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(manager).isInstanceOf(NearCacheManager.class);
          assertThat(manager.getURI()).isEqualTo(URI.create("nearcache:spring/application"));
          assertThat(manager.getCachingProvider()).isInstanceOf(NearCachingProvider.class);
          assertThat(context).hasSingleBean(NearcacheCaches.class);
          seen[0] = manager;
        });
    assertThat(seen[0].isClosed()).isTrue();
  }

  @Test
  void theUriFollowsTheApplicationName() {
    runner
        .withPropertyValues("spring.application.name=order service")
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class).getURI())
                    .isEqualTo(URI.create("nearcache:spring/order-service")));
  }

  @Test
  void twoLiveContextsGetTwoCacheManagersEachWithItsOwnConfiguration() {
    runner
        .withPropertyValues("nearcache.near.maximum-size=11")
        .run(
            first ->
                runner
                    .withPropertyValues("nearcache.near.maximum-size=22")
                    .run(
                        second -> {
                          NearCacheManager one = first.getBean(NearCacheManager.class);
                          NearCacheManager two = second.getBean(NearCacheManager.class);
                          assertThat(two).isNotSameAs(one);
                          assertThat(two.getURI())
                              .isEqualTo(URI.create("nearcache:spring/application-2"));
                          assertThat(one.nearcacheProperties().settingsFor("c").maximumSize())
                              .isEqualTo(11);
                          assertThat(two.nearcacheProperties().settingsFor("c").maximumSize())
                              .isEqualTo(22);
                        }));
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnCacheManager() {
    runner
        .withUserConfiguration(OwnCacheManager.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CacheManager.class);
              assertThat(context)
                  .doesNotHaveBean(NearcacheAutoConfiguration.CACHE_MANAGER_BEAN_NAME);
              assertThat(context.getBean(CacheManager.class).getURI())
                  .isEqualTo(URI.create("nearcache:own"));
            });
  }

  @Test
  void doesNothingWithoutTheProvider() {
    runner
        .withClassLoader(new FilteredClassLoader(NearCachingProvider.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(CacheManager.class);
              assertThat(context).doesNotHaveBean(NearcacheCaches.class);
            });
  }

  @Test
  void enableCachingPutsSpringsCacheAbstractionOnNearcache() {
    runner
        .withUserConfiguration(WithCaching.class)
        .withPropertyValues("spring.cache.cache-names=books,authors")
        .run(
            context -> {
              assertThat(context).hasSingleBean(org.springframework.cache.CacheManager.class);
              JCacheCacheManager spring = context.getBean(JCacheCacheManager.class);
              assertThat(spring.getCacheManager()).isSameAs(context.getBean(CacheManager.class));
              assertThat(spring.getCacheNames()).contains("books", "authors");
              spring.getCache("books").put("k", "v");
              assertThat(
                      context
                          .getBean(CacheManager.class)
                          .getCache("books")
                          .unwrap(NearCache.class)
                          .get("k"))
                  .isEqualTo("v");
            });
  }

  @Test
  void springCacheTypeJcacheSelectsNearcache() {
    runner
        .withUserConfiguration(WithCaching.class)
        .withPropertyValues("spring.cache.type=jcache")
        .run(
            context ->
                assertThat(context.getBean(org.springframework.cache.CacheManager.class))
                    .isInstanceOf(JCacheCacheManager.class));
  }

  @Test
  void anotherSpringCacheTypeLeavesSpringCachingElsewhere() {
    runner
        .withUserConfiguration(WithCaching.class)
        .withPropertyValues("spring.cache.type=simple")
        .run(
            context -> {
              assertThat(context.getBean(org.springframework.cache.CacheManager.class))
                  .isInstanceOf(ConcurrentMapCacheManager.class);
              assertThat(context).hasSingleBean(CacheManager.class);
            });
  }

  @Test
  void configuredCachesOpenOnceTheContextIsReadyAndSpringSeesThem() {
    runner
        .withUserConfiguration(WithCaching.class)
        .withPropertyValues("nearcache.caches.users.near.maximum-size=10")
        .run(
            context -> {
              assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("users");
              assertThat(context.getBean(JCacheCacheManager.class).getCacheNames())
                  .contains("users");
            });
  }

  @Test
  void bootsCustomizersApply() {
    runner
        .withUserConfiguration(Customizers.class)
        .withPropertyValues("spring.cache.cache-names=configured")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              NearCacheManager nearcache = manager.unwrap(NearCacheManager.class);
              assertThat(nearcache.nearcacheProperties().settingsFor("x").maximumSize())
                  .isEqualTo(77);
              assertThat(manager.getCacheNames()).contains("fromCustomizer", "configured");
              assertThat(
                      manager
                          .getCache("configured")
                          .getConfiguration(MutableConfiguration.class)
                          .isStoreByValue())
                  .isFalse();
              assertThat(context.getBean(Customizers.class).managerCustomizerCalls.get())
                  .isEqualTo(1);
            });
  }

  @Test
  void theApplicationsOwnBeansWin() {
    runner
        .withUserConfiguration(OwnCaches.class)
        .run(
            context ->
                assertThat(context.getBean(NearcacheCaches.class)).isSameAs(OwnCaches.CACHES));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean(destroyMethod = "close")
    CacheManager ownCacheManager() {
      return Caching.getCachingProvider(NearCachingProvider.class.getName())
          .getCacheManager(URI.create("nearcache:own"), getClass().getClassLoader());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class WithCaching {}

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final AtomicInteger managerCustomizerCalls = new AtomicInteger();

    @Bean
    JCachePropertiesCustomizer maximumSize() {
      return properties -> properties.setProperty("nearcache.near.maximum-size", "77");
    }

    @Bean
    JCacheManagerCustomizer createsACache() {
      return manager -> {
        managerCustomizerCalls.incrementAndGet();
        manager.createCache("fromCustomizer", new MutableConfiguration<>());
      };
    }

    @Bean
    javax.cache.configuration.Configuration<Object, Object> byReference() {
      return new MutableConfiguration<>().setStoreByValue(false);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCaches {
    static final NearcacheCaches CACHES =
        new NearcacheCaches(
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(CacheManager.class),
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(JCacheCacheManager.class));

    @Bean
    NearcacheCaches ownCaches() {
      return CACHES;
    }
  }
}
