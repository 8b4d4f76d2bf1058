package io.nearcache.jcache.multiprocess;

import io.nearcache.testsupport.MemcachedCluster;
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
 * A {@link CoherenceWorker} running in its own JVM, in one zone of a test cluster: commands go to
 * its standard input, its answers are read line by line from its standard output. Every wait is
 * bounded; a failure quotes the worker's standard error.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path stderr;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerProcess(String name, Process process, Path stderr) {
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

  /**
   * Starts a worker JVM in {@code zone} on the cache and waits until it is ready.
   *
   * @param keysAndValues further {@code nearcache.*} system properties, alternating keys and values
   */
  static WorkerProcess start(
      MemcachedCluster cluster,
      String zone,
      String cache,
      Path directory,
      String name,
      String... keysAndValues)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    for (String z : cluster.zones()) {
      command.add("-D" + MemcachedCluster.ZONES_PREFIX + z + "=" + cluster.serversProperty(z));
    }
    command.add("-D" + MemcachedCluster.LOCAL_ZONE + "=" + zone);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      command.add("-D" + keysAndValues[i] + "=" + keysAndValues[i + 1]);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CoherenceWorker.class.getName());
    command.add(cache);
    Path stderr = directory.resolve(name + ".stderr");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    WorkerProcess worker = new WorkerProcess(name, process, stderr);
    try {
      worker.expect("READY", START_TIMEOUT);
    } catch (RuntimeException | Error e) {
      worker.close();
      throw e;
    }
    return worker;
  }

  /** Sends one command. */
  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " does not take commands: " + e + "\n" + stderr(), e);
    }
  }

  /** Sends a command and returns the rest of the answer line that starts with {@code answer}. */
  String ask(String command, String answer) {
    send(command);
    return expect(answer, ANSWER_TIMEOUT);
  }

  /**
   * The next line starting with {@code prefix}, without the prefix and its space; lines before it
   * are skipped. Fails when none comes within the timeout.
   */
  String expect(String prefix, Duration timeout) {
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

  /**
   * Waits until the worker holds {@code key = value} in its near tier for good: it reads the key
   * until it gets the value, and then the copy must survive 300 ms (three polls), so the journal
   * record of the write that stored it has been dealt with.
   */
  void awaitCached(String key, String value) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (value.equals(ask("GET " + key, "VALUE")) && "true".equals(ask("NEAR " + key, "NEAR"))) {
        sleep(300);
        if ("true".equals(ask("NEAR " + key, "NEAR"))) {
          return;
        }
      } else {
        sleep(20);
      }
    }
    throw new AssertionError(name + " did not keep " + key + "=" + value + " cached within 10 s");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Freezes the JVM (SIGSTOP), as a long GC pause or a stopped container would. */
  void pause() {
    signal("STOP");
  }

  /** Thaws the JVM (SIGCONT). */
  void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        kill.destroyForcibly();
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed for " + name);
      }
    } catch (IOException e) {
      throw new AssertionError("kill -" + signal + " failed for " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The worker's standard error so far. */
  String stderr() {
    try {
      return name + " stderr:\n" + Files.readString(stderr);
    } catch (IOException e) {
      return name + " stderr unreadable: " + e;
    }
  }

  /** Asks the worker to exit; kills it if it has not within 10 seconds. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        signal("CONT");
        send("EXIT");
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (AssertionError e) {
      // it is gone already
    } finally {
      process.destroyForcibly();
    }
  }
}
