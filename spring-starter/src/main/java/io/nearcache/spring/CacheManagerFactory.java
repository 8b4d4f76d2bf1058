package io.nearcache.spring;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Creates the application's nearcache CacheManager: reads an optional nearcache properties file,
 * lays the application's {@code nearcache.*} properties over it, lets the {@link
 * JCachePropertiesCustomizer}s change the result, creates the caches named by {@code
 * spring.cache.cache-names} and runs the {@link JCacheManagerCustomizer}s, as Spring Boot does for
 * any JCache provider.
 */
final class CacheManagerFactory {
  /** Spring Boot's property naming a JCache configuration file. */
  static final String CONFIG_PROPERTY = "spring.cache.jcache.config";

  /** Spring Boot's property naming caches to create at start-up. */
  static final String CACHE_NAMES_PROPERTY = "spring.cache.cache-names";

  /** The file the provider's default CacheManager reads, read here too when it is present. */
  static final String DEFAULT_FILE = "classpath:nearcache.properties";

  private final NearcacheProperties properties;
  private final Environment environment;
  private final ResourceLoader resourceLoader;

  CacheManagerFactory(
      NearcacheProperties properties, Environment environment, ResourceLoader resourceLoader) {
    this.properties = requireNonNull(properties, "properties");
    this.environment = requireNonNull(environment, "environment");
    this.resourceLoader = requireNonNull(resourceLoader, "resourceLoader");
  }

  /**
   * Creates the CacheManager.
   *
   * @param propertiesCustomizers change the provider properties last
   * @param defaultConfiguration the configuration of the caches {@code spring.cache.cache-names}
   *     names, or null for a plain {@link MutableConfiguration}
   * @param managerCustomizers run on the created manager
   */
  CacheManager create(
      List<JCachePropertiesCustomizer> propertiesCustomizers,
      Configuration<?, ?> defaultConfiguration,
      List<JCacheManagerCustomizer> managerCustomizers) {
    ProviderProperties provider = ProviderProperties.of(properties, environment, readFile());
    Properties handed = provider.asProperties();
    propertiesCustomizers.forEach(customizer -> customizer.customize(handed));
    ClassLoader classLoader = resourceLoader.getClassLoader();
    CachingProvider cachingProvider =
        Caching.getCachingProvider(NearCachingProvider.class.getName(), classLoader);
    String application = environment.getProperty("spring.application.name", "application");
    CacheManager manager;
    try {
      manager =
          ManagerUris.create(
              application, uri -> cachingProvider.getCacheManager(uri, classLoader, handed));
    } catch (NearcacheConfigurationException e) {
      throw withOrigin(e, provider);
    }
    try {
      createNamedCaches(manager, defaultConfiguration);
      managerCustomizers.forEach(customizer -> customizer.customize(manager));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return manager;
  }

  private void createNamedCaches(CacheManager manager, Configuration<?, ?> defaultConfiguration) {
    List<String> names =
        Binder.get(environment)
            .bind(CACHE_NAMES_PROPERTY, Bindable.listOf(String.class))
            .orElse(List.of());
    @SuppressWarnings("unchecked")
    Configuration<Object, Object> configuration =
        defaultConfiguration == null
            ? new MutableConfiguration<>()
            : (Configuration<Object, Object>) defaultConfiguration;
    for (String name : names) {
      if (!contains(manager.getCacheNames(), name)) {
        manager.createCache(name, configuration);
      }
    }
  }

  private static boolean contains(Iterable<String> names, String name) {
    for (String candidate : names) {
      if (candidate.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code nearcache.*} keys of the file {@code spring.cache.jcache.config} names, which must
   * exist; else of {@code nearcache.properties} on the classpath when it is there.
   */
  private Properties readFile() {
    String location = environment.getProperty(CONFIG_PROPERTY);
    boolean optional = location == null || location.isBlank();
    Resource resource = resourceLoader.getResource(optional ? DEFAULT_FILE : location.trim());
    Properties file = new Properties();
    if (!resource.exists()) {
      if (optional) {
        return file;
      }
      throw new NearcacheConfigurationException(
          "Invalid nearcache configuration: "
              + CONFIG_PROPERTY
              + "="
              + location
              + " names no readable file; point it at a nearcache properties file (for example"
              + " classpath:nearcache.properties or file:/etc/app/nearcache.properties) or remove"
              + " it");
    }
    try (InputStream in = resource.getInputStream()) {
      file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new NearcacheConfigurationException(
          "The nearcache properties file "
              + resource.getDescription()
              + " could not be read"
              + (optional ? "" : " (" + CONFIG_PROPERTY + "=" + location + ")")
              + ": "
              + e.getMessage(),
          e);
    }
    return file;
  }

  /**
   * The provider's message, saying where in the application's configuration the offending property
   * was set.
   */
  private NearcacheConfigurationException withOrigin(
      NearcacheConfigurationException e, ProviderProperties provider) {
    String message = String.valueOf(e.getMessage());
    String key = null;
    for (String candidate : provider.asMap().keySet()) {
      if (message.contains(candidate + "=") && (key == null || candidate.length() > key.length())) {
        key = candidate;
      }
    }
    Origin origin = key == null ? null : provider.originOf(key, environment);
    String located =
        message.replace(
            "the properties passed to getCacheManager", "the application's nearcache.* properties");
    if (origin == null && located.equals(message)) {
      return e;
    }
    return new NearcacheConfigurationException(
        located + (origin == null ? "" : " (" + key + " is set in " + origin + ")"), e);
  }
}
