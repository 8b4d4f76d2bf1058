package io.nearcache.quarkus.runtime;

import io.nearcache.jcache.config.WriteAck;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The settings of caches, for every cache ({@code quarkus.nearcache.*}) or for one ({@code
 * quarkus.nearcache.caches."name".*}). Unset keys fall back to the settings of every cache, then to
 * the provider's defaults (stated on each key).
 */
public interface CacheSettingsConfig {

  /**
   * How long an entry of a cache of the cache annotations lives after it was written (created or
   * replaced), in both tiers: JCache's {@code ModifiedExpiryPolicy}. Default: no expiry.
   */
  Optional<Duration> expireAfterWrite();

  /**
   * How long an entry of a cache of the cache annotations lives after it was last written or read,
   * in both tiers: JCache's {@code TouchedExpiryPolicy}. A read that reaches the remote tier then
   * rewrites the entry's expiry there, so prefer {@code expire-after-write}. Cannot be combined
   * with {@code expire-after-write}. Default: no expiry.
   */
  Optional<Duration> expireAfterAccess();

  /** The in-process tier. */
  Near near();

  /** JCache statistics. */
  Statistics statistics();

  /** The JCache configuration MXBean. */
  Management management();

  /**
   * Forces store-by-value on or off. Default: off for the caches of the cache annotations, as
   * Quarkus' own caches store references; as the JCache configuration says for caches created
   * through the injected {@code CacheManager}.
   */
  Optional<Boolean> storeByValue();

  /**
   * The server pool that holds this cache's keys in memcached: {@code default} (the zones of
   * {@code quarkus.nearcache.zones}) or a pool named in {@code nearcache.pools.<pool>.zones.<zone>}.
   * Default: {@code default}.
   */
  Optional<String> pool();

  /** The memcached tier. */
  Remote remote();

  /** Writes. */
  Write write();

  /** Cross-JVM invalidation of the near tiers. */
  Coherence coherence();

  /** Leases for read-through fills. */
  Leases leases();

  /** Serialization of keys and values to the remote tier. */
  Serialization serialization();

  /** The in-process tier. */
  interface Near {
    /**
     * Whether the cache keeps a near tier; {@code false} makes a two-tier cache remote-only, and
     * requires zones. Default: {@code true}.
     */
    Optional<Boolean> enabled();

    /** Near-tier entries per cache; {@code 0} means unbounded. Default: {@code 100000}. */
    OptionalLong maximumSize();

    /**
     * Hard cap on a near entry's life after its write, whatever the expiry says: the staleness
     * backstop. Default: no cap.
     */
    Optional<Duration> expireAfterWrite();
  }

  /** JCache statistics. */
  interface Statistics {
    /**
     * Forces statistics on or off. Default: on for the caches of the cache annotations when
     * Micrometer meters are published, else as the JCache configuration says.
     */
    Optional<Boolean> enabled();
  }

  /** The JCache configuration MXBean. */
  interface Management {
    /** Forces the configuration MXBean on or off. Default: as the JCache configuration says. */
    Optional<Boolean> enabled();
  }

  /** The memcached tier. */
  interface Remote {
    /** Whether the cache uses the remote tier when zones are configured. Default: {@code true}. */
    Optional<Boolean> enabled();

    /**
     * Per-operation timeout before a node counts as failed for that call. Default: {@code 250ms}.
     */
    Optional<Duration> timeout();

    /** Whether a hit found in another zone is copied into the local zone. Default: {@code true}. */
    Optional<Boolean> warmUp();

    /**
     * The largest encoded entry the remote tier stores; a larger one fails the write. Default:
     * {@code 1023K}, which fits memcached's default item size limit.
     */
    Optional<MemorySize> maxItemSize();

    /**
     * How long a removal's tombstone stays in memcached, at least {@code 1s}; one a zone still
     * lacks is kept alive by the removing JVM until the zone has it. Default: {@code 60s}.
     */
    Optional<Duration> tombstoneTtl();
  }

  /** Writes. */
  interface Write {
    /**
     * Zones that acknowledge a write before it returns: {@code none}, {@code one}, {@code quorum}
     * (a strict majority) or {@code all}. Default: {@code one}.
     */
    Optional<WriteAck> ack();
  }

  /** Cross-JVM invalidation of the near tiers. */
  interface Coherence {
    /**
     * How often the application reads the invalidation journal. A write stops being served stale
     * everywhere within twice this plus 50 ms. Default: {@code 100ms}.
     */
    Optional<Duration> pollInterval();

    /** Partitions of each cache's invalidation journal, 1 to 4096. Default: {@code 16}. */
    OptionalInt partitions();

    /**
     * An {@code io.nearcache.jcache.coherence.InvalidationTransport} class, with a public
     * no-argument constructor, that carries invalidations faster than polling. Default: polling
     * only.
     */
    Optional<String> transport();
  }

  /**
   * Leases for read-through fills of JCache caches with a {@code CacheLoader}: one loader
   * fleet-wide per missing key. The caches of the cache annotations do not use them: their methods
   * run outside the provider, once per key at a time in each application.
   */
  interface Leases {
    /** Whether read-through fills take leases. Default: {@code true}. */
    Optional<Boolean> enabled();

    /**
     * How long a lease lets its holder load before another caller may take over. Default: {@code
     * 2s}.
     */
    Optional<Duration> ttl();

    /**
     * How long a caller waits for another caller's lease before it loads the key itself (and does
     * not store it). Default: {@code 500ms}.
     */
    @WithName("wait")
    Optional<Duration> leaseWait();
  }

  /** Serialization of keys and values to the remote tier. */
  interface Serialization {
    /**
     * Classes, besides the built-in safe ones ({@code java.lang}, {@code java.util}, {@code
     * java.math}, {@code java.time}), that keys and values read from memcached may deserialize to:
     * {@code ObjectInputFilter} patterns such as {@code com.example.Order}, {@code
     * com.example.model.*} or {@code com.example.**}. The types of {@code @CacheResult} methods are
     * added automatically (see {@code quarkus.nearcache.serialization.allow-cached-types}).
     */
    Optional<List<String>> allow();
  }
}
