package io.nearcache.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nearcache's configuration, read when the application starts. Each key is handed to the
 * provider as the flat {@code nearcache.*} key of the same name: {@code
 * quarkus.nearcache.remote.timeout} becomes {@code nearcache.remote.timeout}, {@code
 * quarkus.nearcache.caches."users".near.maximum-size} becomes {@code
 * nearcache.caches.users.near.maximum-size}. Keys left unset keep the provider's defaults.
 */
@ConfigMapping(prefix = "quarkus.nearcache")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface NearcacheRuntimeConfig {

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

  /**
   * The zone that arbitrates conditional writes. Default: the first zone name in sort order.
   */
  Optional<String> primaryZone();

  /**
   * A provider configuration file read before these keys, which win over it: a {@code
   * classpath:} or {@code file:} URI. Default: {@code classpath:nearcache.properties}, read when
   * present.
   */
  Optional<String> configUri();

  /** The readiness check. */
  Health health();

  /** The settings of every cache, unless a cache sets its own. */
  @WithParentName
  CacheSettingsConfig defaults();

  /** The settings of one cache, overriding the settings of every cache key by key. */
  @ConfigDocMapKey("cache-name")
  @ConfigDocSection
  Map<String, CacheSettingsConfig> caches();

  /** The readiness check. */
  interface Health {
    /**
     * Whether readiness reports DOWN while no node of any zone answers. The caches keep working
     * on their near tiers then (reads miss the remote tier, writes stay in this application), so
     * by default the check stays UP and reports the remote tier as DOWN in its data.
     */
    @WithDefault("false")
    boolean requireRemote();
  }
}
