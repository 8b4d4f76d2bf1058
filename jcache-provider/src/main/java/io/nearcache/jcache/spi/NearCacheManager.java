package io.nearcache.jcache.spi;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.NearCaches;
import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.config.NearcacheProperties;
import io.nearcache.jcache.config.Topology;
import io.nearcache.jcache.management.JmxRegistrar;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.management.JmxRegistrar.Kind;
import io.nearcache.jcache.management.NearCacheConfigurationMXBean;
import io.nearcache.jcache.management.NearCacheStatisticsMXBean;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The nearcache {@link CacheManager}: one per (URI, class loader). It owns the loaded
 * {@code nearcache.*} properties and creates caches from them; caches named in the properties
 * ({@code nearcache.caches.<name>.*}) are created on first {@link #getCache(String)} with an
 * untyped configuration.
 */
public final class NearCacheManager implements CacheManager {
  private static final Logger LOG = System.getLogger(NearCacheManager.class.getName());
  private static final java.util.concurrent.atomic.AtomicBoolean NEAR_ONLY_ANNOUNCED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final NearCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final NearcacheProperties config;
  private final ConcurrentMap<String, NearCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final RemoteTier remote;
  private volatile boolean closed;

  NearCacheManager(
      NearCachingProvider provider,
      URI uri,
      ClassLoader classLoader,
      Properties properties,
      NearcacheProperties config) {
    this.provider = requireNonNull(provider);
    this.uri = requireNonNull(uri);
    this.classLoader = requireNonNull(classLoader);
    this.properties = requireNonNull(properties);
    this.config = requireNonNull(config);
    Topology topology = config.topology(System.getenv("NEARCACHE_ZONE"));
    if (topology == null) {
      this.remote = null;
      if (!NEAR_ONLY_ANNOUNCED.getAndSet(true)) {
        LOG.log(
            Level.INFO,
            "nearcache: no zones configured (nearcache.zones.<zone>), caches run on the near tier"
                + " only");
      }
    } else {
      this.remote =
          RemoteTier.connect(topology, config, classLoader);
      if (!topology.localZoneConfigured()) {
        LOG.log(
            Level.WARNING,
            "nearcache CacheManager "
                + uri
                + ": neither nearcache.local-zone nor NEARCACHE_ZONE is set; reading from the"
                + " primary zone "
                + topology.primaryZone());
      }
    }
  }

  /** The remote tier, or null when the caches run on the near tier alone. */
  public RemoteTier remoteTier() {
    return remote;
  }

  /**
   * The default pool's zones and nodes ({@code nearcache.zones.*}) as this JVM sees them, for
   * health checks; {@link RemoteHealth#EMBEDDED} when no servers are configured. Caches on other
   * pools ({@code nearcache.caches.<cache>.pool}) have theirs in {@link #poolHealth()}.
   */
  public RemoteHealth remoteHealth() {
    return remote == null ? RemoteHealth.EMBEDDED : remote.router().health();
  }

  /**
   * Every pool's zones and nodes as this JVM sees them, by pool name, the default pool ({@value
   * io.nearcache.jcache.remote.topology.ServerList#DEFAULT_POOL}) first; empty when no servers are
   * configured. A health check that must cover every cache reads every pool here: a pool whose
   * nodes are all down leaves the caches on it without a remote tier while the default pool is
   * {@code UP}.
   */
  public java.util.Map<String, RemoteHealth> poolHealth() {
    java.util.Map<String, RemoteHealth> pools = new java.util.LinkedHashMap<>();
    if (remote != null) {
      for (String pool : remote.pools()) {
        pools.put(pool, remote.router(pool).health());
      }
    }
    return java.util.Collections.unmodifiableMap(pools);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  /** The validated nearcache properties of this manager. */
  public NearcacheProperties nearcacheProperties() {
    return config;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(configuration, "configuration");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException(
            "Cache " + cacheName + " already exists in CacheManager " + uri
                + "; use getCache to obtain it or destroyCache first");
      }
      NearCache<K, V> cache = newCache(cacheName, configuration);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private <K, V> NearCache<K, V> newCache(String cacheName, Configuration<K, V> configuration) {
    NearCacheConfiguration<K, V> frozen;
    if (configuration instanceof CompleteConfiguration) {
      frozen = new NearCacheConfiguration<>((CompleteConfiguration<K, V>) configuration);
    } else {
      frozen = new NearCacheConfiguration<>();
      frozen.setTypes(configuration.getKeyType(), configuration.getValueType());
      frozen.setStoreByValue(configuration.isStoreByValue());
    }
    CacheSettings settings =
        config.settingsFor(cacheName).withSerializationAllowAlso(frozen.getSerializationAllow());
    if (settings.statisticsEnabled() != null) {
      frozen.setStatisticsEnabled(settings.statisticsEnabled());
    }
    if (settings.managementEnabled() != null) {
      frozen.setManagementEnabled(settings.managementEnabled());
    }
    if (settings.storeByValue() != null) {
      frozen.setStoreByValue(settings.storeByValue());
    }
    NearCache<K, V> cache =
        NearCaches.create(
            cacheName, this, frozen, settings, classLoader, remote, () -> release(cacheName));
    if (frozen.isManagementEnabled()) {
      JmxRegistrar.register(new NearCacheConfigurationMXBean(cache), Kind.CONFIGURATION, uri, cacheName);
    }
    if (frozen.isStatisticsEnabled()) {
      JmxRegistrar.register(
          new NearCacheStatisticsMXBean(cache.statistics()), Kind.STATISTICS, uri, cacheName);
    }
    return cache;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    requireNonNull(keyType, "keyType");
    requireNonNull(valueType, "valueType");
    NearCache<?, ?> cache = lookup(cacheName);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> c = NearCaches.configuration(cache);
    if (!c.getKeyType().equals(keyType) || !c.getValueType().equals(valueType)) {
      throw new ClassCastException(
          "Cache " + cacheName + " has types <" + c.getKeyType().getName() + ", "
              + c.getValueType().getName() + ">, not the requested <" + keyType.getName() + ", "
              + valueType.getName() + ">");
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) lookup(cacheName);
    return cache;
  }

  private NearCache<?, ?> lookup(String cacheName) {
    requireNonNull(cacheName, "cacheName");
    NearCache<?, ?> cache = caches.get(cacheName);
    if (cache == null && config.configuredCacheNames().contains(cacheName)) {
      synchronized (caches) {
        cache = caches.get(cacheName);
        if (cache == null) {
          cache = newCache(cacheName, new MutableConfiguration<Object, Object>());
          caches.put(cacheName, cache);
        }
      }
    }
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    NearCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      NearCaches.destroy(cache);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    NearCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return;
    }
    if (enabled) {
      JmxRegistrar.register(new NearCacheConfigurationMXBean(cache), Kind.CONFIGURATION, uri, cacheName);
    } else {
      JmxRegistrar.unregister(Kind.CONFIGURATION, uri, cacheName);
    }
    NearCaches.setManagementEnabled(cache, enabled);
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    NearCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return;
    }
    if (enabled) {
      JmxRegistrar.register(
          new NearCacheStatisticsMXBean(cache.statistics()), Kind.STATISTICS, uri, cacheName);
    } else {
      JmxRegistrar.unregister(Kind.STATISTICS, uri, cacheName);
    }
    NearCaches.setStatisticsEnabled(cache, enabled);
  }

  /** Forgets a closed cache and unregisters its MXBeans. */
  private void release(String cacheName) {
    caches.remove(cacheName);
    JmxRegistrar.unregister(Kind.CONFIGURATION, uri, cacheName);
    JmxRegistrar.unregister(Kind.STATISTICS, uri, cacheName);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    List<NearCache<?, ?>> open = new ArrayList<>(caches.values());
    for (NearCache<?, ?> cache : open) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        System.getLogger(NearCacheManager.class.getName())
            .log(System.Logger.Level.WARNING, "Failed to close cache " + cache.getName(), e);
      }
    }
    caches.clear();
    if (remote != null) {
      remote.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException(
        "CacheManager " + uri + " cannot be unwrapped to " + type.getName());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "NearCacheManager[" + uri + "]";
  }
}
