package io.nearcache.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding memcached, and the message that says how to install it when it is missing. */
class MemcachedBinaryTest {
  private static final String HINT =
      "install it with `apt-get update && apt-get install -y memcached`";

  @Test
  void missingOverrideNamesThePropertyAndTheInstallCommand() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> MemcachedBinary.locate("/nonexistent/memcached", "/nonexistent"));
    assertTrue(e.getMessage().contains(HINT), e.getMessage());
    assertTrue(e.getMessage().contains("nearcache-test.memcached"), e.getMessage());
  }

  @Test
  void clusterStartFailsWithTheInstallCommandWhenTheBinaryIsMissing() {
    String before = System.getProperty(MemcachedBinary.PROPERTY);
    System.setProperty(MemcachedBinary.PROPERTY, "/nonexistent/memcached");
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> MemcachedCluster.start(1, 1));
      assertTrue(e.getMessage().contains(HINT), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(MemcachedBinary.PROPERTY);
      } else {
        System.setProperty(MemcachedBinary.PROPERTY, before);
      }
    }
  }

  @Test
  void pathIsSearchedInOrder(@TempDir Path dir) throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Path binary = second.resolve("memcached");
    Files.writeString(binary, "#!/bin/sh\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(binary, MemcachedBinary.locate(null, first + ":" + second));
  }

  @Test
  void overrideWins(@TempDir Path dir) throws IOException {
    Path binary = dir.resolve("my-memcached");
    Files.writeString(binary, "#!/bin/sh\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(binary, MemcachedBinary.locate(binary.toString(), "/usr/bin"));
  }
}
