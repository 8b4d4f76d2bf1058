package io.nearcache.benchmarks;

import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.testsupport.MemcachedCluster;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Mixed reads and writes from two provider JVMs sharing memcached: Zipf(0.99) over {@code keys}
 * keys, 95/5 and then 80/20 reads/writes, each JVM with its own near tier (10% of the keys) in
 * front of one memcached zone this process starts. Reports throughput, hit ratios per tier, the
 * invalidation lag the providers measured, and reads that returned a value older than a write that
 * had completed more than the coherence bound ({@code 2 × poll-interval + 50 ms}) before the read
 * began: stale reads after the bound, which must be 0.
 *
 * <p>Arguments: {@code [seconds] [keys] [threadsPerJvm] [output.json]}.
 */
public final class MixedWorkload {
  /** The default coherence bound: 2 × 100 ms poll interval + 50 ms. */
  static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private static final int JVMS = 2;

  private MixedWorkload() {}

  /** Runs 95/5 and 80/20 and prints, and optionally writes, the figures. */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path output = args.length > 3 ? Path.of(args[3]) : null;
    Path work = Files.createTempDirectory("nearcache-mixed");
    List<String> records = new ArrayList<>();
    try (MemcachedCluster cluster =
        MemcachedCluster.builder()
            .zones(1)
            .nodesPerZone(1)
            .threads(1)
            .memoryMegabytes(256)
            .start()) {
      for (int writePercent : new int[] {5, 20}) {
        cluster.flushAll();
        // flush_all also drops items stored within the same second: let that second pass first.
        TimeUnit.MILLISECONDS.sleep(1_100);
        String record = run(cluster, work.resolve("w" + writePercent), seconds, keys, threads,
            writePercent);
        System.out.println(record);
        records.add(record);
      }
    }
    if (output != null) {
      Files.writeString(output, "[\n  " + String.join(",\n  ", records) + "\n]\n",
          StandardCharsets.UTF_8);
      System.out.println("Results written to " + output);
    }
  }

  private static String run(
      MemcachedCluster cluster, Path directory, int seconds, int keys, int threads,
      int writePercent) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path start = directory.resolve("start");
    String zone = cluster.zones().get(0);
    List<Worker> workers = new ArrayList<>();
    try {
      for (int id = 0; id < JVMS; id++) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dnearcache.zones." + zone + "=" + cluster.serversProperty(zone));
        command.add("-Dnearcache.local-zone=" + zone);
        command.add("-Dnearcache.remote.timeout=" + LocalMemcached.REMOTE_TIMEOUT);
        command.add("-Dnearcache.near.maximum-size=" + Math.max(1, keys / 10));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MixedWorker.class.getName());
        command.addAll(List.of(Integer.toString(id), Integer.toString(JVMS),
            Integer.toString(threads), Integer.toString(keys), Integer.toString(writePercent),
            Long.toString(seconds * 1000L), start.toString(), directory.toString()));
        if (id == 0) {
          command.add("preload");
        }
        Path out = directory.resolve("worker-" + id + ".out");
        Path err = directory.resolve("worker-" + id + ".err");
        workers.add(new Worker("worker-" + id,
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start(), out, err));
        // The first worker preloads; the second starts once the keys are there.
        workers.get(id).await("READY", Duration.ofSeconds(120));
      }
      Files.createFile(start);
      long reads = 0;
      long writes = 0;
      long errors = 0;
      long nearHits = 0;
      long remoteHits = 0;
      long remoteMisses = 0;
      long invalidations = 0;
      long maxLag = 0;
      long[] lag = new long[CoherenceMetrics.LAG_BOUNDS_MILLIS.length + 1];
      for (Worker worker : workers) {
        worker.await("DONE", Duration.ofSeconds(seconds + 120L));
        reads += worker.count("READS");
        writes += worker.count("WRITES");
        errors += worker.count("ERRORS");
        nearHits += worker.count("NEAR_HITS");
        remoteHits += worker.count("REMOTE_HITS");
        remoteMisses += worker.count("REMOTE_MISSES");
        invalidations += worker.count("INVALIDATIONS");
        maxLag = Math.max(maxLag, worker.count("MAX_LAG_MS"));
        long[] histogram = worker.histogram();
        for (int i = 0; i < Math.min(lag.length, histogram.length); i++) {
          lag[i] += histogram[i];
        }
      }
      long[] stale = staleReads(directory, keys);
      long lookups = nearHits + remoteHits + remoteMisses;
      return String.format(
          Locale.ROOT,
          "{\"readPercent\": %d, \"writePercent\": %d, \"jvms\": %d, \"threadsPerJvm\": %d,"
              + " \"keys\": %d, \"nearMaximumSize\": %d, \"seconds\": %d, \"reads\": %d,"
              + " \"writes\": %d, \"errors\": %d, \"opsPerSecond\": %.1f,"
              + " \"nearHitRatio\": %.4f, \"remoteHitRatio\": %.4f, \"missRatio\": %.4f,"
              + " \"invalidationsApplied\": %d, \"lagBoundsMillis\": %s, \"lagHistogram\": %s,"
              + " \"lagP50Millis\": %s, \"lagP99Millis\": %s, \"maxLagMillis\": %d,"
              + " \"boundMillis\": %d, \"staleWithinBound\": %d, \"staleAfterBound\": %d,"
              + " \"emptyReads\": %d,"
              + " \"loadAverage\": \"%s\"}",
          100 - writePercent, writePercent, JVMS, threads, keys, Math.max(1, keys / 10), seconds,
          reads, writes, errors, (reads + writes) / (double) seconds,
          lookups == 0 ? 0.0 : nearHits / (double) lookups,
          lookups == 0 ? 0.0 : remoteHits / (double) lookups,
          lookups == 0 ? 0.0 : remoteMisses / (double) lookups,
          invalidations, Arrays.toString(CoherenceMetrics.LAG_BOUNDS_MILLIS), Arrays.toString(lag),
          percentile(lag, 0.5), percentile(lag, 0.99), maxLag,
          TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS), stale[0], stale[1], stale[2], loadAverage());
    } finally {
      for (Worker worker : workers) {
        worker.process.destroyForcibly();
      }
    }
  }

  /** The upper bound of the histogram bucket holding the given fraction, or "null". */
  private static String percentile(long[] histogram, double fraction) {
    long total = Arrays.stream(histogram).sum();
    if (total == 0) {
      return "null";
    }
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= fraction * total) {
        return i < CoherenceMetrics.LAG_BOUNDS_MILLIS.length
            ? Long.toString(CoherenceMetrics.LAG_BOUNDS_MILLIS[i])
            : "\">" + CoherenceMetrics.LAG_BOUNDS_MILLIS[i - 1] + "\"";
      }
    }
    return "null";
  }

  /**
   * Replays the logs: for every read, the newest write of its key that had completed before the
   * read began ({@code [0]}, stale within the bound) and more than the bound before ({@code [1]});
   * reads that found nothing ({@code [2]}, every key is preloaded, so these should not happen).
   */
  static long[] staleReads(Path directory, int keys) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(directory)) {
      logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
    }
    // Every key has one writer thread, so its writes are in one log, in sequence order.
    long[][] writeEnds = new long[keys][];
    int[] writeCounts = new int[keys];
    for (Path log : logs) {
      read(log, (type, key, sequence, time) -> {
        if (type == MixedWorker.WRITE) {
          if (writeEnds[key] == null) {
            writeEnds[key] = new long[16];
          }
          if (writeCounts[key] == writeEnds[key].length) {
            writeEnds[key] = Arrays.copyOf(writeEnds[key], writeEnds[key].length * 2);
          }
          // writeEnds[key][seq - 1] = completion time of write number seq.
          writeEnds[key][writeCounts[key]++] = time;
        }
      });
    }
    long[] stale = new long[3];
    for (Path log : logs) {
      read(log, (type, key, sequence, time) -> {
        if (type == MixedWorker.READ && sequence < 0) {
          stale[2]++;
        } else if (type == MixedWorker.READ) {
          long completed = writesCompletedBefore(writeEnds[key], writeCounts[key], time);
          long completedBeyondBound =
              writesCompletedBefore(writeEnds[key], writeCounts[key], time - BOUND_NANOS);
          if (sequence < completed) {
            stale[0]++;
          }
          if (sequence < completedBeyondBound) {
            stale[1]++;
          }
        }
      });
    }
    stale[0] -= stale[1];
    return stale;
  }

  /** The highest sequence number whose write completed before {@code time}. */
  private static long writesCompletedBefore(long[] ends, int count, long time) {
    if (ends == null) {
      return 0;
    }
    int low = 0;
    int high = count;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (ends[middle] < time) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private interface RecordSink {
    void accept(byte type, int key, long sequence, long time);
  }

  private static void read(Path log, RecordSink sink) throws IOException {
    try (var in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(log), 1 << 16))) {
      while (true) {
        byte type;
        try {
          type = in.readByte();
        } catch (EOFException end) {
          return;
        }
        sink.accept(type, in.readInt(), in.readLong(), in.readLong());
      }
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
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

    long[] histogram() throws IOException {
      for (String line : lines()) {
        if (line.startsWith("LAG_HISTOGRAM")) {
          return Arrays.stream(line.substring("LAG_HISTOGRAM".length()).trim().split(" "))
              .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        }
      }
      return new long[0];
    }

    List<String> lines() throws IOException {
      return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    }

    IllegalStateException failure(String what) throws IOException {
      String stderr = Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
      return new IllegalStateException("mixed worker " + name + " " + what + "\n" + stderr);
    }
  }
}
