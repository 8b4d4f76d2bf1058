package io.nearcache.jcache.remote.tier;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.MemcachedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Opens CacheManagers on a test cluster, each as if in its own JVM of one zone: its own URI, so
 * its own near tier and connections. Closes all of them at the end of a test.
 *
 * <p>Managers get a remote timeout of {@value #TIMEOUT} unless a test sets its own, so that a slow
 * answer on a loaded machine is not mistaken for a failed zone; tests about timeouts set theirs.
 */
final class TwoTierManagers implements AutoCloseable {
  /** The remote timeout managers get unless a test sets {@code nearcache.remote.timeout}. */
  static final String TIMEOUT = "1s";

  private final MemcachedCluster cluster;
  private final List<CacheManager> opened = new ArrayList<>();

  TwoTierManagers(MemcachedCluster cluster) {
    this.cluster = requireNonNull(cluster);
  }

  /**
   * A new manager whose local zone is {@code localZone}, with further {@code nearcache.*}
   * properties given as alternating keys and values.
   */
  CacheManager open(String localZone, String... keysAndValues) {
    Properties properties = cluster.asProperties();
    properties.setProperty(MemcachedCluster.LOCAL_ZONE, localZone);
    properties.setProperty("nearcache.remote.timeout", TIMEOUT);
    properties.putAll(TestCacheManagers.properties(keysAndValues));
    CacheManager manager = TestCacheManagers.open(TwoTierManagers.class, properties);
    opened.add(manager);
    return manager;
  }

  /** The remote-tier counters of a two-tier cache. */
  static RemoteCounters counters(Cache<?, ?> cache) {
    RemoteCounters counters = cache.unwrap(NearCache.class).remoteCounters();
    if (counters == null) {
      throw new AssertionError("cache " + cache.getName() + " has no remote tier");
    }
    return counters;
  }

  @Override
  public void close() {
    for (CacheManager manager : opened) {
      manager.close();
    }
    opened.clear();
  }
}
