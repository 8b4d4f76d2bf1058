package io.nearcache.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SASL side of a memcached started with {@code -S}: a private Cyrus SASL configuration
 * directory holding {@code memcached.conf} ({@code mech_list: plain}, {@code sasldb_path}) and a
 * sasldb file with one user, made with {@code saslpasswd2}. memcached 1.6 reads the directory named
 * by the {@code SASL_CONF_PATH} environment variable, so nothing under {@code /etc} is touched.
 *
 * <p>Verified with Debian's memcached 1.6.18 and Cyrus SASL 2.1.28: the user is created in the
 * machine's host-name realm, which is also the realm memcached authenticates in.
 */
final class SaslSetup {
  /** The environment variable memcached reads its SASL configuration directory from. */
  static final String CONF_PATH_VARIABLE = "SASL_CONF_PATH";

  /** The command that installs {@code saslpasswd2} on Debian and Ubuntu. */
  static final String INSTALL_HINT = "apt-get update && apt-get install -y sasl2-bin";

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> TOOL_LOCATIONS = List.of("/usr/sbin/saslpasswd2");

  private final String username;
  private final String password;
  private final Path directory;

  private SaslSetup(String username, String password, Path directory) {
    this.username = username;
    this.password = password;
    this.directory = directory;
  }

  /**
   * Writes the configuration and the user's password into a new directory under {@code parent}.
   *
   * @throws IllegalStateException naming the install command when {@code saslpasswd2} is missing,
   *     or with its output when it fails
   */
  static SaslSetup create(Path parent, String username, String password) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    if (username.isEmpty() || password.isEmpty()) {
      throw new IllegalArgumentException("SASL username and password must not be empty");
    }
    Path tool = locateTool(System.getenv("PATH"));
    try {
      Path directory = Files.createDirectories(parent.resolve("sasl"));
      Path database = directory.resolve("sasldb2");
      Files.writeString(
          directory.resolve("memcached.conf"),
          "mech_list: plain\nsasldb_path: " + database + "\n",
          StandardCharsets.US_ASCII);
      addUser(tool, database, username, password);
      return new SaslSetup(username, password, directory);
    } catch (IOException e) {
      throw new IllegalStateException("Could not write the SASL configuration under " + parent, e);
    }
  }

  private static Path locateTool(String path) {
    List<Path> tried = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          tried.add(Path.of(dir, "saslpasswd2"));
        }
      }
    }
    TOOL_LOCATIONS.forEach(location -> tried.add(Path.of(location)));
    for (Path candidate : tried) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "saslpasswd2 is needed to start memcached with SASL but was not found (looked on PATH and"
            + " in "
            + TOOL_LOCATIONS
            + "): install it with `"
            + INSTALL_HINT
            + "`");
  }

  private static void addUser(Path tool, Path database, String username, String password)
      throws IOException {
    // -p reads the password from stdin without a prompt; -a names the application (memcached).
    List<String> command =
        List.of(
            tool.toString(), "-c", "-p", "-a", "memcached", "-f", database.toString(), username);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(password.getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + TOOL_TIMEOUT);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0 || !Files.exists(database)) {
      throw new IllegalStateException(
          command + " failed with status " + process.exitValue() + ": " + output.strip());
    }
  }

  /** The user memcached accepts. */
  String username() {
    return username;
  }

  /** The user's password. */
  String password() {
    return password;
  }

  /** The environment a memcached process needs to find this configuration. */
  Map<String, String> environment() {
    return Map.of(CONF_PATH_VARIABLE, directory.toString());
  }

  /** The configuration directory, removed with the cluster's work directory. */
  Path directory() {
    return directory;
  }
}
