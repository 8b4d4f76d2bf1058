package io.nearcache.jcache.config;

import java.util.List;
import java.util.Map;

/**
 * The memcached zones of a CacheManager.
 *
 * @param zones every zone's {@code host:port} nodes, zones in name order
 * @param localZone the zone this JVM reads first
 * @param primaryZone the zone that arbitrates writes while it is reachable
 * @param localZoneConfigured false when no local zone was given and the primary stands in
 */
public record Topology(
    Map<String, List<String>> zones, String localZone, String primaryZone, boolean localZoneConfigured) {}
