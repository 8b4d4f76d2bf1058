package io.nearcache.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.spring.NearcacheAutoConfiguration;
import io.nearcache.testsupport.MemcachedClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * processes, and turns DEGRADED, then DOWN, as nodes are killed. Issue 11: with several pools it
 * reports every pool, and a second pool's lost nodes decide the status while the default pool's
 * details stay as they were.
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
   * Two pools on the cluster's nodes: the default pool on the first node of each zone, the pool
   * {@code sessions} on the second, which the cache {@code sessions} uses.
   */
  private ApplicationContextRunner withTwoPools() {
    return runner.withPropertyValues(
        "nearcache.zones.a=" + memcached.nodes("a").get(0),
        "nearcache.zones.b=" + memcached.nodes("b").get(0),
        "nearcache.pools.sessions.zones.a=" + memcached.nodes("a").get(1),
        "nearcache.pools.sessions.zones.b=" + memcached.nodes("b").get(1),
        "nearcache.caches.sessions.pool=sessions",
        "nearcache.local-zone=b");
  }

  /**
   * Polls the indicator until the health matches, at most {@link #WAIT}, while writing to the
   * caches (by default the cache {@code traffic}): spymemcached notices a dead peer when it has
   * traffic for it.
   */
  private static Health awaitHealth(
      AssertableApplicationContext context, Predicate<Health> condition, String... cacheNames)
      throws InterruptedException {
    HealthIndicator indicator = context.getBean("nearcacheHealthIndicator", HealthIndicator.class);
    CacheManager manager = context.getBean(CacheManager.class);
    List<Cache<Object, Object>> traffic = new ArrayList<>();
    for (String name : cacheNames.length == 0 ? new String[] {"traffic"} : cacheNames) {
      Cache<Object, Object> cache = manager.getCache(name);
      traffic.add(cache != null ? cache : manager.createCache(name, new MutableConfiguration<>()));
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    Health health = indicator.health();
    for (int i = 0; !condition.test(health) && System.nanoTime() < deadline; i++) {
      for (Cache<Object, Object> cache : traffic) {
        for (int k = 0; k < 8; k++) {
          cache.put("key-" + i + "-" + k, i);
        }
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
                  .containsEntry("nodesDown", 0)
                  .doesNotContainKey("pools");
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
  void withOnePoolTheDetailsHaveNoPoolsSection() throws Exception {
    withZones()
        .run(
            context -> {
              Health up = awaitHealth(context, h -> h.getStatus().equals(Status.UP));
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails())
                  .containsOnlyKeys(
                      "mode", "localZone", "primaryZone", "nodesUp", "nodesDown", "zones");
              assertThat(map(map(up.getDetails().get("zones")).get("a")))
                  .containsOnlyKeys("status", "local", "primary", "nodesUp", "nodesDown", "nodes");
            });
  }

  @Test
  void aDeadNodeOfASecondPoolDegradesTheIndicatorWhileTheDefaultPoolStaysUp() throws Exception {
    withTwoPools()
        .run(
            context -> {
              Health up =
                  awaitHealth(
                      context, h -> h.getStatus().equals(Status.UP), "traffic", "sessions");
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              Map<String, Object> pools = map(up.getDetails().get("pools"));
              assertThat(pools.keySet()).containsExactly("default", "sessions");
              assertThat(map(pools.get("sessions")))
                  .containsEntry("status", "UP")
                  .containsEntry("localZone", "b")
                  .containsEntry("primaryZone", "a")
                  .containsEntry("nodesUp", 2);

              String victim = memcached.nodes("b").get(1);
              memcached.cluster().kill(victim);
              Health degraded =
                  awaitHealth(
                      context,
                      h -> h.getStatus().equals(NearcacheHealthIndicator.DEGRADED),
                      "traffic",
                      "sessions");
              assertThat(degraded.getStatus()).isEqualTo(NearcacheHealthIndicator.DEGRADED);
              // The default pool's details, as with one pool: all up.
              assertThat(degraded.getDetails())
                  .containsEntry("mode", "two-tier")
                  .containsEntry("localZone", "b")
                  .containsEntry("nodesUp", 2)
                  .containsEntry("nodesDown", 0);
              assertThat(map(map(degraded.getDetails().get("zones")).get("b")))
                  .containsEntry("status", "UP");
              pools = map(degraded.getDetails().get("pools"));
              assertThat(map(pools.get("default")))
                  .containsEntry("status", "UP")
                  .containsEntry("nodesDown", 0);
              Map<String, Object> sessions = map(pools.get("sessions"));
              assertThat(sessions)
                  .containsEntry("status", "DEGRADED")
                  .containsEntry("nodesUp", 1)
                  .containsEntry("nodesDown", 1);
              Map<String, Object> zoneB = map(map(sessions.get("zones")).get("b"));
              assertThat(zoneB).containsEntry("status", "DOWN").containsEntry("local", true);
              assertThat(map(map(zoneB.get("nodes")).get(victim))).containsEntry("status", "DOWN");
              assertThat(map(map(sessions.get("zones")).get("a"))).containsEntry("status", "UP");
            });
  }

  @Test
  void aSecondPoolWithNoNodeAnsweringIsDownAsTheDefaultPoolWouldBe() throws Exception {
    withTwoPools()
        .run(
            context -> {
              awaitHealth(context, h -> h.getStatus().equals(Status.UP), "traffic", "sessions");
              memcached.cluster().kill(memcached.nodes("a").get(1));
              memcached.cluster().kill(memcached.nodes("b").get(1));
              Health down =
                  awaitHealth(
                      context, h -> h.getStatus().equals(Status.DOWN), "traffic", "sessions");
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails())
                  .containsEntry("nodesUp", 2)
                  .containsEntry("nodesDown", 0);
              Map<String, Object> pools = map(down.getDetails().get("pools"));
              assertThat(map(pools.get("default"))).containsEntry("status", "UP");
              assertThat(map(pools.get("sessions")))
                  .containsEntry("status", "DOWN")
                  .containsEntry("nodesUp", 0)
                  .containsEntry("nodesDown", 2);
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
