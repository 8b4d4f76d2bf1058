package io.nearcache.quarkus.runtime;

import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.StringJoiner;
import javax.cache.CacheManager;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@code nearcache}: the remote tier's status ({@code EMBEDDED}, {@code UP},
 * {@code DEGRADED}, {@code DOWN}) and, per zone, its nodes up and the nodes down. It reports DOWN
 * only when no node answers and {@code quarkus.nearcache.health.require-remote} is on: the caches
 * fail open, so an application without its remote tier still serves.
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
    return response(
        cacheManager.unwrap(NearCacheManager.class).remoteHealth(),
        config.health().requireRemote());
  }

  /** The response for a remote tier in the given state. */
  static HealthCheckResponse response(RemoteHealth health, boolean requireRemote) {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    RemoteHealth.Status status = health.status();
    response.withData("remote", status.name());
    for (ZoneHealth zone : health.zones()) {
      response.withData("zone." + zone.zone(), describe(zone));
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
