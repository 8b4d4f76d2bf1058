package io.nearcache.jcache;

import io.nearcache.jcache.spi.NearCachingProvider;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Opens cache managers under URIs no other test uses, so caches and their MXBeans never collide
 * between tests of one JVM.
 */
public final class TestCacheManagers {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private TestCacheManagers() {}

  /** The nearcache provider, looked up as applications do. */
  public static CachingProvider provider() {
    return Caching.getCachingProvider(NearCachingProvider.class.getName());
  }

  /** A URI naming no configuration file, unique to this call. */
  public static URI uniqueUri(Class<?> owner) {
    return URI.create("test:" + owner.getSimpleName() + "-" + SEQUENCE.incrementAndGet());
  }

  /** A new manager with no configuration file. */
  public static CacheManager open(Class<?> owner) {
    return open(owner, new Properties());
  }

  /** A new manager with no configuration file and the given properties. */
  public static CacheManager open(Class<?> owner, Properties properties) {
    return provider().getCacheManager(uniqueUri(owner), owner.getClassLoader(), properties);
  }

  /** Properties from alternating keys and values. */
  public static Properties properties(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }
}
