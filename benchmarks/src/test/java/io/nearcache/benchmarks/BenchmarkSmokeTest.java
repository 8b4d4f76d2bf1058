package io.nearcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, as briefly as JMH allows (one fork, no warmup, one short iteration,
 * one value of each size parameter), to prove that each one still starts, checks its data and
 * produces a result. The numbers are not looked at: this is not a measurement.
 */
class BenchmarkSmokeTest {

  private static Collection<RunResult> run(String benchmark, ChainedOptionsBuilder options)
      throws RunnerException {
    return new Runner(
            options
                .include("^" + BenchmarkSmokeTest.class.getPackageName() + "\\." + benchmark)
                .forks(1)
                // Replaces the benchmarks' own fixed, pre-touched heaps (up to 2 GB) and skips the
                // optimizing compiler: a smoke run needs neither, and both cost seconds per fork.
                .jvmArgsAppend("-Xmx512m", "-XX:TieredStopAtLevel=1")
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .timeout(TimeValue.seconds(60))
                .shouldFailOnError(true)
                .build())
        .run();
  }

  private static void assertResults(int expected, Collection<RunResult> results) {
    assertEquals(expected, results.size(), "one result per configuration");
    for (RunResult result : results) {
      assertTrue(
          result.getPrimaryResult().getScore() > 0,
          () -> result.getParams().getBenchmark() + " scored nothing");
    }
  }

  @Test
  void nearHitEveryImplementation() throws RunnerException {
    assertResults(
        5,
        run(
            "NearHitBenchmark.hit1Thread",
            new OptionsBuilder().param("size", "16384").param("distribution", "zipf")));
  }

  @Test
  void remoteGetEveryMode() throws RunnerException {
    // latency and throughput for raw-socket, spymemcached-sync and nearcache; pipelined for
    // spymemcached-async, nearcache-async and spymemcached-async-same-bytes.
    assertResults(9, run("RemoteGetBenchmark", new OptionsBuilder().param("size", "256")));
  }

  @Test
  void bulkGetEveryImplementation() throws RunnerException {
    // getAll, getBulk, getBulk of nearcache's own items, and single gets through either client
    assertResults(
        5,
        run(
            "BulkGetBenchmark",
            new OptionsBuilder().param("batch", "10").param("size", "256")));
  }

  @Test
  void pairedBulkGetTimesEveryImplementationInOneTrial() throws RunnerException {
    Collection<RunResult> results =
        run(
            "PairedBulkGetBenchmark",
            new OptionsBuilder().param("batch", "10").param("size", "256"));
    assertResults(1, results);
    Map<String, Result> counters = results.iterator().next().getSecondaryResults();
    for (String counter :
        List.of("nearcacheGetAllMicros", "getBulkMicros", "getBulkSameBytesMicros", "batchesEach")) {
      assertTrue(counters.containsKey(counter), () -> counter + " missing from " + counters.keySet());
      assertTrue(counters.get(counter).getScore() > 0, () -> counter + " counted nothing");
    }
  }

  @Test
  void pairedPipelinedTimesEveryImplementationInOneTrial() throws RunnerException {
    Collection<RunResult> results =
        run(
            "PairedPipelinedBenchmark",
            new OptionsBuilder().param("size", "256").param("gets", "200"));
    assertResults(1, results);
    Map<String, Result> counters = results.iterator().next().getSecondaryResults();
    for (String counter :
        List.of("nearcacheAsyncMicros", "asyncMicros", "asyncSameBytesMicros", "runsEach")) {
      assertTrue(counters.containsKey(counter), () -> counter + " missing from " + counters.keySet());
      assertTrue(counters.get(counter).getScore() > 0, () -> counter + " counted nothing");
    }
  }

  @Test
  void pairedNearHitTimesBothCachesInOneTrial() throws RunnerException {
    Collection<RunResult> results =
        run("PairedNearHitBenchmark", new OptionsBuilder().param("reads", "100"));
    assertResults(1, results);
    Map<String, Result> counters = results.iterator().next().getSecondaryResults();
    for (String counter : List.of("nearcacheMicros", "caffeineMicros", "runsEach")) {
      assertTrue(counters.containsKey(counter), () -> counter + " missing from " + counters.keySet());
      assertTrue(counters.get(counter).getScore() > 0, () -> counter + " counted nothing");
    }
  }

  @Test
  void missAndLoadEveryImplementation() throws RunnerException {
    assertResults(5, run("MissLoadBenchmark", new OptionsBuilder()));
  }

  @Test
  void twoTierAgainstRemoteOnly() throws RunnerException {
    assertResults(
        2,
        run(
            "TwoTierVsRemoteBenchmark",
            new OptionsBuilder().param("nearFraction", "0", "0.1").param("size", "4096")));
  }

  @Test
  void mixedWorkloadFromTwoJvms(@TempDir Path directory) throws Exception {
    Path output = directory.resolve("mixed.json");
    MixedWorkload.main(new String[] {"1", "2000", "1", output.toString()});
    String json = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"readPercent\": 95"), json);
    assertTrue(json.contains("\"readPercent\": 80"), json);
    assertTrue(json.contains("\"errors\": 0,"), json);
    assertTrue(json.contains("\"emptyReads\": 0,"), json);
  }

  @Test
  void stalenessReplayCountsOnlyReadsOlderThanACompletedWrite(@TempDir Path directory)
      throws Exception {
    long bound = MixedWorkload.BOUND_NANOS;
    long t = TimeUnit.SECONDS.toNanos(1000);
    try (var out =
        new java.io.DataOutputStream(
            Files.newOutputStream(directory.resolve("worker-0-0.log")))) {
      write(out, MixedWorker.WRITE, 7, 1, t);
      write(out, MixedWorker.READ, 7, 0, t - 1); // before the write completed: fresh
      write(out, MixedWorker.READ, 7, 0, t + 1); // old value just after: stale within the bound
      write(out, MixedWorker.READ, 7, 0, t + bound + 1); // old value after the bound
      write(out, MixedWorker.READ, 7, 1, t + bound + 2); // new value: fresh
      write(out, MixedWorker.READ, 3, -1, t); // nothing found
    }
    long[] stale = MixedWorkload.staleReads(directory, 10);
    assertEquals(1, stale[0], "stale within the bound");
    assertEquals(1, stale[1], "stale after the bound");
    assertEquals(1, stale[2], "empty reads");
  }

  private static void write(java.io.DataOutputStream out, byte type, int key, long seq, long time)
      throws java.io.IOException {
    out.writeByte(type);
    out.writeInt(key);
    out.writeLong(seq);
    out.writeLong(time);
  }
}
