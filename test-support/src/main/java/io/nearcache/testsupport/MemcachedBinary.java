package io.nearcache.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@code memcached} executable that the fixture starts. */
final class MemcachedBinary {
  /** The system property that names the memcached executable, overriding the search. */
  static final String PROPERTY = "nearcache-test.memcached";

  /** The command that installs memcached on Debian and Ubuntu. */
  static final String INSTALL_HINT = "apt-get update && apt-get install -y memcached";

  private static final String DEFAULT_LOCATION = "/usr/bin/memcached";

  private MemcachedBinary() {}

  /** The executable named by {@value #PROPERTY}, else the first one on PATH, else /usr/bin. */
  static Path locate() {
    return locate(System.getProperty(PROPERTY), System.getenv("PATH"));
  }

  /**
   * Finds memcached from an explicit override and a PATH value, either of which may be null.
   *
   * @throws IllegalStateException naming where it looked and the install command
   */
  static Path locate(String override, String path) {
    if (override != null && !override.isBlank()) {
      Path explicit = Path.of(override.trim());
      if (isExecutable(explicit)) {
        return explicit;
      }
      throw new IllegalStateException(
          "memcached was not found at "
              + explicit
              + " (system property "
              + PROPERTY
              + "): point the property at a memcached executable, or remove the property and"
              + " install it with `"
              + INSTALL_HINT
              + "`");
    }
    List<Path> tried = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          tried.add(Path.of(dir, "memcached"));
        }
      }
    }
    tried.add(Path.of(DEFAULT_LOCATION));
    for (Path candidate : tried) {
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "memcached is needed by the remote-tier tests but was not found (looked on PATH, in "
            + DEFAULT_LOCATION
            + " and in system property "
            + PROPERTY
            + "): install it with `"
            + INSTALL_HINT
            + "`");
  }

  private static boolean isExecutable(Path candidate) {
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
  }
}
