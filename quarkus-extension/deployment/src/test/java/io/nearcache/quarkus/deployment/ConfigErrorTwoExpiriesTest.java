package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache with both an expire-after-write and an expire-after-access fails start-up naming both
 * properties.
 */
class ConfigErrorTwoExpiriesTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
              "quarkus.nearcache.caches.products.expire-after-access",
              "5m",
              "quarkus.nearcache.expire-after-write",
              "quarkus.nearcache.caches.\"products\".expire-after-access")
          .overrideRuntimeConfigKey("quarkus.nearcache.expire-after-write", "10m");

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
