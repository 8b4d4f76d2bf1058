package io.nearcache.samples.zones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: the demo in short mode, as CI runs it, checked from its own report: every scene
 * happened, failover and invalidation were observed, and no caller saw an error.
 */
class ZoneDemoTest {
  @TempDir Path reports;

  @Test
  void shortRunPlaysEveryScene() throws Exception {
    assertTrue(
        MemcachedCluster.isInstalled(),
        "the zone demo needs memcached: " + MemcachedCluster.installHint());
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    DemoReport report =
        ZoneDemo.run(true, false, reports, new PrintStream(screen, true, StandardCharsets.UTF_8));
    String json = Files.readString(reports.resolve("zone-demo-report.json"));
    String html = Files.readString(reports.resolve("zone-demo-report.html"));

    assertTrue(json.contains("\"mode\": \"zones\""), json.lines().limit(5).toList().toString());
    assertTrue(json.contains("\"errors\": 0, \"wrong\": 0"), "no caller saw an error");
    assertEquals(0, report.errors());
    for (String scene : new String[] {"warm-up", "invalidation", "node-killed", "zone-killed",
        "restart", "herd"}) {
      assertTrue(json.contains("\"id\": \"" + scene + "\""), "scene " + scene + " happened");
    }
    String invalidation = sceneLine(json, "invalidation");
    assertTrue(
        Pattern.compile("zone b saw the new value after\": \"\\[\\d+ ms, \\d+ ms, \\d+ ms\\]")
            .matcher(invalidation)
            .find(),
        "invalidation observed in zone b: " + invalidation);
    assertTrue(invalidation.contains("zone c saw it after"), invalidation);

    String node = sceneLine(json, "node-killed");
    assertTrue(node.contains("\"app-a sees zone a as\": \"1/2 nodes up\""), "failover: " + node);
    assertTrue(node.contains("\"errors seen by callers\": \"0\""), node);
    String zone = sceneLine(json, "zone-killed");
    assertTrue(zone.contains("\"app-b sees zone b as\": \"0/2 nodes up\""), "fallback: " + zone);
    assertTrue(zone.contains("\"errors seen by callers\": \"0\""), zone);
    String restart = sceneLine(json, "restart");
    assertTrue(restart.contains("\"app-a sees zone a as\": \"2/2 nodes up\""), restart);

    String herd = sceneLine(json, "herd");
    Matcher perRemoval = Pattern.compile("loads per removal\": \"([0-9.]+)\"").matcher(herd);
    assertTrue(perRemoval.find(), herd);
    // A safety bound for a short demo on a shared machine: 12 threads in 3 JVMs without leases
    // cost up to 3 loads per removal. The product's target (at most 1.1) is judged at full size
    // by benchmarks/run-herd.sh; the README quotes that figure with its results file.
    assertTrue(Double.parseDouble(perRemoval.group(1)) <= 1.5, "leases hold the herd: " + herd);

    assertTrue(html.contains("<svg") && html.contains("node-killed"), "charts with scenes");
    assertTrue(screen.toString(StandardCharsets.UTF_8).contains("zone-demo-report.html"));
  }

  @Test
  void withoutMemcachedItRunsTheNearTierAloneAndSaysHowToGetZones() throws Exception {
    String previous = System.getProperty("nearcache-test.memcached");
    System.setProperty("nearcache-test.memcached", reports.resolve("no-memcached").toString());
    try {
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      DemoReport report =
          ZoneDemo.run(true, false, reports, new PrintStream(screen, true, StandardCharsets.UTF_8));
      String text = screen.toString(StandardCharsets.UTF_8);
      String json = Files.readString(reports.resolve("zone-demo-report.json"));

      assertTrue(text.contains("install"), text);
      assertTrue(json.contains("\"mode\": \"embedded\""));
      assertTrue(json.contains("\"id\": \"embedded\""));
      assertTrue(Pattern.compile("\"gets\": [1-9]").matcher(json).find(), "the workload ran");
      assertEquals(0, report.errors());
    } finally {
      if (previous == null) {
        System.clearProperty("nearcache-test.memcached");
      } else {
        System.setProperty("nearcache-test.memcached", previous);
      }
    }
  }

  private static String sceneLine(String json, String id) {
    return json.lines()
        .filter(line -> line.contains("\"id\": \"" + id + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no scene " + id));
  }
}
