package io.nearcache.jcache.spi;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.NearcacheProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The nearcache {@link CachingProvider}, registered in {@code META-INF/services}. It keeps one
 * {@link NearCacheManager} per (URI, class loader). The default URI,
 * {@code classpath:nearcache.properties}, reads that file when it is on the classpath and runs on
 * defaults otherwise; a null URI means the default.
 */
public final class NearCachingProvider implements CachingProvider {
  /** The default CacheManager URI. */
  public static final URI DEFAULT_URI =
      URI.create("classpath:" + NearcacheProperties.DEFAULT_RESOURCE);

  private final Map<ClassLoader, Map<URI, NearCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@link javax.cache.Caching} does this through the service loader. */
  public NearCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties given = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, NearCacheManager> byUri = managers.computeIfAbsent(loader, k -> new HashMap<>());
      NearCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        NearcacheProperties config =
            NearcacheProperties.load(managerUri, DEFAULT_URI, loader, given);
        manager = new NearCacheManager(this, managerUri, loader, given, config);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return NearCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<NearCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, NearCacheManager> byUri : managers.values()) {
        all.addAll(byUri.values());
      }
    }
    all.forEach(NearCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<NearCacheManager> all;
    synchronized (managers) {
      Map<URI, NearCacheManager> byUri = managers.get(loader);
      all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    all.forEach(NearCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    NearCacheManager manager;
    synchronized (managers) {
      Map<URI, NearCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Forgets a manager that closed. */
  void release(NearCacheManager manager) {
    requireNonNull(manager);
    synchronized (managers) {
      Map<URI, NearCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature feature) {
    return feature == OptionalFeature.STORE_BY_REFERENCE;
  }
}
