package io.nearcache.hibernate;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * The CacheManagers that region factories obtained from the provider themselves, with how many
 * session factories use each. The provider hands out one manager per URI and class loader, so two
 * session factories with the same {@code hibernate.javax.cache.uri} share one: it is closed when
 * the last of them closes, not when the first does.
 */
final class OwnedCacheManagers {
  private static final Logger LOG = System.getLogger(OwnedCacheManagers.class.getName());
  private static final Map<CacheManager, Integer> USERS = new IdentityHashMap<>();

  private OwnedCacheManagers() {}

  /** Obtains the manager for {@code uri} and counts one more user of it. */
  static CacheManager acquire(
      CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    synchronized (USERS) {
      USERS.keySet().removeIf(CacheManager::isClosed);
      CacheManager manager = provider.getCacheManager(uri, classLoader, properties);
      int users = USERS.merge(manager, 1, Integer::sum);
      if (users > 1 && !properties.equals(manager.getProperties())) {
        LOG.log(
            Level.WARNING,
            "nearcache CacheManager "
                + uri
                + " is already in use by another session factory, with other nearcache.*"
                + " properties; this session factory uses those. Give it its own"
                + " hibernate.javax.cache.uri to use its own properties");
      }
      return manager;
    }
  }

  /** Counts one user less, and closes the manager when it was the last. */
  static void release(CacheManager manager) {
    boolean last;
    synchronized (USERS) {
      Integer users = USERS.get(manager);
      last = users == null || users <= 1;
      if (last) {
        USERS.remove(manager);
      } else {
        USERS.put(manager, users - 1);
      }
    }
    if (last) {
      manager.close();
    }
  }
}
