package io.nearcache.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads a cache's MXBeans from the platform MBean server under the names that monitoring tools
 * build for themselves:
 * {@code javax.cache:type=<type>,CacheManager=<uri, ':' as '.'>,Cache=<name>}.
 */
public final class CacheBeans {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private CacheBeans() {}

  /** The statistics bean's name, built as Micrometer's {@code JCacheMetrics} builds it. */
  public static ObjectName statisticsName(Cache<?, ?> cache) {
    return name("CacheStatistics", cache);
  }

  /** The configuration bean's name. */
  public static ObjectName configurationName(Cache<?, ?> cache) {
    return name("CacheConfiguration", cache);
  }

  private static ObjectName name(String type, Cache<?, ?> cache) {
    String uri = cache.getCacheManager().getURI().toString().replace(':', '.');
    try {
      return new ObjectName(
          "javax.cache:type=" + type + ",CacheManager=" + uri + ",Cache=" + cache.getName());
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether a bean is registered under the name. */
  public static boolean isRegistered(ObjectName name) {
    return SERVER.isRegistered(name);
  }

  /** One attribute of a cache's statistics bean, e.g. {@code CacheEvictions}. */
  public static long statistic(Cache<?, ?> cache, String attribute) {
    try {
      return (Long) SERVER.getAttribute(statisticsName(cache), attribute);
    } catch (JMException e) {
      throw new AssertionError("Cannot read " + attribute + " of cache " + cache.getName(), e);
    }
  }
}
