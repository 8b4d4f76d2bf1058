package io.nearcache.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A password that memcached refuses stops start-up naming the Quarkus properties to check, never
 * the password.
 */
class ConfigErrorWrongSaslPasswordTest {
  @RegisterExtension
  static final QuarkusUnitTest APP =
      ConfigurationErrors.failing(
              "quarkus.nearcache.remote.sasl.password",
              "wrong-pass",
              "quarkus.nearcache.remote.sasl.username",
              "quarkus.nearcache.remote.sasl.password")
          .overrideRuntimeConfigKey("quarkus.nearcache.remote.sasl.username", "app")
          .setBeforeAllCustomizer(() -> TestCluster.startSasl("app", "right-pass"))
          .setAfterAllCustomizer(TestCluster::stop);

  @Test
  void fails() {
    // The extension asserts the failure; this method only makes JUnit run the class.
  }
}
