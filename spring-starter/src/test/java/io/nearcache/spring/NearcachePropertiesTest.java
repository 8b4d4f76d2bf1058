package io.nearcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.WriteAck;
import io.nearcache.jcache.spi.NearCacheManager;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Issue 7: every {@code nearcache.*} property reaches the provider under its provider key, with
 * Spring's relaxed binding, and settings left unset leave the provider's defaults.
 */
class NearcachePropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NearcacheAutoConfiguration.class));

  private static NearCacheManager manager(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    return context.getBean(CacheManager.class).unwrap(NearCacheManager.class);
  }

  private static Map<String, String> handed(AssertableApplicationContext context) {
    return manager(context).nearcacheProperties().asMap();
  }

  @Test
  void unsetPropertiesLeaveTheProvidersDefaultsExceptStatisticsWhichTheStarterTurnsOn() {
    runner.run(
        context -> {
          assertThat(handed(context))
              .containsOnlyKeys("nearcache.statistics.enabled", "nearcache.serialization.allow")
              .containsEntry("nearcache.statistics.enabled", "true")
              .containsEntry(
                  "nearcache.serialization.allow",
                  "org.springframework.cache.support.NullValue;"
                      + "org.springframework.cache.interceptor.SimpleKey");
          CacheSettings settings = manager(context).nearcacheProperties().settingsFor("any");
          assertThat(settings.maximumSize()).isEqualTo(100_000);
          assertThat(settings.remote().timeout()).isEqualTo(Duration.ofMillis(250));
          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(
                  manager
                      .createCache("c", new MutableConfiguration<>())
                      .getConfiguration(MutableConfiguration.class)
                      .isStatisticsEnabled())
              .isTrue();
        });
  }

  @Test
  void statisticsCanBeLeftToEachCachesConfiguration() {
    runner
        .withPropertyValues("nearcache.statistics.enabled=false")
        .run(
            context ->
                assertThat(handed(context)).containsEntry("nearcache.statistics.enabled", "false"));
  }

  @Test
  void everySettingForEveryCacheReachesTheProvider() {
    runner
        .withPropertyValues(
            "nearcache.near.enabled=true",
            "nearcache.near.maximum-size=5000",
            "nearcache.near.expire-after-write=10m",
            "nearcache.management.enabled=true",
            "nearcache.store-by-value=false",
            "nearcache.remote.enabled=false",
            "nearcache.remote.timeout=2s",
            "nearcache.remote.warm-up=false",
            "nearcache.remote.tombstone-ttl=5m",
            "nearcache.remote.max-item-size=512KB",
            "nearcache.write.ack=quorum",
            "nearcache.coherence.poll-interval=250ms",
            "nearcache.coherence.partitions=32",
            "nearcache.coherence.transport=" + NoTransport.class.getName(),
            "nearcache.leases.enabled=false",
            "nearcache.leases.ttl=3s",
            "nearcache.leases.wait=200ms",
            "nearcache.remote.failure-threshold=5",
            "nearcache.remote.probe-interval=2s",
            "nearcache.serialization.allow=com.example.**,com.other.Type")
        .run(
            context -> {
              assertThat(handed(context))
                  .containsEntry("nearcache.near.enabled", "true")
                  .containsEntry("nearcache.near.maximum-size", "5000")
                  .containsEntry("nearcache.near.expire-after-write", "600000ms")
                  .containsEntry("nearcache.management.enabled", "true")
                  .containsEntry("nearcache.store-by-value", "false")
                  .containsEntry("nearcache.remote.enabled", "false")
                  .containsEntry("nearcache.remote.timeout", "2000ms")
                  .containsEntry("nearcache.remote.warm-up", "false")
                  .containsEntry("nearcache.remote.tombstone-ttl", "300000ms")
                  .containsEntry("nearcache.remote.max-item-size", "524288")
                  .containsEntry("nearcache.write.ack", "QUORUM")
                  .containsEntry("nearcache.coherence.poll-interval", "250ms")
                  .containsEntry("nearcache.coherence.partitions", "32")
                  .containsEntry("nearcache.coherence.transport", NoTransport.class.getName())
                  .containsEntry("nearcache.leases.enabled", "false")
                  .containsEntry("nearcache.leases.ttl", "3000ms")
                  .containsEntry("nearcache.leases.wait", "200ms")
                  .containsEntry("nearcache.remote.failure-threshold", "5")
                  .containsEntry("nearcache.remote.probe-interval", "2000ms")
                  .containsEntry(
                      "nearcache.serialization.allow",
                      "com.example.**;com.other.Type;org.springframework.cache.support.NullValue;"
                          + "org.springframework.cache.interceptor.SimpleKey");
              CacheSettings settings = manager(context).nearcacheProperties().settingsFor("any");
              assertThat(settings.maximumSize()).isEqualTo(5000);
              assertThat(settings.expireAfterWrite()).isEqualTo(Duration.ofMinutes(10));
              assertThat(settings.remote().ack()).isEqualTo(WriteAck.QUORUM);
              assertThat(settings.remote().partitions()).isEqualTo(32);
              assertThat(settings.remote().maxItemSize()).isEqualTo(512 * 1024);
            });
  }

  @Test
  void zonesAndTheirRolesReachTheProvider() {
    // Nothing listens on these ports; the remote tier connects in the background.
    runner
        .withPropertyValues(
            "nearcache.zones.east=127.0.0.1:1;weight=3, 127.0.0.1:2",
            "nearcache.zones.west[0]=127.0.0.1:3",
            "nearcache.local-zone=west",
            "nearcache.primary-zone=east",
            "nearcache.gutter.servers=127.0.0.1:4,127.0.0.1:5",
            "nearcache.gutter.ttl=5s")
        .run(
            context ->
                assertThat(handed(context))
                    .containsEntry("nearcache.zones.east", "127.0.0.1:1;weight=3,127.0.0.1:2")
                    .containsEntry("nearcache.zones.west", "127.0.0.1:3")
                    .containsEntry("nearcache.local-zone", "west")
                    .containsEntry("nearcache.primary-zone", "east")
                    .containsEntry("nearcache.gutter.servers", "127.0.0.1:4,127.0.0.1:5")
                    .containsEntry("nearcache.gutter.ttl", "5000ms"));
  }

  @Test
  void poolsAndTheCachesOnThemReachTheProvider() {
    // Nothing listens on these ports; the remote tier connects in the background.
    runner
        .withPropertyValues(
            "nearcache.zones.a=127.0.0.1:1",
            "nearcache.pools.sessions.zones.a[0]=127.0.0.1:2",
            "nearcache.pools.sessions.zones.a[1]=127.0.0.1:3",
            "nearcache.caches.users.pool=sessions")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of("NEARCACHE_POOLS_SESSIONS_ZONES_B", "127.0.0.1:4"))))
        .run(
            context -> {
              assertThat(handed(context))
                  .containsEntry("nearcache.pools.sessions.zones.a", "127.0.0.1:2,127.0.0.1:3")
                  .containsEntry("nearcache.pools.sessions.zones.b", "127.0.0.1:4")
                  .containsEntry("nearcache.caches.users.pool", "sessions");
              var properties = manager(context).nearcacheProperties();
              assertThat(properties.poolFor("users")).isEqualTo("sessions");
              assertThat(properties.poolFor("other")).isEqualTo("default");
              assertThat(manager(context).poolHealth())
                  .containsOnlyKeys("default", "sessions");
            });
  }

  @Test
  void settingsOfOneCacheOverrideTheSettingsForEveryCache() {
    runner
        .withPropertyValues(
            "nearcache.near.maximum-size=5000",
            "nearcache.caches.users.near.maximum-size=50",
            "nearcache.caches.users.serialization.allow=com.example.User",
            "nearcache.caches.users.leases.wait=100ms",
            "nearcache.caches[com.example.Book].near.maximum-size=60",
            "nearcache.caches.com.example.Author.near.maximum-size=70")
        .run(
            context -> {
              var properties = manager(context).nearcacheProperties();
              assertThat(properties.settingsFor("users").maximumSize()).isEqualTo(50);
              assertThat(properties.settingsFor("other").maximumSize()).isEqualTo(5000);
              assertThat(properties.settingsFor("users").remote().serializationAllow())
                  .isEqualTo(
                      "com.example.User;org.springframework.cache.support.NullValue;"
                          + "org.springframework.cache.interceptor.SimpleKey");
              assertThat(manager(context).nearcacheProperties().asMap())
                  .containsEntry("nearcache.caches.users.leases.wait", "100ms");
              assertThat(properties.settingsFor("com.example.Book").maximumSize()).isEqualTo(60);
              assertThat(properties.settingsFor("com.example.Author").maximumSize()).isEqualTo(70);
              assertThat(properties.configuredCacheNames())
                  .containsExactlyInAnyOrder("users", "com.example.Book", "com.example.Author");
            });
  }

  @Test
  void environmentVariablesBindWithRelaxedNames() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of(
                                "NEARCACHE_NEAR_MAXIMUMSIZE", "1234",
                                "NEARCACHE_REMOTE_TIMEOUT", "1s",
                                "NEARCACHE_CACHES_USERS_NEAR_MAXIMUMSIZE", "12"))))
        .run(
            context -> {
              assertThat(handed(context))
                  .containsEntry("nearcache.near.maximum-size", "1234")
                  .containsEntry("nearcache.remote.timeout", "1000ms")
                  .containsEntry("nearcache.caches.users.near.maximum-size", "12")
                  .doesNotContainKey("nearcache.near.maximumsize");
            });
  }

  @Test
  void aFileNamedBySpringCacheJcacheConfigIsReadAndTheEnvironmentWins(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("cache.properties");
    Files.writeString(
        file,
        "nearcache.near.maximum-size=300\nnearcache.coherence.partitions=8\n"
            + "nearcache.statistics.enabled=false\nother.key=ignored\n");
    runner
        .withPropertyValues(
            "spring.cache.jcache.config=" + file.toUri(), "nearcache.near.maximum-size=400")
        .run(
            context ->
                assertThat(handed(context))
                    .containsEntry("nearcache.near.maximum-size", "400")
                    .containsEntry("nearcache.coherence.partitions", "8")
                    .containsEntry("nearcache.statistics.enabled", "false")
                    .doesNotContainKey("other.key"));
  }

  @Test
  void nearcachePropertiesOnTheClasspathIsReadAsThePlainProviderWould(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("nearcache.properties"), "nearcache.coherence.partitions=4\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      runner
          .withClassLoader(loader)
          .run(
              context ->
                  assertThat(handed(context)).containsEntry("nearcache.coherence.partitions", "4"));
    }
  }

  @Test
  void theHandedPropertiesAreWhatTheProviderReceives() {
    Consumer<AssertableApplicationContext> check =
        context ->
            assertThat(manager(context).getProperties().getProperty("nearcache.near.maximum-size"))
                .isEqualTo("9");
    runner.withPropertyValues("nearcache.near.maximum-size=9").run(check::accept);
  }

  /** A transport class for the binding test; never instantiated because no zones are set. */
  public static final class NoTransport
      implements io.nearcache.jcache.coherence.InvalidationTransport {
    @Override
    public void publish(String cacheName, byte[] canonicalKey, long stamp) {}

    @Override
    public void subscribe(Listener listener) {}
  }
}
