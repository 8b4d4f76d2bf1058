package io.nearcache.testsupport.herd;

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
 * Runs a thundering herd with real JVM processes: {@code readers} JVMs, each with {@code threads}
 * threads reading the hot key through a slow loader, spread over the zones, and one JVM removing
 * the key every {@code removePeriod}; all start together and run for {@code runTime}. Every wait is
 * bounded; a worker that fails is reported with its standard error.
 */
public final class HerdRun {
  /**
   * What one run counted.
   *
   * @param loads loader calls in every reader JVM
   * @param removals removals made by the remover
   * @param gets reads that returned
   * @param wrong reads that returned null or a value not written for the key
   * @param errors reads that threw
   * @param leasesGranted leases the reader JVMs took to load the key
   * @param leaseWaitsExpired waits for another caller's lease that ran out, each followed by a load
   * @param remoteFailures remote operations of the readers that failed or timed out
   */
  public record Result(
      long loads,
      long removals,
      long gets,
      long wrong,
      long errors,
      long leasesGranted,
      long leaseWaitsExpired,
      long remoteFailures) {
    /** Loader calls per removal: 1 is the floor, one load per invalidation. */
    public double loadsPerRemoval() {
      return removals == 0 ? Double.NaN : (double) loads / removals;
    }
  }

  private final Map<String, String> zones;
  private final Path directory;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private int readers = 4;
  private int threads = 16;
  private Duration runTime = Duration.ofSeconds(30);
  private Duration loaderTime = Duration.ofMillis(20);
  private Duration removePeriod = Duration.ofMillis(100);

  /**
   * A run against the given zones.
   *
   * @param zones every zone's {@code nearcache.zones.<zone>} value, by zone name
   * @param directory where the workers' output and the start file go
   */
  public HerdRun(Map<String, String> zones, Path directory) {
    this.zones = new LinkedHashMap<>(requireNonNull(zones, "zones"));
    this.directory = requireNonNull(directory, "directory");
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("A herd needs at least one zone");
    }
  }

  /** Reader JVMs and threads in each. */
  public HerdRun readers(int jvms, int threadsEach) {
    this.readers = jvms;
    this.threads = threadsEach;
    return this;
  }

  /** How long the herd runs. */
  public HerdRun runTime(Duration time) {
    this.runTime = requireNonNull(time);
    return this;
  }

  /** How long one loader call takes. */
  public HerdRun loaderTime(Duration time) {
    this.loaderTime = requireNonNull(time);
    return this;
  }

  /** How often the remover removes the hot key. */
  public HerdRun removePeriod(Duration period) {
    this.removePeriod = requireNonNull(period);
    return this;
  }

  /** A further {@code nearcache.*} property for every worker, e.g. {@code leases.enabled}. */
  public HerdRun property(String key, String value) {
    properties.put(requireNonNull(key), requireNonNull(value));
    return this;
  }

  /** Starts every worker, runs the herd and returns the counts. */
  public Result run() throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path start = directory.resolve("start");
    Files.deleteIfExists(start);
    List<String> zoneNames = new ArrayList<>(zones.keySet());
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < readers; i++) {
        workers.add(
            launch("reader-" + i, zoneNames.get(i % zoneNames.size()), "reader", threads, start));
      }
      workers.add(
          launch(
              "remover",
              zoneNames.get(readers % zoneNames.size()),
              "remover",
              (int) removePeriod.toMillis(),
              start));
      for (Worker worker : workers) {
        worker.await("READY", Duration.ofSeconds(60));
      }
      Files.createFile(start);
      Duration finish = runTime.plusSeconds(60);
      long loads = 0;
      long removals = 0;
      long gets = 0;
      long wrong = 0;
      long errors = 0;
      long granted = 0;
      long expired = 0;
      long failures = 0;
      for (Worker worker : workers) {
        worker.await("DONE", finish);
        loads += worker.count("LOADS");
        removals += worker.count("REMOVALS");
        gets += worker.count("GETS");
        wrong += worker.count("WRONG");
        errors += worker.count("ERRORS");
        granted += worker.count("LEASES_GRANTED");
        expired += worker.count("LEASE_WAITS_EXPIRED");
        failures += worker.count("REMOTE_FAILURES");
      }
      return new Result(loads, removals, gets, wrong, errors, granted, expired, failures);
    } finally {
      for (Worker worker : workers) {
        worker.process.destroyForcibly();
      }
    }
  }

  private Worker launch(String name, String zone, String role, int threadsOrPeriod, Path start)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    zones.forEach((z, servers) -> command.add("-Dnearcache.zones." + z + "=" + servers));
    command.add("-Dnearcache.local-zone=" + zone);
    properties.forEach((key, value) -> command.add("-Dnearcache." + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HerdWorker.class.getName());
    command.add(role);
    command.add(Integer.toString(threadsOrPeriod));
    command.add(Long.toString(runTime.toMillis()));
    command.add(Long.toString(loaderTime.toMillis()));
    command.add(start.toString());
    Path out = directory.resolve(name + ".out");
    Path err = directory.resolve(name + ".err");
    Process process =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Worker(name, process, out, err);
  }

  private record Worker(String name, Process process, Path out, Path err) {
    void await(String line, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!lines().contains(line)) {
        if (!process.isAlive() && !lines().contains(line)) {
          throw failure("exited with " + process.exitValue() + " before printing " + line);
        }
        if (System.nanoTime() > deadline) {
          throw failure("did not print " + line + " within " + timeout.toSeconds() + " s");
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }

    long count(String name) throws IOException {
      for (String line : lines()) {
        if (line.startsWith(name + " ")) {
          return Long.parseLong(line.substring(name.length() + 1).trim());
        }
      }
      return 0;
    }

    List<String> lines() throws IOException {
      return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    }

    IllegalStateException failure(String what) throws IOException {
      String stderr = Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
      return new IllegalStateException("herd worker " + name + " " + what + "\n" + stderr);
    }
  }
}
