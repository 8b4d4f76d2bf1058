package io.nearcache.samples.zones;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link DemoInstance} in its own JVM: commands go to its standard input; its {@code STATS}
 * lines go to a listener, every other line waits in a queue for {@link #expect}.
 */
final class InstanceProcess implements AutoCloseable {
  private final String name;
  private final String zone;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final List<String> unclaimed = new ArrayList<>();

  private InstanceProcess(String name, String zone, Process process, Consumer<String> stats) {
    this.name = name;
    this.zone = zone;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("STATS ")) {
                    stats.accept(line.substring(6));
                  } else {
                    answers.add(line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            name + "-stdout");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts an instance and waits until it is ready.
   *
   * @param zones every zone's servers by zone name; empty for the embedded near tier
   * @param zone the instance's local zone, or null when embedded
   */
  static InstanceProcess start(
      String name, String zone, Map<String, String> zones, Path logs, Consumer<String> stats)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    zones.forEach((z, servers) -> command.add("-Dnearcache.zones." + z + "=" + servers));
    if (zone != null) {
      command.add("-Dnearcache.local-zone=" + zone);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DemoInstance.class.getName());
    command.add(name);
    Process process =
        new ProcessBuilder(command)
            .redirectError(logs.resolve(name + ".stderr.log").toFile())
            .start();
    InstanceProcess instance = new InstanceProcess(name, zone, process, stats);
    instance.expect("READY", Duration.ofSeconds(60));
    return instance;
  }

  String name() {
    return name;
  }

  /** The local zone, or null when embedded. */
  String zone() {
    return zone;
  }

  /** Sends one command. */
  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " does not take commands: " + e.getMessage(), e);
    }
  }

  /**
   * The rest of the next line starting with {@code prefix}. Other lines wait for the {@code
   * expect} they answer: answers to commands running side by side may come in any order.
   */
  synchronized String expect(String prefix, Duration timeout) {
    for (java.util.Iterator<String> held = unclaimed.iterator(); held.hasNext(); ) {
      String line = held.next();
      if (line.startsWith(prefix)) {
        held.remove();
        return line.substring(prefix.length()).trim();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? answers.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new IllegalStateException(
              name + " did not answer " + prefix + " within " + timeout.toSeconds() + " s");
        }
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
        unclaimed.add(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + name, e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        send("QUIT");
        process.waitFor(3, TimeUnit.SECONDS);
      } catch (RuntimeException | InterruptedException e) {
        // stopping anyway
      }
      process.destroyForcibly();
    }
  }
}
