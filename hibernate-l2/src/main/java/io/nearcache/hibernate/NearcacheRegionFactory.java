package io.nearcache.hibernate;

import io.nearcache.hibernate.access.NearcacheDomainDataRegion;
import io.nearcache.hibernate.storage.HibernateAllowlist;
import io.nearcache.hibernate.storage.RegionStorage;
import io.nearcache.hibernate.storage.UpdateTimestampsStorage;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.config.NearcacheProperties;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.spi.NearCachingProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cache.jcache.MissingCacheStrategy;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.cache.spi.support.RegionNameQualifier;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Hibernate's second-level cache in nearcache: {@code
 * hibernate.cache.region.factory_class=nearcache} (or this class's name).
 *
 * <p>Built on {@code hibernate-jcache}; every region is one nearcache cache named as Hibernate
 * names it ({@code hibernate.cache.region_prefix} + {@code .} + region). What it changes:
 *
 * <ul>
 *   <li><b>CacheManager.</b> A {@code CacheManager} instance passed as {@code
 *       hibernate.javax.cache.cache_manager} is used and never closed. Otherwise the factory
 *       obtains one from the nearcache provider with {@code hibernate.javax.cache.uri} (a {@code
 *       classpath:} or {@code file:} URI, or a classpath resource name; default {@code
 *       classpath:nearcache.properties}) and every {@code nearcache.*} Hibernate property, and
 *       closes it when the last session factory using it closes.
 *   <li><b>Caches Hibernate did not find configured</b> are created, silently, as regions need:
 *       store-by-reference (Hibernate's cache entries are immutable), statistics as {@code
 *       hibernate.generate_statistics} says, eternal, and with Hibernate's classes on the
 *       deserialization allowlist ({@link HibernateAllowlist}) besides the configured ones. The
 *       update-timestamps region's near tier is unbounded. {@code nearcache.caches.<cache>.*}
 *       overrides any of it. {@code hibernate.javax.cache.missing_cache_strategy=fail} accepts only
 *       caches that exist or are named in the nearcache properties.
 *   <li><b>Read-write</b> soft locks are atomic across JVMs; <b>transactional</b> is refused
 *       ({@link NearcacheDomainDataRegion}).
 *   <li><b>Update timestamps</b> are kept by {@link UpdateTimestampsStorage}.
 * </ul>
 */
public class NearcacheRegionFactory extends JCacheRegionFactory {
  /** The name that selects this factory in {@code hibernate.cache.region.factory_class}. */
  public static final String SHORT_NAME = "nearcache";

  private static final Logger LOG = System.getLogger(NearcacheRegionFactory.class.getName());
  private static final String NEARCACHE_PREFIX = NearcacheProperties.PREFIX;

  private volatile CacheManager cacheManager;
  private volatile boolean ownsCacheManager;
  private volatile MissingCacheStrategy missingCacheStrategy;
  private volatile boolean statisticsEnabled;

  /** Creates the factory; Hibernate does this when the session factory starts. */
  public NearcacheRegionFactory() {}

  /** The CacheManager that holds the regions, or null while the factory is stopped. */
  @Override
  public CacheManager getCacheManager() {
    return cacheManager;
  }

  @Override
  protected void prepareForUse(SessionFactoryOptions settings, Map<String, Object> configValues) {
    Object missing = configValues.get(ConfigSettings.MISSING_CACHE_STRATEGY);
    missingCacheStrategy =
        missing == null
            ? MissingCacheStrategy.CREATE
            : MissingCacheStrategy.interpretSetting(missing);
    statisticsEnabled = settings.isStatisticsEnabled();
    super.prepareForUse(settings, configValues);
  }

  @Override
  protected CacheManager resolveCacheManager(
      SessionFactoryOptions settings, Map<String, Object> properties) {
    Object given = properties.get(ConfigSettings.CACHE_MANAGER);
    CacheManager manager;
    boolean owned;
    if (given != null) {
      if (!(given instanceof CacheManager)) {
        throw new CacheException(
            ConfigSettings.CACHE_MANAGER
                + " must be a javax.cache.CacheManager of the nearcache provider, passed as an"
                + " object; it is "
                + given
                + ". Leave it out to let the region factory obtain one from "
                + ConfigSettings.CONFIG_URI
                + " and the nearcache.* properties");
      }
      manager = (CacheManager) given;
      owned = false;
    } else {
      requireNearcacheProvider(properties);
      CachingProvider provider =
          Caching.getCachingProvider(
              NearCachingProvider.class.getName(), NearCachingProvider.class.getClassLoader());
      URI uri = getUri(settings, properties);
      manager =
          OwnedCacheManagers.acquire(
              provider,
              uri == null ? provider.getDefaultURI() : uri,
              getClassLoader(provider),
              nearcacheProperties(properties));
      owned = true;
    }
    if (!(manager.getCachingProvider() instanceof NearCachingProvider)) {
      throw new CacheException(
          ConfigSettings.CACHE_MANAGER
              + " is a CacheManager of "
              + manager.getCachingProvider().getClass().getName()
              + ", not of nearcache; the nearcache region factory needs nearcache's (its"
              + " read-write locks rely on its atomic operations). Use"
              + " hibernate.cache.region.factory_class=jcache for other providers");
    }
    this.cacheManager = manager;
    this.ownsCacheManager = owned;
    return manager;
  }

  private static void requireNearcacheProvider(Map<String, Object> properties) {
    Object provider = properties.get(ConfigSettings.PROVIDER);
    if (provider != null
        && !NearCachingProvider.class.getName().equals(provider.toString().trim())) {
      throw new CacheException(
          ConfigSettings.PROVIDER
              + "="
              + provider
              + " names another JCache provider, but the nearcache region factory always uses "
              + NearCachingProvider.class.getName()
              + ": remove the setting, or use hibernate.cache.region.factory_class=jcache for"
              + " another provider");
    }
  }

  /**
   * The CacheManager URI from {@code hibernate.javax.cache.uri}: {@code classpath:} and {@code
   * file:} URIs as given, an absolute path as a file, any other text as a classpath resource.
   */
  @Override
  protected URI getUri(SessionFactoryOptions settings, Map<String, Object> properties) {
    Object setting = properties.get(ConfigSettings.CONFIG_URI);
    if (setting == null || setting.toString().isBlank()) {
      return null;
    }
    if (setting instanceof URI uri) {
      return uri;
    }
    String text = setting.toString().trim();
    try {
      if (text.startsWith("/")) {
        return Path.of(text).toUri();
      }
      return URI.create(text.contains(":") ? text : "classpath:" + text);
    } catch (IllegalArgumentException e) {
      throw new CacheException(
          ConfigSettings.CONFIG_URI
              + "="
              + text
              + " is not a URI; use classpath:<resource>, file:<path> or a classpath resource"
              + " name",
          e);
    }
  }

  /** Every {@code nearcache.*} setting among Hibernate's, for the provider. */
  static Properties nearcacheProperties(Map<String, Object> settings) {
    Properties properties = new Properties();
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      if (setting.getKey().startsWith(NEARCACHE_PREFIX) && setting.getValue() != null) {
        properties.setProperty(setting.getKey(), setting.getValue().toString());
      }
    }
    return properties;
  }

  @Override
  public DomainDataRegion buildDomainDataRegion(
      DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
    return new NearcacheDomainDataRegion(
        regionConfig,
        this,
        regionStorage(regionConfig.getRegionName(), buildingContext.getSessionFactory()),
        getImplicitCacheKeysFactory(),
        buildingContext);
  }

  @Override
  protected DomainDataStorageAccess createDomainDataStorageAccess(
      DomainDataRegionConfig regionConfig, DomainDataRegionBuildingContext buildingContext) {
    return regionStorage(regionConfig.getRegionName(), buildingContext.getSessionFactory());
  }

  private RegionStorage regionStorage(String regionName, SessionFactoryImplementor sessionFactory) {
    return new RegionStorage(regionCache(regionName, sessionFactory, false), this::nextTimestamp);
  }

  @Override
  protected StorageAccess createQueryResultsRegionStorageAccess(
      String regionName, SessionFactoryImplementor sessionFactory) {
    String name =
        defaultRegionName(
            regionName,
            sessionFactory,
            DEFAULT_QUERY_RESULTS_REGION_UNQUALIFIED_NAME,
            LEGACY_QUERY_RESULTS_REGION_UNQUALIFIED_NAMES);
    return new RegionStorage(regionCache(name, sessionFactory, false), this::nextTimestamp);
  }

  @Override
  protected StorageAccess createTimestampsRegionStorageAccess(
      String regionName, SessionFactoryImplementor sessionFactory) {
    String name =
        defaultRegionName(
            regionName,
            sessionFactory,
            DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME,
            LEGACY_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAMES);
    return new UpdateTimestampsStorage(regionCache(name, sessionFactory, true), this);
  }

  @Override
  protected Cache<Object, Object> getOrCreateCache(
      String unqualifiedRegionName, SessionFactoryImplementor sessionFactory) {
    return regionCache(unqualifiedRegionName, sessionFactory, false);
  }

  @Override
  protected Cache<Object, Object> createCache(String regionName) {
    return create(regionName, false);
  }

  @Override
  protected boolean cacheExists(
      String unqualifiedRegionName, SessionFactoryImplementor sessionFactory) {
    String name = qualified(unqualifiedRegionName, sessionFactory);
    return isCreated(name) || isConfigured(name);
  }

  private Cache<Object, Object> regionCache(
      String unqualifiedRegionName, SessionFactoryImplementor sessionFactory, boolean timestamps) {
    verifyStarted();
    String name = qualified(unqualifiedRegionName, sessionFactory);
    if (isCreated(name)) {
      return cacheManager.getCache(name);
    }
    if (!isConfigured(name)) {
      if (missingCacheStrategy == MissingCacheStrategy.FAIL) {
        throw new CacheException(
            "No nearcache cache for the Hibernate region "
                + name
                + ", and "
                + ConfigSettings.MISSING_CACHE_STRATEGY
                + "=fail: name it in the nearcache properties (nearcache.caches."
                + name
                + ".<key>), create it in the CacheManager first, or remove the setting");
      }
      if (missingCacheStrategy == MissingCacheStrategy.CREATE_WARN) {
        LOG.log(
            Level.WARNING,
            "nearcache cache for the Hibernate region "
                + name
                + " was created with the region defaults; set "
                + ConfigSettings.MISSING_CACHE_STRATEGY
                + "=create to create region caches silently");
      }
    }
    return create(name, timestamps);
  }

  private Cache<Object, Object> create(String name, boolean timestamps) {
    NearCacheConfiguration<Object, Object> configuration = new NearCacheConfiguration<>();
    configuration.setStoreByValue(false);
    configuration.setStatisticsEnabled(statisticsEnabled);
    configuration.setSerializationAllow(HibernateAllowlist.PATTERNS);
    if (timestamps && !hasOwnSetting(name, "near.maximum-size")) {
      configuration.setMaximumSize(0);
    }
    try {
      return cacheManager.createCache(name, configuration);
    } catch (javax.cache.CacheException e) {
      if (isCreated(name)) {
        // Another session factory on this CacheManager created it meanwhile.
        return cacheManager.getCache(name);
      }
      throw e;
    }
  }

  private String qualified(String unqualifiedRegionName, SessionFactoryImplementor sessionFactory) {
    return RegionNameQualifier.INSTANCE.qualify(
        unqualifiedRegionName, sessionFactory.getSessionFactoryOptions());
  }

  private boolean isCreated(String name) {
    for (String created : cacheManager.getCacheNames()) {
      if (created.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private boolean isConfigured(String name) {
    return nearcache().configuredCacheNames().contains(name);
  }

  private boolean hasOwnSetting(String name, String key) {
    return nearcache().asMap().containsKey(NEARCACHE_PREFIX + "caches." + name + "." + key);
  }

  private NearcacheProperties nearcache() {
    return cacheManager.unwrap(NearCacheManager.class).nearcacheProperties();
  }

  @Override
  protected void releaseFromUse() {
    // Unlike hibernate-jcache, never close a CacheManager that was passed in.
    CacheManager manager = cacheManager;
    cacheManager = null;
    if (manager != null && ownsCacheManager) {
      OwnedCacheManagers.release(manager);
    }
  }
}
