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
 * as this JVM sees them, for the default pool ({@code nearcache.zones}) and every other pool
 * ({@code nearcache.pools}).
 *
 * <ul>
 *   <li>{@code UP}: every node of every zone of every pool answers, or no zones are configured (the
 *       embedded near tier, reported with {@code mode: embedded});
 *   <li>{@link #DEGRADED}: some nodes or whole zones are lost, but every pool still has a node
 *       that answers. The caches keep working (keys of a lost node are read from other zones);
 *   <li>{@code DOWN}: no node of some pool answers, or the CacheManager is closed. The caches on
 *       that pool run on their near tiers alone and nothing fails, so this says a remote tier is
 *       gone, not that the application is. A pool is judged as the default pool always was: its
 *       caches have no other pool to fall back to.
 * </ul>
 *
 * <p>The details describe the default pool as they always did ({@code localZone}, {@code
 * primaryZone}, {@code nodesUp}, {@code nodesDown}, {@code zones}); with more than one pool, {@code
 * pools} describes every pool, the default pool first, each with its own {@code status}.
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
    Map<String, RemoteHealth> pools = manager.poolHealth();
    RemoteHealth.Status status = health.status();
    if (status == RemoteHealth.Status.EMBEDDED) {
      builder.up().withDetail("mode", "embedded");
      return;
    }
    for (RemoteHealth pool : pools.values()) {
      status = status.worse(pool.status());
    }
    builder.status(status(status)).withDetail("mode", "two-tier");
    builder.withDetails(pool(health));
    if (pools.size() > 1) {
      Map<String, Object> details = new LinkedHashMap<>();
      pools.forEach(
          (name, pool) -> {
            Map<String, Object> poolDetails = new LinkedHashMap<>();
            poolDetails.put("status", status(pool.status()).getCode());
            poolDetails.putAll(pool(pool));
            details.put(name, poolDetails);
          });
      builder.withDetail("pools", details);
    }
  }

  private static Status status(RemoteHealth.Status status) {
    return switch (status) {
      case EMBEDDED, UP -> Status.UP;
      case DEGRADED -> DEGRADED;
      case DOWN -> Status.DOWN;
    };
  }

  /** One pool's zones and nodes, in the shape the default pool's details always had. */
  private static Map<String, Object> pool(RemoteHealth health) {
    Map<String, Object> details = new LinkedHashMap<>();
    Map<String, Object> zones = new LinkedHashMap<>();
    int nodesUp = 0;
    int nodesDown = 0;
    for (ZoneHealth zone : health.zones()) {
      zones.put(zone.zone(), zone(zone));
      nodesUp += zone.nodesUp();
      nodesDown += zone.nodesDown();
      if (zone.local()) {
        details.put("localZone", zone.zone());
      }
      if (zone.primary()) {
        details.put("primaryZone", zone.zone());
      }
    }
    details.put("nodesUp", nodesUp);
    details.put("nodesDown", nodesDown);
    details.put("zones", zones);
    return details;
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
