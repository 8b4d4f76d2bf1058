package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A key the provider does not know (a typo) fails start-up naming the Quarkus property. */
class ConfigErrorUnknownKeyTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
          "quarkus.nearcache.near.maximum-sise",
          "10",
          "quarkus.nearcache.near.maximum-sise=10",
          "Unknown");

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
