package io.nearcache.benchmarks;

import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.herd.HerdRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The thundering-herd benchmark of issue 5: reader JVMs (default 4 x 16 threads, spread over two
 * zones) read one hot key through a 20 ms CacheLoader while another JVM removes it every 100 ms,
 * for 30 s, once with leases on and once with them off, against memcached processes it starts
 * itself. Reports loader calls per removal (the floor is 1: one load per invalidation).
 *
 * <p>Arguments: {@code [seconds] [readerJvms] [threadsEach] [output.json]}.
 */
public final class HerdBenchmark {
  private HerdBenchmark() {}

  /** Runs both configurations and prints, and optionally writes, the figures. */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int jvms = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path output = args.length > 3 ? Path.of(args[3]) : null;
    Path work = Files.createTempDirectory("nearcache-herd");
    StringBuilder json = new StringBuilder("[\n");
    try (MemcachedCluster cluster = MemcachedCluster.start(2, 1)) {
      Map<String, String> zones = new LinkedHashMap<>();
      for (String zone : cluster.zones()) {
        zones.put(zone, cluster.serversProperty(zone));
      }
      for (boolean leases : new boolean[] {true, false}) {
        cluster.flushAll();
        HerdRun.Result result =
            new HerdRun(zones, work.resolve(leases ? "on" : "off"))
                .readers(jvms, threads)
                .runTime(Duration.ofSeconds(seconds))
                .loaderTime(Duration.ofMillis(20))
                .removePeriod(Duration.ofMillis(100))
                .property("leases.enabled", Boolean.toString(leases))
                .run();
        String line =
            String.format(
                Locale.ROOT,
                "leases %-3s: %d reader JVMs x %d threads, %d s: %d loads / %d removals = %.2f"
                    + " loads per removal; %d reads, %d wrong, %d errors",
                leases ? "on" : "off",
                jvms,
                threads,
                seconds,
                result.loads(),
                result.removals(),
                result.loadsPerRemoval(),
                result.gets(),
                result.wrong(),
                result.errors());
        System.out.println(line);
        json.append(
            String.format(
                Locale.ROOT,
                "  {\"leases\": %s, \"readerJvms\": %d, \"threads\": %d, \"seconds\": %d,"
                    + " \"loads\": %d, \"removals\": %d, \"loadsPerRemoval\": %.4f,"
                    + " \"gets\": %d, \"wrong\": %d, \"errors\": %d}%s%n",
                leases,
                jvms,
                threads,
                seconds,
                result.loads(),
                result.removals(),
                result.loadsPerRemoval(),
                result.gets(),
                result.wrong(),
                result.errors(),
                leases ? "," : ""));
      }
    }
    json.append("]\n");
    if (output != null) {
      Files.writeString(output, json, StandardCharsets.UTF_8);
      System.out.println("Results written to " + output);
    }
  }
}
