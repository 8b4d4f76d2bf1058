package io.nearcache.jcache.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The settings that may be given for all caches ({@code nearcache.<key>}) or for one cache
 * ({@code nearcache.caches.<cache>.<key>}). Defaults and units are documented in the README's
 * configuration reference and in {@code nearcache-reference.properties}.
 */
public enum SettingKey {
  /** Whether the cache keeps a near tier; off makes a two-tier cache remote-only. */
  NEAR_ENABLED("near.enabled", Kind.FLAG, "true"),
  /** Near-tier entries per cache; 0 means unbounded. */
  NEAR_MAXIMUM_SIZE("near.maximum-size", Kind.COUNT, "100000"),
  /** Hard cap on a near entry's life, the staleness backstop; unset means no cap. */
  NEAR_EXPIRE_AFTER_WRITE("near.expire-after-write", Kind.DURATION, null),
  /** Forces statistics on or off, overriding the JCache configuration. */
  STATISTICS_ENABLED("statistics.enabled", Kind.FLAG, null),
  /** Forces the configuration MXBean on or off, overriding the JCache configuration. */
  MANAGEMENT_ENABLED("management.enabled", Kind.FLAG, null),
  /** Forces store-by-value on or off, overriding the JCache configuration. */
  STORE_BY_VALUE("store-by-value", Kind.FLAG, null),
  /** Whether the cache uses the remote tier when zones are configured. */
  REMOTE_ENABLED("remote.enabled", Kind.FLAG, "true"),
  /** Per-operation timeout before a node counts as failed for that call. */
  REMOTE_TIMEOUT("remote.timeout", Kind.DURATION, "250ms"),
  /** How many zones acknowledge a write before it returns. */
  WRITE_ACK("write.ack", Kind.ACK, "ONE"),
  /** How often a JVM reads the invalidation journal. */
  COHERENCE_POLL_INTERVAL("coherence.poll-interval", Kind.DURATION, "100ms"),
  /** Partitions of the invalidation journal per cache. */
  COHERENCE_PARTITIONS("coherence.partitions", Kind.COUNT, "16"),
  /** An InvalidationTransport class that carries invalidations faster than polling. */
  COHERENCE_TRANSPORT("coherence.transport", Kind.TEXT, null),
  /** Leases for read-through fills. */
  LEASES_ENABLED("leases.enabled", Kind.FLAG, "true"),
  /** How long a lease lets one caller load a missing key before another may take over. */
  LEASES_TTL("leases.ttl", Kind.DURATION, "2s"),
  /** How long a caller waits for another caller's lease before it loads the key itself. */
  LEASES_WAIT("leases.wait", Kind.DURATION, "500ms"),
  /** Operations in a row that fail or time out before a node is marked down. */
  REMOTE_FAILURE_THRESHOLD("remote.failure-threshold", Kind.COUNT, "3", false),
  /** How often a node marked down is probed. */
  REMOTE_PROBE_INTERVAL("remote.probe-interval", Kind.DURATION, "1s", false),
  /** The gutter pool's nodes, which take a down node's operations; unset means none. */
  GUTTER_SERVERS("gutter.servers", Kind.NODES, null, false),
  /** The longest TTL of an item in the gutter pool. */
  GUTTER_TTL("gutter.ttl", Kind.DURATION, "10s", false),
  /**
   * How long a removal's tombstone stays in memcached; one whose copy a zone still lacks is kept
   * alive until the copy lands.
   */
  REMOTE_TOMBSTONE_TTL("remote.tombstone-ttl", Kind.DURATION, "60s"),
  /** Whether a hit found in another zone is copied into the local zone. */
  REMOTE_WARM_UP("remote.warm-up", Kind.FLAG, "true"),
  /** The largest encoded entry the remote tier accepts: memcached's item size limit. */
  REMOTE_MAX_ITEM_SIZE("remote.max-item-size", Kind.SIZE, "1023KB"),
  /** Classes, besides the built-in safe ones, that values and keys may deserialize to. */
  SERIALIZATION_ALLOW("serialization.allow", Kind.TEXT, null),
  /** The server pool whose zones hold the cache's entries; {@code default} is nearcache.zones. */
  POOL("pool", Kind.TEXT, "default"),
  /** Where node lists come from at run time: static, file:&lt;path&gt;, or a source class. */
  TOPOLOGY_SOURCE("topology.source", Kind.TEXT, "static", false),
  /** How often the topology source is asked for the node lists. */
  TOPOLOGY_REFRESH_INTERVAL("topology.refresh-interval", Kind.DURATION, "1s", false),
  /** How long after a node list change moved keys are pre-warmed from the previous ring. */
  TOPOLOGY_MIGRATION_WINDOW("topology.migration-window", Kind.DURATION, "60s", false),
  /** Whether a miss on a moved key reads its previous node and copies the value over. */
  TOPOLOGY_PREWARM("topology.prewarm", Kind.FLAG, "true", false);

  /** The value formats a key accepts. */
  enum Kind {
    COUNT(ValueParsers.COUNT_FORMAT),
    DURATION(ValueParsers.DURATION_FORMAT),
    FLAG(ValueParsers.FLAG_FORMAT),
    ACK("one of NONE, ONE, QUORUM, ALL"),
    SIZE(ValueParsers.SIZE_FORMAT),
    NODES("a comma-separated list of host:port memcached nodes"),
    TEXT("a non-empty text");

    final String allowed;

    Kind(String allowed) {
      this.allowed = allowed;
    }
  }

  private final String suffix;
  private final Kind kind;
  private final String defaultValue;
  private final boolean perCache;

  SettingKey(String suffix, Kind kind, String defaultValue) {
    this(suffix, kind, defaultValue, true);
  }

  SettingKey(String suffix, Kind kind, String defaultValue, boolean perCache) {
    this.suffix = suffix;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.perCache = perCache;
  }

  /** Whether the key may be set for one cache; false for keys of the whole CacheManager. */
  public boolean perCache() {
    return perCache;
  }

  /** The key without prefix, e.g. {@code near.maximum-size}. */
  public String suffix() {
    return suffix;
  }

  /** The default value as written in a properties file, or {@code null} when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  Kind kind() {
    return kind;
  }

  /** Returns the key whose suffix is given, if any; keys are case-sensitive. */
  static Optional<SettingKey> bySuffix(String suffix) {
    return Arrays.stream(values()).filter(k -> k.suffix.equals(suffix)).findFirst();
  }
}
