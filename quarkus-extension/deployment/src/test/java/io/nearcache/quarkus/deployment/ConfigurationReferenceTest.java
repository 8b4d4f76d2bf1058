package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference in the repository, {@code quarkus-extension/CONFIGURATION.md}, is the
 * one the build generates from the configuration interfaces' javadoc.
 */
class ConfigurationReferenceTest {
  private static final Path GENERATED =
      Path.of("target/quarkus-generated-doc/config/nearcache-quarkus.md");
  private static final Path COMMITTED = Path.of("../CONFIGURATION.md");

  @Test
  void theCommittedReferenceIsTheGeneratedOne() throws IOException {
    assertTrue(Files.exists(GENERATED), "the build generates " + GENERATED.toAbsolutePath());
    assertEquals(
        Files.readString(GENERATED),
        Files.readString(COMMITTED),
        "quarkus-extension/CONFIGURATION.md is out of date; copy "
            + GENERATED
            + " of the deployment module over it");
  }
}
