package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusUnitTest;

/** An application with one configuration mistake, which must fail naming the property. */
final class ConfigurationErrors {
  private ConfigurationErrors() {}

  /**
   * An application that fails to build or start with {@code key=value}, with an error whose
   * message, or a cause's, contains every one of {@code expected}.
   */
  static QuarkusUnitTest failing(String key, String value, String... expected) {
    return new QuarkusUnitTest()
        .withApplicationRoot(
            jar -> jar.addClasses(Product.class, ProductService.class, TestCluster.class))
        .overrideConfigKey("quarkus.cache.type", "nearcache")
        .overrideConfigKey(key, value)
        .assertException(
            error -> {
              assertMentions(error, expected);
              if (key.contains("password")) {
                assertHidden(error, value);
              }
            });
  }

  private static void assertHidden(Throwable error, String secret) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(secret), "the secret shows in " + t);
    }
  }

  private static void assertMentions(Throwable error, String... expected) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      messages.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    System.out.println("Failed as expected:\n" + messages);
    for (String text : expected) {
      assertTrue(messages.toString().contains(text), "expected '" + text + "' in:\n" + messages);
    }
  }
}
