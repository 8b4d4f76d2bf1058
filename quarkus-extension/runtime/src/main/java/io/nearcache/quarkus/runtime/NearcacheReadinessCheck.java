package io.nearcache.quarkus.runtime;

import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.StringJoiner;
import javax.cache.CacheManager;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@code nearcache}: the remote tier's status ({@code EMBEDDED}, {@code UP},
 * {@code DEGRADED}, {@code DOWN}) and, per zone of the default pool, its nodes up and the nodes
 * down. With more than one pool, {@code pool.<pool>} gives each pool's status and {@code
 * pool.<pool>.zone.<zone>} its zones, the default pool's included. The status is the worst of all
 * pools': a pool with no node answering is {@code DOWN}, as the default pool is, since the caches
 * on it have no other pool to fall back to. The check reports DOWN only then, and only when {@code
 * quarkus.nearcache.health.require-remote} is on: the caches fail open, so an application without
 * its remote tier still serves.
 */
@Readiness
@ApplicationScoped
public class NearcacheReadinessCheck implements HealthCheck {
  /** The check's name. */
  public static final String NAME = "nearcache";

  @Inject CacheManager cacheManager;

  @Inject NearcacheRuntimeConfig config;

  @Override
  public HealthCheckResponse call() {
    if (cacheManager.isClosed()) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("remote", "the CacheManager is closed")
          .build();
    }
    NearCacheManager manager = cacheManager.unwrap(NearCacheManager.class);
    return response(manager.remoteHealth(), manager.poolHealth(), config.health().requireRemote());
  }

  /**
   * The response for a remote tier in the given state.
   *
   * @param defaultPool the default pool's health
   * @param pools every pool's health by name, the default pool first; empty without servers
   * @param requireRemote whether a pool with no node answering makes the check DOWN
   */
  static HealthCheckResponse response(
      RemoteHealth defaultPool, Map<String, RemoteHealth> pools, boolean requireRemote) {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    RemoteHealth.Status status = defaultPool.status();
    for (RemoteHealth pool : pools.values()) {
      status = status.worse(pool.status());
    }
    response.withData("remote", status.name());
    for (ZoneHealth zone : defaultPool.zones()) {
      response.withData("zone." + zone.zone(), describe(zone));
    }
    if (pools.size() > 1) {
      pools.forEach(
          (name, pool) -> {
            response.withData("pool." + name, pool.status().name());
            for (ZoneHealth zone : pool.zones()) {
              response.withData("pool." + name + ".zone." + zone.zone(), describe(zone));
            }
          });
    }
    boolean up = status != RemoteHealth.Status.DOWN || !requireRemote;
    return response.status(up).build();
  }

  private static String describe(ZoneHealth zone) {
    StringBuilder text = new StringBuilder();
    text.append(zone.nodesUp()).append('/').append(zone.nodes().size()).append(" nodes up");
    if (zone.local()) {
      text.append(", local");
    }
    if (zone.primary()) {
      text.append(", primary");
    }
    StringJoiner down = new StringJoiner(", ", "; down: ", "").setEmptyValue("");
    for (NodeHealth node : zone.nodes()) {
      if (!node.up()) {
        down.add(node.node() + (node.lastFailure() == null ? "" : " (" + node.lastFailure() + ")"));
      }
    }
    return text.append(down).toString();
  }
}
