package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A local zone that is not configured fails start-up naming the Quarkus property and the configured
 * zones.
 */
class ConfigErrorUnknownLocalZoneTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
              "quarkus.nearcache.local-zone",
              "x",
              "quarkus.nearcache.local-zone=x",
              "one of the configured zones [a]")
          .overrideRuntimeConfigKey("quarkus.nearcache.zones.a", "127.0.0.1:1");

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
