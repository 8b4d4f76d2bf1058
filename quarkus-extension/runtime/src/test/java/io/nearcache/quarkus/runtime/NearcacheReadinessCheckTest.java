package io.nearcache.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The readiness response for each state of the remote tier: only "no node of a pool answers" with
 * {@code require-remote} on is DOWN, and a second pool's state counts as the default pool's does.
 * (The checks against real memcached are in the deployment module's RemoteTierTest and
 * PoolsReadinessTest.)
 */
class NearcacheReadinessCheckTest {
  private static final NodeHealth A1 =
      new NodeHealth(new NodeAddress("10.0.0.1", 11211), true, 0, 0L, null);
  private static final NodeHealth A2 =
      new NodeHealth(new NodeAddress("10.0.0.2", 11211), true, 0, 0L, null);
  private static final NodeHealth B1_DOWN =
      new NodeHealth(new NodeAddress("10.0.1.1", 11211), false, 3, 1L, "timed out");

  @Test
  void embeddedIsUp() {
    HealthCheckResponse response = NearcacheReadinessCheck.response(RemoteHealth.EMBEDDED, Map.of(), true);
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
    HealthCheckResponse response = onePool(health, true);
    assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    Map<String, Object> data = response.getData().orElseThrow();
    assertEquals(Set.of("remote", "zone.a", "zone.b"), data.keySet(), "no pool data for one pool");
    assertEquals("DEGRADED", data.get("remote"));
    assertEquals("1/1 nodes up, local, primary", data.get("zone.a"));
    assertEquals("0/1 nodes up; down: 10.0.1.1:11211 (timed out)", data.get("zone.b"));
  }

  @Test
  void aTierWithNoNodeUpIsDownOnlyWhenTheRemoteTierIsRequired() {
    RemoteHealth down =
        new RemoteHealth(List.of(new ZoneHealth("b", true, true, List.of(B1_DOWN))));
    assertEquals(HealthCheckResponse.Status.UP, onePool(down, false).getStatus());
    assertEquals(HealthCheckResponse.Status.DOWN, onePool(down, true).getStatus());
  }

  @Test
  void aSecondPoolsLostNodeDegradesTheTierAndIsNamedWhileTheDefaultPoolStaysUp() {
    RemoteHealth defaultPool =
        new RemoteHealth(List.of(new ZoneHealth("a", true, true, List.of(A1))));
    RemoteHealth sessions =
        new RemoteHealth(
            List.of(
                new ZoneHealth("a", true, true, List.of(A2)),
                new ZoneHealth("b", false, false, List.of(B1_DOWN))));
    HealthCheckResponse response =
        NearcacheReadinessCheck.response(
            defaultPool, pools(defaultPool, "sessions", sessions), true);
    assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    Map<String, Object> data = response.getData().orElseThrow();
    assertEquals("DEGRADED", data.get("remote"));
    assertEquals("1/1 nodes up, local, primary", data.get("zone.a"), "the default pool's zone");
    assertEquals("UP", data.get("pool.default"));
    assertEquals("1/1 nodes up, local, primary", data.get("pool.default.zone.a"));
    assertEquals("DEGRADED", data.get("pool.sessions"));
    assertEquals("1/1 nodes up, local, primary", data.get("pool.sessions.zone.a"));
    assertEquals(
        "0/1 nodes up; down: 10.0.1.1:11211 (timed out)", data.get("pool.sessions.zone.b"));
  }

  @Test
  void aSecondPoolWithNoNodeUpIsDownAsTheDefaultPoolWouldBe() {
    RemoteHealth defaultPool =
        new RemoteHealth(List.of(new ZoneHealth("a", true, true, List.of(A1))));
    RemoteHealth sessions =
        new RemoteHealth(List.of(new ZoneHealth("b", true, true, List.of(B1_DOWN))));
    Map<String, RemoteHealth> pools = pools(defaultPool, "sessions", sessions);
    HealthCheckResponse kept = NearcacheReadinessCheck.response(defaultPool, pools, false);
    assertEquals(HealthCheckResponse.Status.UP, kept.getStatus());
    assertEquals("DOWN", kept.getData().orElseThrow().get("remote"));
    assertEquals("DOWN", kept.getData().orElseThrow().get("pool.sessions"));
    assertEquals(
        HealthCheckResponse.Status.DOWN,
        NearcacheReadinessCheck.response(defaultPool, pools, true).getStatus());
  }

  private static HealthCheckResponse onePool(RemoteHealth health, boolean requireRemote) {
    return NearcacheReadinessCheck.response(health, Map.of("default", health), requireRemote);
  }

  private static Map<String, RemoteHealth> pools(
      RemoteHealth defaultPool, String name, RemoteHealth other) {
    Map<String, RemoteHealth> pools = new LinkedHashMap<>();
    pools.put("default", defaultPool);
    pools.put(name, other);
    return pools;
  }
}
