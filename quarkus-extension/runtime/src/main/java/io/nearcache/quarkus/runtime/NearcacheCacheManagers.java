package io.nearcache.quarkus.runtime;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.spi.NearCachingProvider;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.eclipse.microprofile.config.Config;

/** Opens the application's CacheManager and the JCache caches behind Quarkus' cache names. */
final class NearcacheCacheManagers {
  private NearcacheCacheManagers() {}

  /**
   * Opens the nearcache CacheManager of this application's class loader with the given
   * configuration.
   *
   * @throws ConfigurationException naming the Quarkus property when the configuration is invalid
   */
  static CacheManager open(
      NearcacheRuntimeConfig config, Config raw, Map<String, List<String>> allowedByCache) {
    ProviderProperties properties =
        ProviderProperties.of(
            config,
            raw.getPropertyNames(),
            name -> raw.getOptionalValue(name, String.class),
            allowedByCache);
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    CachingProvider provider =
        Caching.getCachingProvider(NearCachingProvider.class.getName(), classLoader);
    URI uri = config.configUri().map(NearcacheCacheManagers::uri).orElse(provider.getDefaultURI());
    try {
      return provider.getCacheManager(uri, classLoader, properties.properties());
    } catch (NearcacheConfigurationException e) {
      throw properties.translate(e);
    }
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text.strip());
      if ("classpath".equals(uri.getScheme()) || "file".equals(uri.getScheme())) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Invalid configuration property quarkus.nearcache.config-uri="
            + text
            + ": expected a classpath: or file: URI such as classpath:nearcache.properties",
        Set.of("quarkus.nearcache.config-uri"));
  }

  /**
   * The JCache cache behind one of Quarkus' cache names: created with {@code Object} keys and
   * values, store-by-reference (as Quarkus' own caches) and the configured expiry, or the existing
   * one.
   */
  static Cache<Object, Object> cache(
      CacheManager manager, String name, NearcacheRuntimeConfig config, boolean statistics) {
    Cache<Object, Object> existing = existing(manager, name);
    if (existing != null) {
      return existing;
    }
    MutableConfiguration<Object, Object> configuration =
        new MutableConfiguration<>()
            .setTypes(Object.class, Object.class)
            .setStoreByValue(false)
            .setStatisticsEnabled(statistics);
    CacheSettingsConfig own = config.caches().get(name);
    Optional<Duration> afterWrite = setting(own, config, CacheSettingsConfig::expireAfterWrite);
    Optional<Duration> afterAccess = setting(own, config, CacheSettingsConfig::expireAfterAccess);
    if (afterWrite.isPresent() && afterAccess.isPresent()) {
      String write =
          expiryProperty(own, name, "expire-after-write", CacheSettingsConfig::expireAfterWrite);
      String access =
          expiryProperty(own, name, "expire-after-access", CacheSettingsConfig::expireAfterAccess);
      throw new ConfigurationException(
          "Cache "
              + name
              + " has both an expiry after write ("
              + write
              + ") and an expiry after access ("
              + access
              + "); remove one of them",
          Set.of(write, access));
    }
    afterWrite.ifPresent(
        d -> configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(jcache(d, name))));
    afterAccess.ifPresent(
        d -> configuration.setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(jcache(d, name))));
    try {
      return manager.createCache(name, configuration);
    } catch (CacheException e) {
      Cache<Object, Object> raced = existing(manager, name);
      if (raced != null) {
        return raced;
      }
      throw e;
    }
  }

  private static Cache<Object, Object> existing(CacheManager manager, String name) {
    for (String created : manager.getCacheNames()) {
      if (created.equals(name)) {
        return manager.getCache(name);
      }
    }
    return null;
  }

  private static <T> Optional<T> setting(
      CacheSettingsConfig own,
      CacheSettingsConfig all,
      java.util.function.Function<CacheSettingsConfig, Optional<T>> key) {
    Optional<T> value = own == null ? Optional.empty() : key.apply(own);
    return value.isPresent() ? value : key.apply(all);
  }

  /** The property that set one of a cache's expiries: its own, else the one for every cache. */
  private static String expiryProperty(
      CacheSettingsConfig own,
      String name,
      String key,
      java.util.function.Function<CacheSettingsConfig, Optional<Duration>> value) {
    return own != null && value.apply(own).isPresent()
        ? "quarkus.nearcache.caches.\"" + name + "\"." + key
        : "quarkus.nearcache." + key;
  }

  private static javax.cache.expiry.Duration jcache(Duration duration, String cache) {
    if (duration.isNegative() || duration.isZero()) {
      throw new ConfigurationException(
          "Cache "
              + cache
              + " has an expiry of "
              + duration
              + "; quarkus.nearcache.caches.\""
              + cache
              + "\".expire-after-write and expire-after-access must be greater than zero");
    }
    return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, Math.max(1, duration.toMillis()));
  }
}
