package io.nearcache.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the standard names,
 * {@code javax.cache:type=<CacheConfiguration|CacheStatistics>,CacheManager=<uri>,Cache=<name>},
 * where the URI and name have {@code : , = \n} replaced by dots. Micrometer's {@code JCacheMetrics}
 * builds the same name, so it reads these beans.
 */
public final class JmxRegistrar {
  /** The two MXBean kinds a cache has. */
  public enum Kind {
    /** {@link javax.cache.management.CacheMXBean}. */
    CONFIGURATION("CacheConfiguration"),
    /** {@link javax.cache.management.CacheStatisticsMXBean}. */
    STATISTICS("CacheStatistics");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private JmxRegistrar() {}

  /** The standard object name of a cache's bean. */
  public static ObjectName objectName(Kind kind, URI managerUri, String cacheName) {
    String name =
        "javax.cache:type="
            + kind.type
            + ",CacheManager="
            + sanitize(managerUri.toString())
            + ",Cache="
            + sanitize(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cannot build the MXBean name " + name + " for cache " + cacheName, e);
    }
  }

  private static String sanitize(String text) {
    return text.replaceAll("[,:=\n]", ".");
  }

  /** Registers the bean, replacing nothing; a second registration of the same name is a no-op. */
  public static void register(Object bean, Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Registered concurrently by the same cache: nothing to do.
    } catch (Exception e) {
      throw new CacheException("Failed to register MXBean " + name + " of cache " + cacheName, e);
    }
  }

  /** Unregisters the bean if it is registered. */
  public static void unregister(Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Already gone.
    } catch (Exception e) {
      throw new CacheException("Failed to unregister MXBean " + name + " of cache " + cacheName, e);
    }
  }
}
