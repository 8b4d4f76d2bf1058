package io.nearcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Issue 7: a bad value fails start-up with a message naming the property. */
class NearcacheConfigurationFailureTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NearcacheAutoConfiguration.class));

  private static Throwable failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    return context.getStartupFailure();
  }

  private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("No " + type.getName() + " in " + failure, failure);
  }

  private void failsBinding(String property, String value) {
    runner
        .withPropertyValues(property + "=" + value)
        .run(
            context -> {
              BindException bind = cause(failure(context), BindException.class);
              assertThat(bind.getName().toString()).isEqualTo(property);
              assertThat(bind.getMessage()).contains(property);
            });
  }

  private void failsInTheProvider(String expectedInMessage, String... properties) {
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              NearcacheConfigurationException e =
                  cause(failure(context), NearcacheConfigurationException.class);
              assertThat(e.getMessage()).contains(expectedInMessage);
              FailureAnalysis analysis =
                  new NearcacheConfigurationFailureAnalyzer().analyze(failure(context));
              assertThat(analysis.getDescription()).contains(expectedInMessage);
              assertThat(analysis.getAction()).contains("Correct the nearcache property");
            });
  }

  @Test
  void aCountThatIsNotANumber() {
    failsBinding("nearcache.near.maximum-size", "lots");
  }

  @Test
  void anUnknownAckPolicy() {
    failsBinding("nearcache.write.ack", "MOST");
  }

  @Test
  void aDurationWithoutMeaning() {
    failsBinding("nearcache.remote.timeout", "soon");
  }

  @Test
  void aSizeWithoutMeaning() {
    failsBinding("nearcache.remote.max-item-size", "big");
  }

  @Test
  void aTransportClassThatDoesNotExist() {
    failsBinding("nearcache.coherence.transport", "com.example.NoSuchTransport");
  }

  @Test
  void aDurationFinerThanMilliseconds() {
    failsInTheProvider("nearcache.remote.timeout=PT0.0005S", "nearcache.remote.timeout=500us");
  }

  @Test
  void aNegativeCount() {
    failsInTheProvider(
        "nearcache.near.maximum-size=-1 is not allowed", "nearcache.near.maximum-size=-1");
  }

  @Test
  void aPartitionCountOutsideOneTo4096() {
    failsInTheProvider(
        "nearcache.coherence.partitions=0 is not allowed; expected a whole number from 1 to 4096",
        "nearcache.coherence.partitions=0");
  }

  @Test
  void aLocalZoneThatIsNotConfigured() {
    failsInTheProvider(
        "nearcache.local-zone=x is not allowed; expected no zone at all", "nearcache.local-zone=x");
  }

  @Test
  void aZoneNodeWithoutAPort() {
    failsInTheProvider("nearcache.zones.a=localhost is not allowed", "nearcache.zones.a=localhost");
  }

  @Test
  void aMisspelledKeyIsHandedOverAndRejectedByName() {
    failsInTheProvider(
        "Unknown nearcache configuration key nearcache.near.maximum-sise=5 in the application's"
            + " nearcache.* properties",
        "nearcache.near.maximum-sise=5");
  }

  @Test
  void aMisspelledKeyOfOneCache() {
    failsInTheProvider(
        "Unknown nearcache configuration key nearcache.caches.users.near.maximum-sise=5",
        "nearcache.caches.users.near.maximum-sise=5");
  }

  @Test
  void aCacheManagerWideKeyForOneCache() {
    failsInTheProvider(
        "nearcache.caches.users.remote.failure-threshold=2",
        "nearcache.caches.users.remote.failure-threshold=2");
  }

  @Test
  void aConfigFileThatDoesNotExist() {
    failsInTheProvider(
        "spring.cache.jcache.config=classpath:no-such-file.properties names no readable file",
        "spring.cache.jcache.config=classpath:no-such-file.properties");
  }
}
