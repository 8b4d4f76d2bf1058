package io.nearcache.samples.embedded;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Reads a cache's statistics the way monitoring tools do: through its standard MXBean. */
final class Statistics {

  private Statistics() {}

  /**
   * Returns a proxy for the {@code javax.cache:type=CacheStatistics,CacheManager=...,Cache=name}
   * MXBean that the provider registers when statistics are enabled.
   */
  static CacheStatisticsMXBean of(Cache<?, ?> cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName pattern;
    try {
      pattern = new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache.getName() + ",*");
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(
          "Cache name unusable in an MBean name: " + cache.getName(), e);
    }
    Set<ObjectName> names = server.queryNames(pattern, null);
    if (names.size() != 1) {
      throw new IllegalStateException(
          "Expected one statistics MXBean for cache " + cache.getName() + ", found " + names);
    }
    return JMX.newMXBeanProxy(server, names.iterator().next(), CacheStatisticsMXBean.class);
  }

  /** One line: hits, misses, hit ratio, puts and removals. */
  static String describe(CacheStatisticsMXBean stats) {
    return String.format(
        "hits %d, misses %d (hit ratio %.0f%%), puts %d, removals %d",
        stats.getCacheHits(),
        stats.getCacheMisses(),
        stats.getCacheHitPercentage(),
        stats.getCachePuts(),
        stats.getCacheRemovals());
  }
}
