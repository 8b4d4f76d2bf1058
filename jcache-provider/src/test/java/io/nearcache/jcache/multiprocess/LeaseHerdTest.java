package io.nearcache.jcache.multiprocess;

import static io.nearcache.jcache.coherence.CoherenceFixture.requireOwnConfiguration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedCluster;
import io.nearcache.testsupport.MemcachedClusterExtension;
import io.nearcache.testsupport.herd.HerdRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, leases across JVMs: reader JVMs in two zones hammer one hot key through a 20 ms loader
 * while another JVM removes it every 100 ms. With leases, about one load per removal fleet-wide;
 * without, every reader JVM loads after each removal. Every read returns a value loaded for the
 * key. The full-size figures (4 JVMs x 16 threads, 30 s) come from {@code benchmarks/run-herd.sh}.
 */
class LeaseHerdTest {
  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2).nodesPerZone(1);

  @TempDir Path temp;

  @Test
  void leasesKeepLoadsNearOnePerRemovalAcrossJvms() throws Exception {
    requireOwnConfiguration();
    HerdRun.Result on = herd("on", true);
    HerdRun.Result off = herd("off", false);
    System.out.printf(
        "Herd of 3 reader JVMs x 8 threads, 20 ms loader, removal every 100 ms for 4 s:%n"
            + "  leases on:  %d loads / %d removals = %.2f per removal (%d reads; %d leases,"
            + " %d expired waits, %d remote failures)%n"
            + "  leases off: %d loads / %d removals = %.2f per removal (%d reads)%n",
        on.loads(), on.removals(), on.loadsPerRemoval(), on.gets(),
        on.leasesGranted(), on.leaseWaitsExpired(), on.remoteFailures(),
        off.loads(), off.removals(), off.loadsPerRemoval(), off.gets());

    for (HerdRun.Result result : new HerdRun.Result[] {on, off}) {
      assertEquals(0, result.errors(), "no read threw");
      assertEquals(0, result.wrong(), "every read returned a value loaded for the key");
      assertTrue(result.removals() >= 10, "the remover ran: " + result);
    }
    // Every load with leases is accounted for: the holder of a lease (a removal ends at most one
    // lease, so at most one grant per removal plus the first fill), or a caller whose wait for
    // another's lease ran out, or one whose lease request failed. This holds however loaded the
    // machine is; the ratio itself (0.74 at full size in benchmarks/run-herd.sh, against a 1.1
    // target) is a benchmark figure. Without leases each of the 3 JVMs may load after every
    // removal, so leases must save loads.
    assertTrue(on.leasesGranted() <= on.removals() + 1, "one lease per removal: " + on);
    assertTrue(
        on.loads() <= on.leasesGranted() + on.leaseWaitsExpired() + on.remoteFailures(),
        "every load held a lease or followed an expired wait or a failure: " + on);
    assertEquals(0, off.leasesGranted(), "leases off: " + off);
    assertTrue(off.loadsPerRemoval() > on.loadsPerRemoval(), "leases off: " + off);
  }

  private HerdRun.Result herd(String name, boolean leases) throws Exception {
    MemcachedCluster cluster = memcached.cluster();
    cluster.flushAll();
    Map<String, String> zones = new LinkedHashMap<>();
    for (String zone : cluster.zones()) {
      zones.put(zone, cluster.serversProperty(zone));
    }
    return new HerdRun(zones, temp.resolve(name))
        .readers(3, 8)
        .runTime(Duration.ofSeconds(4))
        .loaderTime(Duration.ofMillis(20))
        .removePeriod(Duration.ofMillis(100))
        .property("leases.enabled", Boolean.toString(leases))
        .run();
  }
}
