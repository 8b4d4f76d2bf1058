package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node without a port fails start-up naming the zone's Quarkus property. */
class ConfigErrorMalformedNodeTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
          "quarkus.nearcache.zones.a",
          "localhost",
          "quarkus.nearcache.zones.\"a\"=localhost",
          "host:port");

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
