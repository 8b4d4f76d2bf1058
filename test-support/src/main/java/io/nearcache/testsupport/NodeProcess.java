package io.nearcache.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One memcached process on a fixed loopback port: started, probed, signalled and stopped. Every
 * wait is bounded; a failure names the node and carries the process's stderr.
 */
final class NodeProcess {
  static final String HOST = "127.0.0.1";

  /** memcached's exit status when it cannot bind its port (EX_OSERR). */
  static final int EXIT_CANNOT_LISTEN = 71;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 10;

  private final String zone;
  private final int port;
  private final Path binary;
  private final List<String> options;
  private final Path stderr;
  /** The SASL configuration of a node started with {@code -S}, or null. */
  private final SaslSetup sasl;

  private volatile Process process;
  private boolean suspended;

  NodeProcess(String zone, int port, Path binary, List<String> options, Path stderr) {
    this(zone, port, binary, options, stderr, null);
  }

  /** A node that, with {@code sasl} given, runs with {@code -S} and answers the binary protocol. */
  NodeProcess(
      String zone, int port, Path binary, List<String> options, Path stderr, SaslSetup sasl) {
    this.zone = requireNonNull(zone);
    this.port = port;
    this.binary = requireNonNull(binary);
    this.options = List.copyOf(options);
    this.stderr = requireNonNull(stderr);
    this.sasl = sasl;
  }

  String zone() {
    return zone;
  }

  int port() {
    return port;
  }

  /** The node as {@code host:port}. */
  String address() {
    return HOST + ":" + port;
  }

  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  synchronized boolean isSuspended() {
    return isRunning() && suspended;
  }

  synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("memcached node " + address() + " was never started");
    }
    return process.pid();
  }

  /**
   * Starts the process and waits until it answers {@code version}.
   *
   * @return false when memcached exited because the port was taken, so that the caller can try
   *     another port
   * @throws IllegalStateException when it fails for any other reason or is not ready in time
   */
  synchronized boolean start() {
    if (isRunning()) {
      throw new IllegalStateException("memcached node " + address() + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of("-l", HOST, "-p", Integer.toString(port)));
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    if (sasl != null) {
      command.add("-S");
      builder.command(command);
      builder.environment().putAll(sasl.environment());
    }
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start memcached node " + address() + " with " + command, e);
    }
    suspended = false;
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    long maxPolls = STARTUP_TIMEOUT.toMillis() / POLL_MILLIS + 1;
    for (long poll = 0; poll < maxPolls && System.nanoTime() < deadline; poll++) {
      if (!process.isAlive()) {
        int status = exitStatus();
        if (status == EXIT_CANNOT_LISTEN && stderrText().contains("Address already in use")) {
          return false;
        }
        throw new IllegalStateException(
            "memcached node "
                + address()
                + " of zone "
                + zone
                + " exited with status "
                + status
                + " at start-up; command "
                + command
                + "; stderr: "
                + stderrText());
      }
      if (ping(PROBE_TIMEOUT)) {
        return true;
      }
      sleep(POLL_MILLIS);
    }
    process.destroyForcibly();
    awaitExit();
    throw new IllegalStateException(
        "memcached node "
            + address()
            + " of zone "
            + zone
            + " did not accept connections within "
            + STARTUP_TIMEOUT.toMillis()
            + " ms; command "
            + command
            + "; stderr: "
            + stderrText());
  }

  /**
   * Whether the node answers within the timeout: {@code version}, or with SASL the binary
   * protocol's list of mechanisms, which needs no authentication.
   */
  boolean ping(Duration timeout) {
    try {
      if (sasl != null) {
        return !BinaryProtocol.mechanisms(HOST, port, timeout).isEmpty();
      }
      return TextProtocol.call(HOST, port, "version", "VERSION", timeout).startsWith("VERSION");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The node's general statistics ({@code stats}) as numbers; non-numeric ones are left out.
   * Nodes with SASL answer only the binary protocol, so they are not supported here.
   */
  Map<String, Long> stats(Duration timeout) {
    if (sasl != null) {
      throw new UnsupportedOperationException(
          "stats of memcached node " + address() + " need the binary protocol (SASL)");
    }
    String reply;
    try {
      reply = TextProtocol.call(HOST, port, "stats", "END", timeout);
    } catch (IOException e) {
      throw new IllegalStateException("stats failed on memcached node " + address(), e);
    }
    Map<String, Long> stats = new LinkedHashMap<>();
    for (String line : reply.split("\r?\n")) {
      String[] parts = line.strip().split(" ");
      if (parts.length == 3 && parts[0].equals("STAT") && parts[2].matches("\\d+")) {
        stats.put(parts[1], Long.parseLong(parts[2]));
      }
    }
    return stats;
  }

  /** Sends {@code flush_all} (with SASL: authenticates and sends a binary flush) and waits. */
  void flushAll(Duration timeout) {
    if (sasl != null) {
      try {
        BinaryProtocol.flushAll(HOST, port, sasl.username(), sasl.password(), timeout);
      } catch (IOException e) {
        throw new IllegalStateException("flush failed on memcached node " + address(), e);
      }
      return;
    }
    String reply;
    try {
      reply = TextProtocol.call(HOST, port, "flush_all", "OK", timeout);
    } catch (IOException e) {
      throw new IllegalStateException("flush_all failed on memcached node " + address(), e);
    }
    if (!reply.startsWith("OK")) {
      throw new IllegalStateException(
          "flush_all on memcached node " + address() + " answered " + reply.strip());
    }
  }

  /** SIGTERM (after SIGCONT if suspended), then SIGKILL if it has not exited in time. */
  synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    if (suspended) {
      signal("CONT");
      suspended = false;
    }
    process.destroy();
    if (!awaitExit()) {
      kill();
    }
  }

  /** SIGKILL, and waits for the exit. */
  synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    suspended = false;
    if (!awaitExit()) {
      throw new IllegalStateException(
          "memcached node " + address() + " (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /** SIGSTOP: the node keeps its port and accepts connections, but answers nothing. */
  synchronized void suspend() {
    requireRunning("suspend");
    signal("STOP");
    suspended = true;
    awaitState('T');
  }

  /** SIGCONT after {@link #suspend()}. */
  synchronized void resume() {
    requireRunning("resume");
    signal("CONT");
    suspended = false;
    awaitState('S', 'R');
  }

  /** Kills the process without waiting or locking: for JVM shutdown. */
  void killNow() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  private void requireRunning(String operation) {
    if (!isRunning()) {
      throw new IllegalStateException(
          "Cannot " + operation + " memcached node " + address() + ": it is not running");
    }
  }

  private void signal(String name) {
    String pid = Long.toString(process.pid());
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, pid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException(
            "kill -" + name + " " + pid + " did not finish for memcached node " + address());
      }
      if (kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -"
                + name
                + " "
                + pid
                + " failed with status "
                + kill.exitValue()
                + " for memcached node "
                + address());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not run kill -" + name + " " + pid + " for memcached node " + address(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling " + address(), e);
    }
  }

  /** Waits (bounded) until /proc shows one of the states; a no-op where /proc is absent. */
  private void awaitState(char... states) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long maxPolls = EXIT_TIMEOUT.toMillis() / POLL_MILLIS;
    for (long poll = 0; poll < maxPolls; poll++) {
      String text;
      try {
        text = Files.readString(stat, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        return;
      }
      // The state follows the parenthesised command name: "pid (comm) S ...".
      int close = text.lastIndexOf(')');
      if (close < 0 || close + 2 >= text.length()) {
        return;
      }
      char state = text.charAt(close + 2);
      for (char wanted : states) {
        if (state == wanted) {
          return;
        }
      }
      sleep(POLL_MILLIS);
    }
    throw new IllegalStateException(
        "memcached node "
            + address()
            + " did not reach process state "
            + new String(states)
            + " in time");
  }

  private boolean awaitExit() {
    try {
      return process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private int exitStatus() {
    try {
      return process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          ? process.exitValue()
          : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** What the process wrote to stderr, trimmed; empty when nothing. */
  String stderrText() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8).strip() : "";
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for memcached", e);
    }
  }

  @Override
  public String toString() {
    return "memcached " + address() + " (zone " + zone + ")";
  }
}
