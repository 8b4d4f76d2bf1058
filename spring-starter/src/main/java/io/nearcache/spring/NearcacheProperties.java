package io.nearcache.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nearcache.*} configuration of a Spring Boot application: the same keys as the
 * provider's {@code nearcache.properties}, bound with Spring's relaxed rules (YAML, environment
 * variables, {@code 30s}-style durations, {@code 64MB}-style sizes) and handed to the provider when
 * the CacheManager is created. Keys the starter has no field for are handed over as written, so the
 * provider validates them too.
 */
@ConfigurationProperties(prefix = NearcacheProperties.PREFIX)
public class NearcacheProperties extends NearcacheSettings {
  /** The prefix of every property. */
  public static final String PREFIX = "nearcache";

  /**
   * The memcached nodes of each zone (every zone holds a full copy of the data), as host:port
   * lists: nearcache.zones.a=10.0.1.1:11211,10.0.1.2:11211. No zones: the caches run on the near
   * tier alone.
   */
  private Map<String, List<String>> zones = new LinkedHashMap<>();

  /**
   * This JVM's zone, the one it reads first. Default: the NEARCACHE_ZONE environment variable, else
   * the primary zone.
   */
  private String localZone;

  /**
   * The zone that arbitrates conditional writes while it answers. Default: the first zone name in
   * sort order.
   */
  private String primaryZone;

  /**
   * Settings of single caches, by cache name, overriding those for every cache:
   * nearcache.caches.users.near.maximum-size=5000. Cache names containing dots go in brackets:
   * nearcache.caches[com.example.Book].near.maximum-size=5000.
   */
  private Map<String, NearcacheSettings> caches = new LinkedHashMap<>();

  /**
   * Separate memcached server pools, each with zones of its own, by pool name:
   * nearcache.pools.sessions.zones.a=10.0.1.5:11211,10.0.1.6:11211. A cache's entries go to a pool
   * with nearcache.caches.<cache>.pool; the zones of nearcache.zones are the pool "default".
   */
  private Map<String, Pool> pools = new LinkedHashMap<>();

  private final Gutter gutter = new Gutter();

  /** Creates the properties with the starter's defaults: statistics on. */
  public NearcacheProperties() {
    getStatistics().setEnabled(Boolean.TRUE);
  }

  /** The memcached nodes of each zone. */
  public Map<String, List<String>> getZones() {
    return zones;
  }

  /** Sets the memcached nodes of each zone. */
  public void setZones(Map<String, List<String>> zones) {
    this.zones = zones;
  }

  /** This JVM's zone, or null for the default. */
  public String getLocalZone() {
    return localZone;
  }

  /** Sets this JVM's zone. */
  public void setLocalZone(String localZone) {
    this.localZone = localZone;
  }

  /** The zone that arbitrates conditional writes, or null for the default. */
  public String getPrimaryZone() {
    return primaryZone;
  }

  /** Sets the zone that arbitrates conditional writes. */
  public void setPrimaryZone(String primaryZone) {
    this.primaryZone = primaryZone;
  }

  /** Settings of single caches, by cache name. */
  public Map<String, NearcacheSettings> getCaches() {
    return caches;
  }

  /** Sets the settings of single caches. */
  public void setCaches(Map<String, NearcacheSettings> caches) {
    this.caches = caches;
  }

  /** Separate server pools, by pool name. */
  public Map<String, Pool> getPools() {
    return pools;
  }

  /** Sets the separate server pools. */
  public void setPools(Map<String, Pool> pools) {
    this.pools = pools;
  }

  /** The gutter pool that takes a down node's operations. */
  public Gutter getGutter() {
    return gutter;
  }

  /** A server pool with zones of its own. */
  public static class Pool {
    /**
     * The memcached nodes of each zone of the pool, as host:port lists. The pool's local and
     * primary zones are nearcache.local-zone and nearcache.primary-zone when it has them, else its
     * first zone.
     */
    private Map<String, List<String>> zones = new LinkedHashMap<>();

    /** The memcached nodes of each zone of the pool. */
    public Map<String, List<String>> getZones() {
      return zones;
    }

    /** Sets the memcached nodes of each zone of the pool. */
    public void setZones(Map<String, List<String>> zones) {
      this.zones = zones;
    }
  }

  /** The gutter pool (for the whole CacheManager). */
  public static class Gutter {
    /**
     * The gutter pool's memcached nodes (host:port): while a node is down its operations go there,
     * with short TTLs, instead of failing. Default: none.
     */
    private List<String> servers = new ArrayList<>();

    /** The longest TTL of a gutter item. Whole milliseconds. Default: 10s. */
    private Duration ttl;

    /** The gutter pool's nodes. */
    public List<String> getServers() {
      return servers;
    }

    /** Sets the gutter pool's nodes. */
    public void setServers(List<String> servers) {
      this.servers = servers;
    }

    /** The longest TTL of a gutter item; null leaves the default. */
    public Duration getTtl() {
      return ttl;
    }

    /** Sets the longest TTL of a gutter item. */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }
}
