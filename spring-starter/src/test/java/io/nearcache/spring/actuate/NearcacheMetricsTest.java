package io.nearcache.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nearcache.spring.NearcacheAutoConfiguration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.cache.CacheMetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 7: nearcache's meters and Spring Boot's {@code cache.*} meters read real numbers, for
 * caches that exist at start-up and for those that open only once the context is ready.
 */
class NearcacheMetricsTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  CacheMetricsAutoConfiguration.class,
                  NearcacheAutoConfiguration.class))
          .withUserConfiguration(WithCaching.class);

  private static double count(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private static void readTwiceAndMissOnce(CacheManager spring, String cacheName) {
    Cache cache = spring.getCache(cacheName);
    cache.put("k", "v");
    assertThat(cache.get("k").get()).isEqualTo("v");
    assertThat(cache.get("k").get()).isEqualTo("v");
    assertThat(cache.get("absent")).isNull();
  }

  @Test
  void bootsCacheMetricsAndNearcachesMetersCountTheSameReads() {
    runner
        .withPropertyValues("spring.cache.cache-names=books")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              readTwiceAndMissOnce(context.getBean(CacheManager.class), "books");
              assertThat(count(registry, "cache.gets", "cache", "books", "result", "hit"))
                  .isEqualTo(2);
              assertThat(count(registry, "cache.gets", "cache", "books", "result", "miss"))
                  .isEqualTo(1);
              assertThat(count(registry, "cache.puts", "cache", "books")).isEqualTo(1);
              assertThat(registry.get("cache.gets").tags("cache", "books").meters())
                  .allMatch(m -> "cacheManager".equals(m.getId().getTag("cache.manager")));
              assertThat(count(registry, "nearcache.near.gets", "cache", "books", "result", "hit"))
                  .isEqualTo(2);
              assertThat(count(registry, "nearcache.near.gets", "cache", "books", "result", "miss"))
                  .isEqualTo(1);
              FunctionTimer gets =
                  registry
                      .get("nearcache.latency")
                      .tags("cache", "books", "operation", "get")
                      .functionTimer();
              assertThat(gets.count()).isEqualTo(3);
              assertThat(gets.totalTime(TimeUnit.NANOSECONDS)).isPositive();
              assertThat(
                      registry
                          .get("nearcache.latency")
                          .tags("cache", "books", "operation", "put")
                          .functionTimer()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void cachesThatOpenOnceTheContextIsReadyGetBothKindsOfMeters() {
    runner
        .withPropertyValues("nearcache.caches.late.near.maximum-size=10")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              readTwiceAndMissOnce(context.getBean(CacheManager.class), "late");
              assertThat(count(registry, "cache.gets", "cache", "late", "result", "hit"))
                  .isEqualTo(2);
              assertThat(count(registry, "nearcache.near.gets", "cache", "late", "result", "miss"))
                  .isEqualTo(1);
            });
  }

  @Test
  void aCacheCreatedLaterGetsMetersWhenAskedFor() {
    runner.run(
        context -> {
          javax.cache.CacheManager manager = context.getBean(javax.cache.CacheManager.class);
          javax.cache.Cache<Object, Object> created =
              manager.createCache(
                  "created", new javax.cache.configuration.MutableConfiguration<>());
          context.getBean(NearcacheMetrics.class).bindNewCaches();
          created.put(1, 1);
          created.get(1);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(count(registry, "nearcache.near.gets", "cache", "created", "result", "hit"))
              .isEqualTo(1);
        });
  }

  @Test
  void embeddedCachesHaveNoRemoteOrCoherenceMeters() {
    runner
        .withPropertyValues("spring.cache.cache-names=books")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("nearcache.remote.misses").meters()).isEmpty();
              assertThat(registry.find("nearcache.coherence.polls").meters()).isEmpty();
              assertThat(gauge(registry, "cache.removals", "cache", "books")).isZero();
            });
  }

  @Test
  void needsMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(context -> assertThat(context).doesNotHaveBean(NearcacheMetrics.class));
  }

  @Test
  void springCacheMetricsManagerTagFollowsBoot() {
    assertThat(SpringCacheMetricsBinder.managerName("cacheManager")).isEqualTo("cacheManager");
    assertThat(SpringCacheMetricsBinder.managerName("ordersCacheManager")).isEqualTo("orders");
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class WithCaching {}
}
