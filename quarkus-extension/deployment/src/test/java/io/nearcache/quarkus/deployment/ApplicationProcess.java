package io.nearcache.quarkus.deployment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A built Quarkus application ({@link CacheWorker}) running in its own JVM: commands go to its
 * standard input, answers are the output lines starting with {@code >}. Every wait is bounded; a
 * failure quotes the process's output.
 */
final class ApplicationProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();

  private ApplicationProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  synchronized (output) {
                    output.add(line);
                  }
                  if (line.startsWith("> ")) {
                    answers.add(line.substring(2));
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
   * Starts the application jar with {@code -D} system properties (alternating keys and values) and
   * waits until it is ready.
   */
  static ApplicationProcess start(Path jar, String name, String... properties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx192m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    for (int i = 0; i < properties.length; i += 2) {
      command.add("-D" + properties[i] + "=" + properties[i + 1]);
    }
    command.add("-jar");
    command.add(jar.toString());
    Process process =
        new ProcessBuilder(command)
            .directory(Files.createTempDirectory("nearcache-quarkus-" + name).toFile())
            .redirectErrorStream(true)
            .start();
    ApplicationProcess application = new ApplicationProcess(name, process);
    try {
      application.expect("ready", START_TIMEOUT);
    } catch (RuntimeException | Error e) {
      application.close();
      throw e;
    }
    return application;
  }

  /** Sends a command and returns its answer, which must start with {@code prefix}. */
  String ask(String command, String prefix) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " does not take commands: " + e + "\n" + output(), e);
    }
    return expect(prefix, ANSWER_TIMEOUT);
  }

  private String expect(String prefix, Duration timeout) {
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      String answer = null;
      while (answer == null && System.nanoTime() < deadline && process.isAlive()) {
        answer = answers.poll(100, TimeUnit.MILLISECONDS);
      }
      if (answer == null) {
        answer = answers.poll();
      }
      if (answer == null || !answer.startsWith(prefix)) {
        throw new AssertionError(
            name
                + " answered "
                + answer
                + " instead of "
                + prefix
                + " within "
                + timeout.toSeconds()
                + " s"
                + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                + "\n"
                + output());
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Asks the application to stop and returns its exit code. */
  int quit() throws InterruptedException {
    try {
      stdin.write("quit\n");
      stdin.flush();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not stop within 30 s\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the application printed so far. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
