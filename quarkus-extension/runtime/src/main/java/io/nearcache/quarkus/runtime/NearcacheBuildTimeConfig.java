package io.nearcache.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the nearcache extension adds to the application, fixed when it is built. */
@ConfigMapping(prefix = "quarkus.nearcache")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface NearcacheBuildTimeConfig {

  /** The readiness check. */
  Health health();

  /** The Micrometer meters. */
  Metrics metrics();

  /** How the extension prepares cached types for the remote tier. */
  Serialization serialization();

  /** The readiness check. */
  interface Health {
    /**
     * Whether a readiness check named {@code nearcache} reports the remote tier's zones and nodes,
     * when the application has {@code quarkus-smallrye-health}.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** The Micrometer meters. */
  interface Metrics {
    /**
     * Whether every cache's statistics, tier hits, remote failures and coherence figures are
     * published as Micrometer meters, when the application has {@code quarkus-micrometer}. The
     * caches of the cache annotations then keep JCache statistics.
     */
    @WithDefault("true")
    boolean enabled();
  }

  /** How the extension prepares cached types for the remote tier. */
  interface Serialization {
    /**
     * Whether the return types and key types of {@code @CacheResult} methods, the types they hold
     * in their fields and their type arguments, are added to the cache's serialization allowlist
     * automatically. Types reached only through a field of an interface or of {@code Object} cannot
     * be found this way: add them to {@code quarkus.nearcache.serialization.allow}.
     */
    @WithDefault("true")
    boolean allowCachedTypes();
  }
}
