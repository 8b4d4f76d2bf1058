package io.nearcache.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Real memcached processes on free loopback ports, grouped in zones named {@code a}, {@code b},
 * {@code c}, ... Nodes are named {@code 127.0.0.1:<port>}. A test can stop, kill, suspend, resume
 * and restart single nodes or whole zones to simulate failures.
 *
 * <p>With {@link Builder#sasl(String, String)} every node requires SASL authentication and speaks
 * only the binary protocol; {@link #asProperties()} then carries the credentials too.
 *
 * <p>Every process the cluster starts is killed by {@link #close()}, and by a JVM shutdown hook if
 * the JVM exits first. Each start waits at most 5 seconds for the node to answer, then fails with
 * the node's stderr. A missing memcached binary fails with the command that installs it.
 */
public final class MemcachedCluster implements AutoCloseable {
  /** The property prefix a nearcache provider reads its zones from. */
  public static final String ZONES_PREFIX = "nearcache.zones.";

  /** The property naming a provider's local zone. */
  public static final String LOCAL_ZONE = "nearcache.local-zone";

  /** The property naming the SASL user a provider authenticates as. */
  public static final String SASL_USERNAME = "nearcache.remote.sasl.username";

  /** The property holding the SASL user's password. */
  public static final String SASL_PASSWORD = "nearcache.remote.sasl.password";

  private static final int PORT_ATTEMPTS = 5;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

  private final Map<String, List<NodeProcess>> zones = new LinkedHashMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Path binary;
  private final List<String> options;
  private final Path workDirectory;
  private final SaslSetup sasl;
  private final Thread shutdownHook;
  private boolean closed;

  private MemcachedCluster(Builder builder) {
    this.binary = MemcachedBinary.locate();
    this.options = builder.options();
    try {
      this.workDirectory = Files.createTempDirectory("nearcache-memcached-");
    } catch (IOException e) {
      throw new IllegalStateException("Could not create a directory for memcached logs", e);
    }
    this.shutdownHook = new Thread(this::killAllNow, "nearcache-memcached-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    SaslSetup setup = null;
    try {
      if (builder.saslUsername != null) {
        setup = SaslSetup.create(workDirectory, builder.saslUsername, builder.saslPassword);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.sasl = setup;
    try {
      for (int z = 0; z < builder.zones; z++) {
        String zone = zoneName(z);
        List<NodeProcess> members = new ArrayList<>();
        for (int n = 0; n < builder.nodesPerZone; n++) {
          NodeProcess node = startOnFreePort(zone, n);
          members.add(node);
          nodes.put(node.address(), node);
        }
        zones.put(zone, Collections.unmodifiableList(members));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts {@code zones} zones of {@code nodesPerZone} nodes each, with default options. */
  public static MemcachedCluster start(int zones, int nodesPerZone) {
    return builder().zones(zones).nodesPerZone(nodesPerZone).start();
  }

  /**
   * Whether a memcached binary can be found (the {@code nearcache-test.memcached} property,
   * {@code /usr/bin/memcached}, or the PATH), so that a cluster can start.
   */
  public static boolean isInstalled() {
    try {
      MemcachedBinary.locate();
      return true;
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  /** The command that installs memcached on Debian and Ubuntu. */
  public static String installHint() {
    return MemcachedBinary.INSTALL_HINT;
  }

  /** A builder for a cluster with non-default sizes or memcached options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name of the zone at {@code index}: a, b, ..., z, then z26, z27, ... */
  static String zoneName(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index)) : "z" + index;
  }

  private NodeProcess startOnFreePort(String zone, int index) {
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = workDirectory.resolve("memcached-" + zone + index + "-" + port + ".stderr");
      NodeProcess node = new NodeProcess(zone, port, binary, options, log, sasl);
      if (node.start()) {
        return node;
      }
    }
    throw new IllegalStateException(
        "Could not find a free loopback port for a memcached node of zone "
            + zone
            + " in "
            + PORT_ATTEMPTS
            + " attempts");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(NodeProcess.HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("Could not find a free loopback port", e);
    }
  }

  /** The zone names in order: a, b, c, ... */
  public synchronized List<String> zones() {
    return List.copyOf(zones.keySet());
  }

  /** The nodes of one zone as {@code 127.0.0.1:<port>}, in start order. */
  public synchronized List<String> nodes(String zone) {
    return zone(zone).stream().map(NodeProcess::address).collect(Collectors.toUnmodifiableList());
  }

  /** Every node of every zone, zone by zone. */
  public synchronized List<String> allNodes() {
    return List.copyOf(nodes.keySet());
  }

  /** The zone's nodes comma-separated: the value of {@code nearcache.zones.<zone>}. */
  public String serversProperty(String zone) {
    return String.join(",", nodes(zone));
  }

  /**
   * {@code nearcache.zones.<zone>} for every zone and {@code nearcache.local-zone=a}, plus the SASL
   * user and password when the cluster runs with SASL: what a nearcache CacheManager needs to use
   * this cluster.
   */
  public synchronized Properties asProperties() {
    Properties properties = new Properties();
    for (String zone : zones.keySet()) {
      properties.setProperty(ZONES_PREFIX + zone, serversProperty(zone));
    }
    properties.setProperty(LOCAL_ZONE, zoneName(0));
    if (sasl != null) {
      properties.setProperty(SASL_USERNAME, sasl.username());
      properties.setProperty(SASL_PASSWORD, sasl.password());
    }
    return properties;
  }

  /** Whether the nodes run with SASL ({@code -S}) and so speak only the binary protocol. */
  public boolean isSasl() {
    return sasl != null;
  }

  /** Whether the node's process is alive; a suspended node is alive. */
  public synchronized boolean isRunning(String node) {
    return node(node).isRunning();
  }

  /** Whether the node is alive but stopped by {@link #suspend(String)}. */
  public synchronized boolean isSuspended(String node) {
    return node(node).isSuspended();
  }

  /** Stops the node gracefully (SIGTERM; SIGKILL if it has not exited within 5 seconds). */
  public synchronized void stop(String node) {
    node(node).stop();
  }

  /** Kills the node with SIGKILL, as a crash would: connections are reset. */
  public synchronized void kill(String node) {
    node(node).kill();
  }

  /**
   * Freezes the node with SIGSTOP: its port still accepts connections, but no request is answered,
   * as with a hung host. Undo with {@link #resume(String)}.
   */
  public synchronized void suspend(String node) {
    node(node).suspend();
  }

  /** Thaws a suspended node with SIGCONT; requests it had received are then answered. */
  public synchronized void resume(String node) {
    node(node).resume();
  }

  /** Kills the node if it runs, then starts it again, empty, on the same port. */
  public synchronized void restart(String node) {
    NodeProcess process = node(node);
    process.kill();
    if (!process.start()) {
      throw new IllegalStateException(
          "Could not restart memcached node " + node + ": its port was taken meanwhile");
    }
  }

  /** Starts every node of the zone that is not running, each empty on its own port. */
  public synchronized void startZone(String zone) {
    for (NodeProcess process : zone(zone)) {
      if (!process.isRunning() && !process.start()) {
        throw new IllegalStateException(
            "Could not start memcached node " + process.address() + ": its port was taken");
      }
    }
  }

  /** Kills every node of the zone with SIGKILL. */
  public synchronized void killZone(String zone) {
    zone(zone).forEach(NodeProcess::kill);
  }

  /**
   * Brings every node back to a clean state: resumes suspended nodes, restarts stopped or killed
   * ones, and flushes all of them.
   */
  public synchronized void reset() {
    for (NodeProcess process : nodes.values()) {
      if (process.isSuspended()) {
        process.resume();
      }
      if (!process.isRunning() && !process.start()) {
        throw new IllegalStateException(
            "Could not restart memcached node " + process.address() + ": its port was taken");
      }
    }
    flushAll();
  }

  /** Sends {@code flush_all} to every running node that is not suspended. */
  public synchronized void flushAll() {
    for (NodeProcess process : nodes.values()) {
      if (process.isRunning() && !process.isSuspended()) {
        process.flushAll(FLUSH_TIMEOUT);
      }
    }
  }

  /**
   * The sum of one numeric statistic ({@code stats}, e.g. {@code cmd_set}) over every running node
   * that is not suspended. Counts restart from zero when a node restarts.
   */
  public synchronized long statTotal(String name) {
    long total = 0;
    for (NodeProcess process : nodes.values()) {
      if (process.isRunning() && !process.isSuspended()) {
        total += process.stats(FLUSH_TIMEOUT).getOrDefault(name, 0L);
      }
    }
    return total;
  }

  /** Whether the node answers the {@code version} command within the timeout. */
  public boolean ping(String node, Duration timeout) {
    NodeProcess process;
    synchronized (this) {
      process = node(node);
    }
    return process.ping(timeout);
  }

  /** The operating-system process id of the node's current process. */
  public synchronized long pid(String node) {
    return node(node).pid();
  }

  /** Kills every node and removes the log directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (NodeProcess process : nodes.values()) {
      try {
        process.kill();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: nothing left to unregister.
    }
    deleteWorkDirectory();
    if (failure != null) {
      throw failure;
    }
  }

  private void killAllNow() {
    // No lock: a test thread may hold it while the JVM exits.
    for (NodeProcess process : List.copyOf(nodes.values())) {
      process.killNow();
    }
  }

  private void deleteWorkDirectory() {
    try (var files = Files.walk(workDirectory)) {
      List<Path> all = new ArrayList<>(files.toList());
      Collections.reverse(all);
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // Leftover log files in the temp directory are harmless.
    }
  }

  private List<NodeProcess> zone(String zone) {
    List<NodeProcess> members = zones.get(zone);
    if (members == null) {
      throw new IllegalArgumentException(
          "No memcached zone '" + zone + "' in this cluster; zones are " + zones.keySet());
    }
    return members;
  }

  private NodeProcess node(String node) {
    NodeProcess process = nodes.get(node);
    if (process == null) {
      throw new IllegalArgumentException(
          "No memcached node '" + node + "' in this cluster; nodes are " + nodes.keySet());
    }
    return process;
  }

  @Override
  public synchronized String toString() {
    return zones.entrySet().stream()
        .map(e -> e.getKey() + "=" + serversProperty(e.getKey()))
        .collect(Collectors.joining(", ", "MemcachedCluster{", "}"));
  }

  /** Sizes and options of a {@link MemcachedCluster}. */
  public static final class Builder {
    private int zones = 1;
    private int nodesPerZone = 1;
    private int memoryMegabytes = 64;
    private int threads = 1;
    private int maxConnections = 1024;
    private String saslUsername;
    private String saslPassword;
    private boolean errorOnMemoryExhausted;

    private Builder() {}

    /**
     * Runs every node with SASL ({@code -S}, PLAIN, one user) in a private configuration directory.
     * Such nodes speak only memcached's binary protocol. Needs {@code saslpasswd2} (Debian's {@code
     * sasl2-bin}); a missing tool fails the start with the command that installs it.
     */
    public Builder sasl(String username, String password) {
      if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("SASL username and password must not be empty");
      }
      this.saslUsername = username;
      this.saslPassword = password;
      return this;
    }

    /**
     * Makes each node answer {@code SERVER_ERROR out of memory} when its memory is full, instead of
     * evicting ({@code -M}); with a small {@link #memoryMegabytes} this provokes server errors.
     */
    public Builder errorOnMemoryExhausted() {
      this.errorOnMemoryExhausted = true;
      return this;
    }

    /** The number of zones, 1 or more (default 1). */
    public Builder zones(int zones) {
      this.zones = positive("zones", zones);
      return this;
    }

    /** The number of nodes in every zone, 1 or more (default 1). */
    public Builder nodesPerZone(int nodesPerZone) {
      this.nodesPerZone = positive("nodesPerZone", nodesPerZone);
      return this;
    }

    /** Each node's item memory in megabytes ({@code -m}, default 64). */
    public Builder memoryMegabytes(int memoryMegabytes) {
      this.memoryMegabytes = positive("memoryMegabytes", memoryMegabytes);
      return this;
    }

    /** Each node's worker threads ({@code -t}, default 1). */
    public Builder threads(int threads) {
      this.threads = positive("threads", threads);
      return this;
    }

    /** Each node's connection limit ({@code -c}, default 1024). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive("maxConnections", maxConnections);
      return this;
    }

    /** Starts the processes and waits until every node answers. */
    public MemcachedCluster start() {
      return new MemcachedCluster(this);
    }

    private List<String> options() {
      List<String> options = new ArrayList<>();
      options.addAll(List.of("-U", "0"));
      options.addAll(List.of("-m", Integer.toString(memoryMegabytes)));
      options.addAll(List.of("-t", Integer.toString(threads)));
      options.addAll(List.of("-c", Integer.toString(maxConnections)));
      if (errorOnMemoryExhausted) {
        options.add("-M");
      }
      if ("root".equals(System.getProperty("user.name"))) {
        // memcached refuses to run as root unless told which user to run as.
        options.addAll(List.of("-u", "root"));
      }
      return options;
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
      }
      return value;
    }
  }
}
