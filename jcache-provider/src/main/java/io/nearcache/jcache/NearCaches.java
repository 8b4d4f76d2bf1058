package io.nearcache.jcache;

import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.NearCacheConfiguration;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;

/**
 * The package's door for the SPI: creates caches and reaches their package-private controls, so
 * that only the cache manager can change a cache's statistics and management flags.
 */
public final class NearCaches {
  private NearCaches() {}

  /**
   * Creates a cache from a frozen configuration, two-tier when {@code remote} is not null;
   * {@code onClose} runs once when it closes.
   */
  public static <K, V> NearCache<K, V> create(
      String name,
      CacheManager manager,
      NearCacheConfiguration<K, V> configuration,
      CacheSettings settings,
      ClassLoader classLoader,
      RemoteTier remote,
      Runnable onClose) {
    return new NearCache<>(name, manager, configuration, settings, classLoader, remote, onClose);
  }

  /** Removes a cache's data from every tier and closes it. */
  public static void destroy(NearCache<?, ?> cache) {
    cache.destroy();
  }

  /** Turns a cache's statistics on or off. */
  public static void setStatisticsEnabled(NearCache<?, ?> cache, boolean enabled) {
    cache.setStatisticsEnabled(enabled);
  }

  /** Records whether a cache's configuration MXBean is registered. */
  public static void setManagementEnabled(NearCache<?, ?> cache, boolean enabled) {
    cache.setManagementEnabled(enabled);
  }

  /** The live configuration of a cache, without copying. */
  public static <K, V> CompleteConfiguration<K, V> configuration(NearCache<K, V> cache) {
    return cache.configuration();
  }
}
