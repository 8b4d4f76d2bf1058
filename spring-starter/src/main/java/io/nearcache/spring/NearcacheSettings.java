package io.nearcache.spring;

import io.nearcache.jcache.coherence.InvalidationTransport;
import io.nearcache.jcache.config.WriteAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The nearcache settings that apply to every cache ({@code nearcache.<key>}) or to one cache
 * ({@code nearcache.caches.<cache>.<key>}). A setting left unset is not handed to the provider, so
 * the provider's default (or, for one cache, the setting for every cache) applies; the defaults
 * named here are the provider's.
 */
public class NearcacheSettings {
  private final Near near = new Near();
  private final Statistics statistics = new Statistics();
  private final Management management = new Management();

  /**
   * Force store-by-value on or off for the caches, overriding their JCache configuration (which
   * stores by value unless told otherwise). Immutable types are never copied.
   */
  private Boolean storeByValue;

  /**
   * The server pool whose zones hold the caches' entries: default (the zones of nearcache.zones)
   * or a pool of nearcache.pools. Default: default.
   */
  private String pool;

  private final Remote remote = new Remote();
  private final Write write = new Write();
  private final Coherence coherence = new Coherence();
  private final Leases leases = new Leases();
  private final Serialization serialization = new Serialization();

  /** The near tier: the in-process Caffeine cache of every JVM. */
  public Near getNear() {
    return near;
  }

  /** JCache statistics, which the statistics MXBean and the {@code cache.*} metrics read. */
  public Statistics getStatistics() {
    return statistics;
  }

  /** The JCache configuration MXBean. */
  public Management getManagement() {
    return management;
  }

  /** Whether store-by-value is forced on or off; null leaves it to the JCache configuration. */
  public Boolean getStoreByValue() {
    return storeByValue;
  }

  /** Forces store-by-value on or off; null leaves it to the JCache configuration. */
  public void setStoreByValue(Boolean storeByValue) {
    this.storeByValue = storeByValue;
  }

  /** The server pool of the caches' entries; null leaves the default. */
  public String getPool() {
    return pool;
  }

  /** Sets the server pool of the caches' entries. */
  public void setPool(String pool) {
    this.pool = pool;
  }

  /** The remote tier: the memcached zones. */
  public Remote getRemote() {
    return remote;
  }

  /** How writes are acknowledged. */
  public Write getWrite() {
    return write;
  }

  /** Cross-JVM invalidation of near copies. */
  public Coherence getCoherence() {
    return coherence;
  }

  /** Leases for read-through fills. */
  public Leases getLeases() {
    return leases;
  }

  /** What values and keys read from memcached may deserialize to. */
  public Serialization getSerialization() {
    return serialization;
  }

  /** Near-tier settings. */
  public static class Near {
    /**
     * Whether the cache keeps a near tier. false makes a cache remote-only: every read goes to
     * memcached (requires zones). Default: true.
     */
    private Boolean enabled;

    /** Near-tier entries per cache; 0 means unbounded. Default: 100000. */
    private Long maximumSize;

    /**
     * Hard cap on a near entry's life after it was written, whatever the JCache expiry policy says:
     * the staleness backstop. Whole milliseconds. Default: no cap.
     */
    private Duration expireAfterWrite;

    /** Whether the cache keeps a near tier; null leaves the default. */
    public Boolean getEnabled() {
      return enabled;
    }

    /** Sets whether the cache keeps a near tier. */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    /** Near-tier entries per cache; null leaves the default. */
    public Long getMaximumSize() {
      return maximumSize;
    }

    /** Sets the near-tier entries per cache; 0 means unbounded. */
    public void setMaximumSize(Long maximumSize) {
      this.maximumSize = maximumSize;
    }

    /** The cap on a near entry's life; null means no cap or the setting for every cache. */
    public Duration getExpireAfterWrite() {
      return expireAfterWrite;
    }

    /** Sets the cap on a near entry's life after its write. */
    public void setExpireAfterWrite(Duration expireAfterWrite) {
      this.expireAfterWrite = expireAfterWrite;
    }
  }

  /** Statistics settings. */
  public static class Statistics {
    /**
     * Force JCache statistics on or off, overriding each cache's JCache configuration. The starter
     * turns them on for every cache unless told otherwise, so that the cache.* metrics and the
     * statistics MXBeans read real numbers.
     */
    private Boolean enabled;

    /** Whether statistics are forced on or off; null leaves the JCache configuration's choice. */
    public Boolean getEnabled() {
      return enabled;
    }

    /** Forces statistics on or off. */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Management settings. */
  public static class Management {
    /**
     * Force the JCache configuration MXBean on or off, overriding each cache's JCache
     * configuration. Default: as the JCache configuration says.
     */
    private Boolean enabled;

    /** Whether the configuration MXBean is forced on or off; null leaves the JCache choice. */
    public Boolean getEnabled() {
      return enabled;
    }

    /** Forces the configuration MXBean on or off. */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Remote-tier settings. */
  public static class Remote {
    /** Whether the cache uses the remote tier when zones are configured. Default: true. */
    private Boolean enabled;

    /**
     * Per-operation timeout before a node counts as failed for that call. Whole milliseconds.
     * Default: 250ms.
     */
    private Duration timeout;

    /**
     * Copy a hit found in another zone into the local zone, so a cold zone warms up. Default: true.
     */
    private Boolean warmUp;

    /**
     * The largest encoded entry (header, key and value) the remote tier stores; larger writes fail
     * naming the cache, the size and the limit. Default: 1023KB (memcached's 1 MiB item limit less
     * room for its own header).
     */
    private DataSize maxItemSize;

    /**
     * How long a removal's tombstone stays in memcached, at least 1s; one a zone still lacks is
     * kept alive by the removing JVM until the zone has it. Default: 60s.
     */
    private Duration tombstoneTtl;

    /**
     * Operations in a row on one node that fail or time out before it is marked down (for the whole
     * CacheManager; not settable per cache). Default: 3.
     */
    private Integer failureThreshold;

    /**
     * How often a node marked down is probed (for the whole CacheManager; not settable per cache).
     * Whole milliseconds. Default: 1s.
     */
    private Duration probeInterval;

    /** The failures in a row that mark a node down; null leaves the default. */
    public Integer getFailureThreshold() {
      return failureThreshold;
    }

    /** Sets the failures in a row that mark a node down. */
    public void setFailureThreshold(Integer failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    /** How often a down node is probed; null leaves the default. */
    public Duration getProbeInterval() {
      return probeInterval;
    }

    /** Sets how often a down node is probed. */
    public void setProbeInterval(Duration probeInterval) {
      this.probeInterval = probeInterval;
    }

    /** Whether the cache uses the remote tier; null leaves the default. */
    public Boolean getEnabled() {
      return enabled;
    }

    /** Sets whether the cache uses the remote tier. */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    /** The per-operation timeout; null leaves the default. */
    public Duration getTimeout() {
      return timeout;
    }

    /** Sets the per-operation timeout. */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /** Whether hits from another zone are copied into the local zone; null leaves the default. */
    public Boolean getWarmUp() {
      return warmUp;
    }

    /** Sets whether hits from another zone are copied into the local zone. */
    public void setWarmUp(Boolean warmUp) {
      this.warmUp = warmUp;
    }

    /** The largest encoded entry the remote tier stores; null leaves the default. */
    public DataSize getMaxItemSize() {
      return maxItemSize;
    }

    /** Sets the largest encoded entry the remote tier stores. */
    public void setMaxItemSize(DataSize maxItemSize) {
      this.maxItemSize = maxItemSize;
    }

    /** How long a removal's tombstone stays in memcached; null leaves the default. */
    public Duration getTombstoneTtl() {
      return tombstoneTtl;
    }

    /** Sets how long a removal's tombstone stays in memcached. */
    public void setTombstoneTtl(Duration tombstoneTtl) {
      this.tombstoneTtl = tombstoneTtl;
    }
  }

  /** Write settings. */
  public static class Write {
    /**
     * Zones that must acknowledge a write before it returns: NONE, ONE, QUORUM (a majority of all
     * zones) or ALL. Default: ONE.
     */
    private WriteAck ack;

    /** The acknowledgement policy; null leaves the default. */
    public WriteAck getAck() {
      return ack;
    }

    /** Sets the acknowledgement policy. */
    public void setAck(WriteAck ack) {
      this.ack = ack;
    }
  }

  /** Coherence settings. */
  public static class Coherence {
    /**
     * How often a JVM reads the invalidation journal; another JVM's write stops being served stale
     * here within twice this plus 50ms. Whole milliseconds. Default: 100ms.
     */
    private Duration pollInterval;

    /** Partitions of each cache's invalidation journal, 1 to 4096. Default: 16. */
    private Integer partitions;

    /**
     * An InvalidationTransport implementation (a broker adapter) that carries invalidations faster
     * than polling; the journal stays on as the repair path. Default: polling only.
     */
    private Class<? extends InvalidationTransport> transport;

    /** The journal poll interval; null leaves the default. */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /** Sets the journal poll interval. */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    /** The journal's partitions per cache; null leaves the default. */
    public Integer getPartitions() {
      return partitions;
    }

    /** Sets the journal's partitions per cache. */
    public void setPartitions(Integer partitions) {
      this.partitions = partitions;
    }

    /** The invalidation transport class; null for polling only. */
    public Class<? extends InvalidationTransport> getTransport() {
      return transport;
    }

    /** Sets the invalidation transport class. */
    public void setTransport(Class<? extends InvalidationTransport> transport) {
      this.transport = transport;
    }
  }

  /** Lease settings. */
  public static class Leases {
    /**
     * Read-through misses take a lease: one loader fleet-wide per key, and a fill that raced a
     * write is not stored. Default: true.
     */
    private Boolean enabled;

    /**
     * How long a lease lets its holder load before another caller may take over. Whole
     * milliseconds. Default: 2s.
     */
    private Duration ttl;

    /**
     * How long a caller waits for another caller's lease before it loads the key itself (without
     * storing it). Whole milliseconds. Default: 500ms.
     */
    private Duration wait;

    /** Whether leases are on; null leaves the default. */
    public Boolean getEnabled() {
      return enabled;
    }

    /** Sets whether leases are on. */
    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    /** The lease's life; null leaves the default. */
    public Duration getTtl() {
      return ttl;
    }

    /** Sets the lease's life. */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /** How long a caller waits for another's lease; null leaves the default. */
    public Duration getWait() {
      return wait;
    }

    /** Sets how long a caller waits for another's lease. */
    public void setWait(Duration wait) {
      this.wait = wait;
    }
  }

  /** Serialization settings. */
  public static class Serialization {
    /**
     * Classes, besides the built-in safe ones (java.lang, java.util, java.math, java.time), that
     * values and keys read from memcached may deserialize to: ObjectInputFilter patterns such as
     * com.example.model.** or com.example.Order. The starter adds the Spring cache abstraction's
     * own value and key classes.
     */
    private List<String> allow = new ArrayList<>();

    /** The allowed class patterns. */
    public List<String> getAllow() {
      return allow;
    }

    /** Sets the allowed class patterns. */
    public void setAllow(List<String> allow) {
      this.allow = allow;
    }
  }
}
