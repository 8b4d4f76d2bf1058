package io.nearcache.spring.actuate;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.spring.NearcacheCaches;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code nearcache} health of the application: every memcached zone with its nodes up and down,
 * as this JVM sees them.
 *
 * <ul>
 *   <li>{@code UP}: every node of every zone answers, or no zones are configured (the embedded near
 *       tier, reported with {@code mode: embedded});
 *   <li>{@link #DEGRADED}: some nodes or whole zones are lost, but at least one node answers. The
 *       caches keep working (keys of a lost node are read from other zones);
 *   <li>{@code DOWN}: no node of any zone answers, or the CacheManager is closed. The caches run on
 *       their near tiers alone and nothing fails, so this says the remote tier is gone, not that
 *       the application is.
 * </ul>
 *
 * <p>{@code DEGRADED} is not in Spring Boot's default status order, so it does not change the
 * application's aggregate status; add it to {@code management.endpoint.health.status.order} to make
 * it count.
 */
public final class NearcacheHealthIndicator extends AbstractHealthIndicator {
  /** Some nodes or zones are lost, but the remote tier still answers. */
  public static final Status DEGRADED =
      new Status(
          "DEGRADED", "some memcached nodes or zones are down; other zones serve their keys");

  private final NearcacheCaches caches;

  /** Creates the indicator over the application's nearcache caches. */
  public NearcacheHealthIndicator(NearcacheCaches caches) {
    super("nearcache health check failed");
    this.caches = requireNonNull(caches, "caches");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    NearCacheManager manager = caches.cacheManager();
    if (manager == null) {
      builder
          .unknown()
          .withDetail("reason", "the application's JCache CacheManager is not nearcache's");
      return;
    }
    if (manager.isClosed()) {
      builder
          .down()
          .withDetail("reason", "the nearcache CacheManager " + manager.getURI() + " is closed");
      return;
    }
    RemoteHealth health = manager.remoteHealth();
    RemoteHealth.Status status = health.status();
    switch (status) {
      case EMBEDDED:
        builder.up().withDetail("mode", "embedded");
        return;
      case UP:
        builder.up();
        break;
      case DEGRADED:
        builder.status(DEGRADED);
        break;
      default:
        builder.down();
        break;
    }
    builder.withDetail("mode", "two-tier");
    Map<String, Object> zones = new LinkedHashMap<>();
    int nodesUp = 0;
    int nodesDown = 0;
    for (ZoneHealth zone : health.zones()) {
      zones.put(zone.zone(), zone(zone));
      nodesUp += zone.nodesUp();
      nodesDown += zone.nodesDown();
      if (zone.local()) {
        builder.withDetail("localZone", zone.zone());
      }
      if (zone.primary()) {
        builder.withDetail("primaryZone", zone.zone());
      }
    }
    builder
        .withDetail("nodesUp", nodesUp)
        .withDetail("nodesDown", nodesDown)
        .withDetail("zones", zones);
  }

  private static Map<String, Object> zone(ZoneHealth zone) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", zone.nodesUp() == 0 ? "DOWN" : zone.complete() ? "UP" : "DEGRADED");
    details.put("local", zone.local());
    details.put("primary", zone.primary());
    details.put("nodesUp", zone.nodesUp());
    details.put("nodesDown", zone.nodesDown());
    Map<String, Object> nodes = new LinkedHashMap<>();
    for (NodeHealth node : zone.nodes()) {
      nodes.put(node.node().toString(), node(node));
    }
    details.put("nodes", nodes);
    return details;
  }

  private static Map<String, Object> node(NodeHealth node) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", node.up() ? "UP" : "DOWN");
    details.put("consecutiveFailures", node.consecutiveFailures());
    if (!node.up() && node.downSinceMillis() > 0) {
      details.put("downSince", Instant.ofEpochMilli(node.downSinceMillis()).toString());
    }
    if (node.lastFailure() != null) {
      details.put("lastFailure", node.lastFailure());
    }
    return details;
  }
}
