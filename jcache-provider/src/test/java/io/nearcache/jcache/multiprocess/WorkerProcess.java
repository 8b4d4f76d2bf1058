package io.nearcache.jcache.multiprocess;

import io.nearcache.testsupport.JvmProcess;
import io.nearcache.testsupport.MemcachedCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CoherenceWorker} running in its own JVM ({@link JvmProcess}), in one zone of a test
 * cluster: commands go to its standard input, its answers are read line by line from its standard
 * output. Every wait is bounded; a failure quotes the worker's standard error.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final JvmProcess jvm;

  private WorkerProcess(JvmProcess jvm) {
    this.jvm = jvm;
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
    JvmProcess.Builder builder =
        JvmProcess.builder(name, CoherenceWorker.class)
            .jvmOption("-Xmx128m")
            .directory(directory)
            .startTimeout(START_TIMEOUT)
            .argument(cache);
    for (String z : cluster.zones()) {
      builder.systemProperty(MemcachedCluster.ZONES_PREFIX + z, cluster.serversProperty(z));
    }
    builder.systemProperty(MemcachedCluster.LOCAL_ZONE, zone);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.systemProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new WorkerProcess(builder.start("READY"));
  }

  /** Sends one command. */
  void send(String command) {
    jvm.send(command);
  }

  /** Sends a command and returns the rest of the answer line that starts with {@code answer}. */
  String ask(String command, String answer) {
    return jvm.ask(command, answer, ANSWER_TIMEOUT);
  }

  /**
   * The next line starting with {@code prefix}, without the prefix and its space; lines before it
   * are skipped. Fails when none comes within the timeout.
   */
  String expect(String prefix, Duration timeout) {
    return jvm.expect(prefix, timeout);
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
    throw new AssertionError(
        jvm.name() + " did not keep " + key + "=" + value + " cached within 10 s");
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
          new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        kill.destroyForcibly();
        throw new AssertionError("kill -" + signal + " " + jvm.pid() + " failed for " + jvm.name());
      }
    } catch (IOException e) {
      throw new AssertionError("kill -" + signal + " failed for " + jvm.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The worker's standard error so far. */
  String stderr() {
    return jvm.stderr();
  }

  /** Thaws the worker if paused and ends it: it exits at the end of its input, or is killed. */
  @Override
  public void close() {
    try {
      resume();
    } catch (AssertionError e) {
      // it is gone already
    }
    jvm.close();
  }
}
