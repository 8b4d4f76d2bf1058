package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A value that is not a number fails start-up naming the property. */
class ConfigErrorUnconvertibleValueTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
          "quarkus.nearcache.near.maximum-size",
          "lots",
          "quarkus.nearcache.near.maximum-size",
          "lots");

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
