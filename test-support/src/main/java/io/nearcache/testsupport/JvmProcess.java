package io.nearcache.testsupport;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class running in a JVM of its own, with the test's class path, driven by lines: commands
 * go to its standard input, answers come back as lines of its standard output. Its standard error
 * goes to a file that every failure quotes. Every wait is bounded.
 *
 * <pre>{@code
 * try (JvmProcess worker = JvmProcess.builder("reader", ReaderMain.class)
 *         .systemProperty("nearcache.local-zone", "b")
 *         .directory(tempDir)
 *         .start("READY")) {
 *   String value = worker.ask("GET k", "VALUE");
 * }
 * }</pre>
 */
public final class JvmProcess implements AutoCloseable {
  /** How long {@link #ask(String, String)} waits for an answer. */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path stderr;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private JvmProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            name + "-stdout");
    pump.setDaemon(true);
    pump.start();
  }

  /** A builder for a JVM named {@code name} (in messages and file names) running {@code main}. */
  public static Builder builder(String name, Class<?> main) {
    return new Builder(name, main.getName());
  }

  /** The name given to the builder. */
  public String name() {
    return name;
  }

  /** Sends one command line. */
  public void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " does not take commands: " + e + "\n" + stderr(), e);
    }
  }

  /** Sends a command and returns the rest of the next line that starts with {@code answer}. */
  public String ask(String command, String answer) {
    return ask(command, answer, ANSWER_TIMEOUT);
  }

  /**
   * Sends a command and waits at most {@code timeout} for the line that starts with {@code answer}.
   */
  public String ask(String command, String answer, Duration timeout) {
    send(command);
    return expect(answer, timeout);
  }

  /**
   * The next line starting with {@code prefix}, without the prefix and the blank after it; lines
   * before it are skipped. Fails, quoting standard error, when none comes within the timeout.
   */
  public String expect(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new AssertionError(
              name
                  + " did not answer "
                  + prefix
                  + " within "
                  + timeout.toMillis()
                  + " ms"
                  + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                  + "\n"
                  + stderr());
        }
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The JVM's standard error so far. */
  public String stderr() {
    try {
      return name + " stderr:\n" + Files.readString(stderr);
    } catch (IOException e) {
      return name + " stderr unreadable: " + e;
    }
  }

  /** The process id of the JVM. */
  public long pid() {
    return process.pid();
  }

  /**
   * Closes the JVM's standard input, which a worker takes as the end; kills the JVM if it has not
   * exited within 10 seconds.
   */
  @Override
  public void close() {
    try {
      stdin.close();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // it is gone already
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.destroyForcibly();
    }
  }

  /** What a {@link JvmProcess} runs and with which settings. */
  public static final class Builder {
    private final String name;
    private final String mainClass;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmOptions =
        new ArrayList<>(List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    private final List<String> arguments = new ArrayList<>();
    private Path directory;
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder(String name, String mainClass) {
      this.name = name;
      this.mainClass = mainClass;
    }

    /** A {@code -D} system property. */
    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /** A JVM option such as {@code -Xmx256m}, after the defaults (small heap, C1, serial GC). */
    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    /** A program argument. */
    public Builder argument(String argument) {
      arguments.add(argument);
      return this;
    }

    /** Where the JVM's standard error file goes (required). */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** How long {@link #start(String)} waits for the ready line (default 90 s). */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Starts the JVM and waits until it prints a line starting with {@code readyLine}; kills it and
     * fails, quoting its standard error, if it does not in time.
     */
    public JvmProcess start(String readyLine) throws IOException {
      if (directory == null) {
        throw new IllegalStateException("JvmProcess " + name + " needs a directory for its stderr");
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass);
      command.addAll(arguments);
      Path stderr = directory.resolve(name + ".stderr");
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      JvmProcess jvm = new JvmProcess(name, process, stderr);
      try {
        jvm.expect(readyLine, startTimeout);
      } catch (RuntimeException | Error e) {
        jvm.close();
        throw e;
      }
      return jvm;
    }
  }
}
