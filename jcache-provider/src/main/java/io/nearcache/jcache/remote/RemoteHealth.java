package io.nearcache.jcache.remote;

import java.util.List;

/**
 * The remote tier of one CacheManager as its JVM sees it: every zone and node, and one overall
 * status for health checks.
 *
 * @param zones every zone in read order (the local zone first); empty when no servers are
 *     configured and the caches run on the near tier alone
 */
public record RemoteHealth(List<ZoneHealth> zones) {
  /** The remote tier's overall state. */
  public enum Status {
    /** No servers configured: the near tier alone, as intended. */
    EMBEDDED,
    /** Every node of every zone is up. */
    UP,
    /**
     * Some nodes or zones are down, but at least one node answers: keys whose nodes are down are
     * served from other zones (or are misses), and nothing fails.
     */
    DEGRADED,
    /** No node of any zone answers: every cache runs on its near tier alone until one returns. */
    DOWN;

    /**
     * The worse of this state and {@code other} (EMBEDDED, UP, DEGRADED, DOWN from best to worst),
     * for a status over several pools.
     */
    public Status worse(Status other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /** The health of a CacheManager with no remote tier. */
  public static final RemoteHealth EMBEDDED = new RemoteHealth(List.of());

  /** Copies the zone list. */
  public RemoteHealth {
    zones = List.copyOf(zones);
  }

  /** The overall state. */
  public Status status() {
    if (zones.isEmpty()) {
      return Status.EMBEDDED;
    }
    int up = 0;
    int down = 0;
    for (ZoneHealth zone : zones) {
      up += zone.nodesUp();
      down += zone.nodesDown();
    }
    if (down == 0) {
      return Status.UP;
    }
    return up == 0 ? Status.DOWN : Status.DEGRADED;
  }
}
