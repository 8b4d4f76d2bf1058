package io.nearcache.spring.hibernate;

import static java.util.Objects.requireNonNull;

import io.nearcache.hibernate.NearcacheRegionFactory;
import io.nearcache.jcache.spi.NearCacheManager;
import java.util.Map;
import javax.cache.CacheManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;

/**
 * Puts Hibernate's second-level cache on the application's nearcache CacheManager: selects
 * nearcache's region factory ({@code hibernate.cache.region.factory_class=nearcache}) and hands it
 * the CacheManager bean ({@code hibernate.javax.cache.cache_manager}), which the region factory
 * uses without closing it, so the application context closes it once, after the
 * EntityManagerFactory.
 *
 * <p>An application that names another region factory, or passes a CacheManager of its own, keeps
 * its choice.
 */
public final class NearcacheHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {
  /** Hibernate's property selecting the region factory. */
  public static final String REGION_FACTORY = "hibernate.cache.region.factory_class";

  /** hibernate-jcache's property passing a CacheManager instance. */
  public static final String CACHE_MANAGER = "hibernate.javax.cache.cache_manager";

  private final ObjectProvider<CacheManager> cacheManagers;

  /** Creates the customizer over the application's JCache CacheManagers. */
  public NearcacheHibernatePropertiesCustomizer(ObjectProvider<CacheManager> cacheManagers) {
    this.cacheManagers = requireNonNull(cacheManagers, "cacheManagers");
  }

  @Override
  public void customize(Map<String, Object> hibernateProperties) {
    Object factory = hibernateProperties.get(REGION_FACTORY);
    if (factory != null && !isNearcache(factory)) {
      return;
    }
    CacheManager manager =
        cacheManagers
            .orderedStream()
            .filter(NearCacheManager.class::isInstance)
            .findFirst()
            .orElse(null);
    if (manager == null) {
      return;
    }
    hibernateProperties.put(REGION_FACTORY, NearcacheRegionFactory.SHORT_NAME);
    hibernateProperties.putIfAbsent(CACHE_MANAGER, manager);
  }

  private static boolean isNearcache(Object factory) {
    if (factory instanceof NearcacheRegionFactory) {
      return true;
    }
    String name = factory instanceof Class<?> type ? type.getName() : factory.toString().trim();
    return NearcacheRegionFactory.SHORT_NAME.equals(name)
        || NearcacheRegionFactory.class.getName().equals(name);
  }
}
