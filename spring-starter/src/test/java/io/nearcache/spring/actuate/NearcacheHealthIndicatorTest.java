package io.nearcache.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.spring.NearcacheAutoConfiguration;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 7: the {@code nearcache} health indicator reports every zone and node of real memcached
 * processes, and turns DEGRADED, then DOWN, as nodes are killed.
 */
class NearcacheHealthIndicatorTest {
  @RegisterExtension
  static final MemcachedClusterExtension memcached =
      MemcachedClusterExtension.zones(2).nodesPerZone(2).resetBeforeEach();

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NearcacheAutoConfiguration.class));

  private ApplicationContextRunner withZones() {
    return runner.withPropertyValues(
        "nearcache.zones.a=" + memcached.serversProperty("a"),
        "nearcache.zones.b=" + memcached.serversProperty("b"),
        "nearcache.local-zone=b");
  }

  /**
   * Polls the indicator until the health matches, at most {@link #WAIT}, while writing to a cache:
   * spymemcached notices a dead peer when it has traffic for it.
   */
  private static Health awaitHealth(
      AssertableApplicationContext context, Predicate<Health> condition)
      throws InterruptedException {
    HealthIndicator indicator = context.getBean("nearcacheHealthIndicator", HealthIndicator.class);
    CacheManager manager = context.getBean(CacheManager.class);
    Cache<Object, Object> traffic = manager.getCache("traffic");
    if (traffic == null) {
      traffic = manager.createCache("traffic", new MutableConfiguration<>());
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    Health health = indicator.health();
    for (int i = 0; !condition.test(health) && System.nanoTime() < deadline; i++) {
      for (int k = 0; k < 8; k++) {
        traffic.put("key-" + i + "-" + k, i);
      }
      Thread.sleep(20);
      health = indicator.health();
    }
    return health;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void embeddedIsUp() {
    runner.run(
        context -> {
          Health health =
              context.getBean("nearcacheHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("mode", "embedded");
        });
  }

  @Test
  void everyZoneAndNodeIsReportedAndAKilledNodeDegradesItsZone() throws Exception {
    withZones()
        .run(
            context -> {
              Health up = awaitHealth(context, h -> h.getStatus().equals(Status.UP));
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails())
                  .containsEntry("mode", "two-tier")
                  .containsEntry("localZone", "b")
                  .containsEntry("primaryZone", "a")
                  .containsEntry("nodesUp", 4)
                  .containsEntry("nodesDown", 0);
              Map<String, Object> zones = map(up.getDetails().get("zones"));
              assertThat(zones).containsOnlyKeys("a", "b");
              assertThat(map(zones.get("b")))
                  .containsEntry("local", true)
                  .containsEntry("status", "UP");
              assertThat(map(map(zones.get("a")).get("nodes")))
                  .containsOnlyKeys(memcached.nodes("a").toArray(String[]::new));

              String victim = memcached.nodes("a").get(1);
              memcached.cluster().kill(victim);
              Health degraded =
                  awaitHealth(
                      context, h -> h.getStatus().equals(NearcacheHealthIndicator.DEGRADED));
              assertThat(degraded.getStatus()).isEqualTo(NearcacheHealthIndicator.DEGRADED);
              assertThat(degraded.getDetails())
                  .containsEntry("nodesUp", 3)
                  .containsEntry("nodesDown", 1);
              Map<String, Object> zoneA = map(map(degraded.getDetails().get("zones")).get("a"));
              assertThat(zoneA).containsEntry("status", "DEGRADED").containsEntry("nodesDown", 1);
              Map<String, Object> node = map(map(zoneA.get("nodes")).get(victim));
              assertThat(node).containsEntry("status", "DOWN");
              assertThat(map(map(degraded.getDetails().get("zones")).get("b")))
                  .containsEntry("status", "UP");
            });
  }

  @Test
  void noNodeAnsweringIsDown() throws Exception {
    withZones()
        .run(
            context -> {
              awaitHealth(context, h -> h.getStatus().equals(Status.UP));
              memcached.cluster().killZone("a");
              memcached.cluster().killZone("b");
              Health down = awaitHealth(context, h -> h.getStatus().equals(Status.DOWN));
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails())
                  .containsEntry("nodesUp", 0)
                  .containsEntry("nodesDown", 4);
            });
  }

  @Test
  void aClosedCacheManagerIsDown() {
    runner.run(
        context -> {
          context.getBean(CacheManager.class).close();
          Health health =
              context.getBean("nearcacheHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat((String) health.getDetails().get("reason")).contains("is closed");
        });
  }

  @Test
  void canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.nearcache.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("nearcacheHealthIndicator"));
    runner
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("nearcacheHealthIndicator"));
  }

  @Test
  void needsActuator() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean("nearcacheHealthIndicator"));
  }

  @Test
  void theApplicationsOwnIndicatorWins() {
    runner
        .withUserConfiguration(OwnIndicator.class)
        .run(
            context ->
                assertThat(
                        context
                            .getBean("nearcacheHealthIndicator", HealthIndicator.class)
                            .health()
                            .getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnIndicator {
    @Bean
    HealthIndicator nearcacheHealthIndicator() {
      return () -> Health.outOfService().build();
    }
  }
}
