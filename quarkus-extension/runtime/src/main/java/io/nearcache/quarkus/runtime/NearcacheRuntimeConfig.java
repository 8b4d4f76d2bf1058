package io.nearcache.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * nearcache's configuration, read when the application starts. Each key is handed to the provider
 * as the flat {@code nearcache.*} key of the same name: {@code quarkus.nearcache.remote.timeout}
 * becomes {@code nearcache.remote.timeout}, {@code
 * quarkus.nearcache.caches."users".near.maximum-size} becomes {@code
 * nearcache.caches.users.near.maximum-size}. Keys left unset keep the provider's defaults. The keys
 * of {@link CacheSettingsConfig} set here apply to every cache.
 */
@ConfigMapping(prefix = "quarkus.nearcache")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface NearcacheRuntimeConfig extends CacheSettingsConfig {

  /**
   * The memcached nodes of one zone, as {@code host:port} entries. Every zone holds a full copy of
   * the data. With no zone at all, every cache runs on its in-process near tier alone.
   */
  @ConfigDocMapKey("zone")
  Map<String, List<String>> zones();

  /**
   * The zone this application reads from first. Default: the {@code NEARCACHE_ZONE} environment
   * variable, else the primary zone.
   */
  Optional<String> localZone();

  /** The zone that arbitrates conditional writes. Default: the first zone name in sort order. */
  Optional<String> primaryZone();

  /**
   * Separate memcached server pools, each with zones of its own, for caches whose load or keys
   * should not share nodes with the others. A cache's entries go to a pool with {@code
   * quarkus.nearcache.caches."<cache>".pool}; the zones of {@code quarkus.nearcache.zones} are the
   * pool {@code default}.
   */
  @ConfigDocMapKey("pool")
  Map<String, Pool> pools();

  /**
   * A provider configuration file read before these keys, which win over it: a {@code classpath:}
   * or {@code file:} URI. Default: {@code classpath:nearcache.properties}, read when present.
   */
  Optional<String> configUri();

  /** The readiness check. */
  Health health();

  /**
   * The memcached tier: the settings of every cache, and node health, which is the whole
   * application's.
   */
  @Override
  ApplicationRemote remote();

  /** The gutter pool, which takes the operations of a node marked down. */
  Gutter gutter();

  /** Node lists that change at run time. */
  Topology topology();

  /** Protection of the entries in memcached. */
  Security security();

  /** The settings of one cache, overriding the settings of every cache key by key. */
  @ConfigDocMapKey("cache-name")
  @ConfigDocSection
  Map<String, CacheSettingsConfig> caches();

  /** A server pool with zones of its own. */
  interface Pool {
    /**
     * The memcached nodes of one zone of a separate server pool, as {@code host:port} entries. A
     * cache's entries go to the pool with {@code quarkus.nearcache.caches."<cache>".pool}. The
     * pool's local and primary zones are {@code local-zone} and {@code primary-zone} when it has
     * them, else its first zone.
     */
    @ConfigDocMapKey("zone")
    Map<String, List<String>> zones();
  }

  /** The memcached tier, with the keys that only the whole application has. */
  interface ApplicationRemote extends CacheSettingsConfig.Remote {
    /**
     * Operations in a row on one node that fail or time out before it is marked down; a node marked
     * down fails its operations at once (or sends them to the gutter pool) until a probe finds it
     * answering. Default: {@code 3}.
     */
    OptionalInt failureThreshold();

    /** How often a node marked down is probed. Default: {@code 1s}. */
    Optional<Duration> probeInterval();

    /** SASL authentication to every zone's nodes. */
    Sasl sasl();
  }

  /** SASL authentication to every zone's nodes (memcached started with {@code -S}). */
  interface Sasl {
    /**
     * The user every zone connection authenticates as with SASL PLAIN, over memcached's binary
     * protocol; needs {@code password} too. Default: no authentication.
     */
    Optional<String> username();

    /**
     * The user's password: {@code env:VARIABLE}, {@code file:/path}, or the password itself. Error
     * messages never show it.
     */
    Optional<String> password();
  }

  /** Protection of the entries in memcached. */
  interface Security {
    /**
     * The key that signs every remote entry, so that bytes not written by an application holding it
     * are rejected before they are deserialized: {@code base64:<32 or more bytes>}, {@code
     * file:/path} or {@code env:VARIABLE}. Default: entries are not signed.
     */
    Optional<String> signingKey();
  }

  /** Node lists that change at run time. */
  interface Topology {
    /**
     * Where the zones' node lists come from: {@code static} (this configuration), {@code
     * file:/path} (a properties file with {@code nearcache.zones.*} keys, reloaded when it changes)
     * or the class name of a {@code ServerListSource}. Default: {@code static}.
     */
    Optional<String> source();

    /** How often the source is read. Default: {@code 1s}. */
    Optional<Duration> refreshInterval();

    /**
     * How long after a change a miss on a key's new node reads its old node and copies the value
     * over. Default: {@code 60s}.
     */
    Optional<Duration> migrationWindow();

    /** Whether misses read the previous ring during the migration window. Default: {@code true}. */
    Optional<Boolean> prewarm();
  }

  /** The gutter pool, which takes the operations of a node marked down. */
  interface Gutter {
    /**
     * The gutter pool's memcached nodes, as {@code host:port} entries. While a node is down, its
     * operations go here with short TTLs instead of failing. Default: none.
     */
    Optional<List<String>> servers();

    /** The longest TTL of an item in the gutter pool. Default: {@code 10s}. */
    Optional<Duration> ttl();
  }

  /** The readiness check. */
  interface Health {
    /**
     * Whether readiness reports DOWN while no node of a pool answers (no node of any zone of {@code
     * zones}, or of one of {@code pools}). The caches on that pool keep working on their near tiers
     * then (reads miss the remote tier, writes stay in this application), so by default the check
     * stays UP and reports the remote tier as DOWN in its data.
     */
    @WithDefault("false")
    boolean requireRemote();
  }
}
