package io.nearcache.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The readiness response for each state of the remote tier: only "no node answers" with {@code
 * require-remote} on is DOWN. (The check against real memcached is in the deployment module's
 * RemoteTierTest.)
 */
class NearcacheReadinessCheckTest {
  private static final NodeHealth A1 =
      new NodeHealth(new NodeAddress("10.0.0.1", 11211), true, 0, 0L, null);
  private static final NodeHealth B1_DOWN =
      new NodeHealth(new NodeAddress("10.0.1.1", 11211), false, 3, 1L, "timed out");

  @Test
  void embeddedIsUp() {
    HealthCheckResponse response = NearcacheReadinessCheck.response(RemoteHealth.EMBEDDED, true);
    assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    assertEquals(Map.of("remote", "EMBEDDED"), response.getData().orElseThrow());
  }

  @Test
  void aDegradedTierIsUpAndNamesTheNodesDown() {
    RemoteHealth health =
        new RemoteHealth(
            List.of(
                new ZoneHealth("a", true, true, List.of(A1)),
                new ZoneHealth("b", false, false, List.of(B1_DOWN))));
    HealthCheckResponse response = NearcacheReadinessCheck.response(health, true);
    assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    Map<String, Object> data = response.getData().orElseThrow();
    assertEquals("DEGRADED", data.get("remote"));
    assertEquals("1/1 nodes up, local, primary", data.get("zone.a"));
    assertEquals("0/1 nodes up; down: 10.0.1.1:11211 (timed out)", data.get("zone.b"));
  }

  @Test
  void aTierWithNoNodeUpIsDownOnlyWhenTheRemoteTierIsRequired() {
    RemoteHealth down =
        new RemoteHealth(List.of(new ZoneHealth("b", true, true, List.of(B1_DOWN))));
    assertEquals(
        HealthCheckResponse.Status.UP, NearcacheReadinessCheck.response(down, false).getStatus());
    assertEquals(
        HealthCheckResponse.Status.DOWN, NearcacheReadinessCheck.response(down, true).getStatus());
  }
}
