package io.nearcache.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nearcache.testsupport.MemcachedClusterExtension;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of one Quarkus application, each a JVM process of its own built as in production,
 * in two zones of real memcached: a result computed by one is served to the other from memcached
 * without running the method (plain, composite and no-argument keys), and an
 * {@code @CacheInvalidate} or {@code @CacheInvalidateAll} in one drops the other's near copy, so
 * the method runs again there.
 */
class TwoApplicationsTest {
  /** Well above the coherence bound (2 x 50 ms + 50 ms) on a loaded machine. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  @RegisterExtension
  static final MemcachedClusterExtension MEMCACHED = MemcachedClusterExtension.zones(2);

  @RegisterExtension
  static final QuarkusProdModeTest APP =
      new QuarkusProdModeTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Product.class, ProductService.class, CacheWorker.class))
          .setApplicationName("cache-worker")
          .setApplicationVersion("1")
          .overrideConfigKey("quarkus.cache.type", "nearcache")
          .overrideConfigKey("quarkus.banner.enabled", "false")
          // The build sees the test class path's extensions; their runtime artifacts must be
          // packaged too.
          .setForcedDependencies(
              List.of(
                  Dependency.of("io.quarkus", "quarkus-smallrye-health", Version.getVersion()),
                  Dependency.of(
                      "io.quarkus",
                      "quarkus-micrometer-registry-prometheus",
                      Version.getVersion())));

  @ProdBuildResults ProdModeTestResults build;

  @Test
  void resultsAndInvalidationsCrossApplications() throws Exception {
    Path jar = build.getBuiltArtifactPath();
    try (ApplicationProcess a = start(jar, "a");
        ApplicationProcess b = start(jar, "b")) {
      assertEquals("loaded 7 a calls=1", a.ask("load 7", "loaded"));
      assertEquals(
          "loaded 7 a calls=0", b.ask("load 7", "loaded"), "b is served a's result by memcached");
      awaitNearCopyKept(b, 7);

      a.ask("invalidate 7", "invalidated");
      await(b, "near 7", "near 7 false", "a's @CacheInvalidate drops b's near copy");
      assertEquals("loaded 7 b calls=1", b.ask("load 7", "loaded"), "b runs the method");
      assertEquals("loaded 7 b calls=1", a.ask("load 7", "loaded"), "a is served b's result");

      assertEquals("price 5.3 calls=1", a.ask("price sku-1 EUR", "price"));
      assertEquals("price 5.3 calls=0", b.ask("price sku-1 EUR", "price"), "a composite key");
      assertEquals("catalog a,b,c calls=1", b.ask("catalog", "catalog"));
      assertEquals("catalog a,b,c calls=0", a.ask("catalog", "catalog"), "a no-argument key");

      awaitNearCopyKept(a, 7);
      b.ask("invalidate-all", "invalidated-all");
      await(a, "near 7", "near 7 false", "b's @CacheInvalidateAll drops a's near copies");
      assertEquals("loaded 7 a calls=2", a.ask("load 7", "loaded"), "a runs the method again");

      assertEquals(0, a.quit(), a.output());
      assertEquals(0, b.quit(), b.output());
    }
  }

  private ApplicationProcess start(Path jar, String zone) throws Exception {
    return ApplicationProcess.start(
        jar,
        zone,
        "quarkus.nearcache.zones.a",
        MEMCACHED.serversProperty("a"),
        "quarkus.nearcache.zones.b",
        MEMCACHED.serversProperty("b"),
        "quarkus.nearcache.local-zone",
        zone,
        "quarkus.nearcache.coherence.poll-interval",
        "50ms",
        "quarkus.http.port",
        "0",
        "test.instance",
        zone);
  }

  /**
   * Waits until the application holds the key in its near tier for good: the journal record of the
   * write that stored the value it read may still drop its first copy, so the copy must survive 300
   * ms (six polls) after a read.
   */
  private static void awaitNearCopyKept(ApplicationProcess application, long id)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      application.ask("load " + id, "loaded");
      if (application.ask("near " + id, "near").endsWith("true")) {
        Thread.sleep(300);
        if (application.ask("near " + id, "near").endsWith("true")) {
          return;
        }
      }
    }
    fail("The near copy of " + id + " was not kept within " + BOUND);
  }

  private static void await(
      ApplicationProcess application, String command, String answer, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    String last;
    do {
      last = application.ask(command, command.split(" ")[0]);
      if (last.equals(answer)) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertTrue(false, "Within " + BOUND + ", " + what + "; last answer: " + last);
  }
}
