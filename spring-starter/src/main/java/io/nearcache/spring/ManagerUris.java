package io.nearcache.spring;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.cache.CacheManager;

/**
 * Gives every live CacheManager the starter creates a URI of its own: {@code
 * nearcache:spring/<application>}, then {@code -2}, {@code -3}, ... while an earlier one is open.
 * JCache providers keep one CacheManager per URI, so two application contexts alive in one JVM
 * (tests with different configurations, a parent and a child context) would otherwise share one,
 * with the first one's configuration, and its MXBeans and metrics. The URI names no file.
 */
final class ManagerUris {
  private static final Map<URI, CacheManager> LIVE = new HashMap<>();

  private ManagerUris() {}

  /**
   * Creates a CacheManager under the first free URI for the application, holding the lock while it
   * does so that two contexts starting together never pick the same one.
   */
  static CacheManager create(String applicationName, Function<URI, CacheManager> factory) {
    String base = "nearcache:spring/" + sanitize(applicationName);
    synchronized (LIVE) {
      LIVE.values().removeIf(CacheManager::isClosed);
      for (int n = 1; ; n++) {
        URI uri = URI.create(n == 1 ? base : base + "-" + n);
        if (!LIVE.containsKey(uri)) {
          CacheManager manager = factory.apply(uri);
          LIVE.put(uri, manager);
          return manager;
        }
      }
    }
  }

  /**
   * Keeps letters, digits, dots, dashes and underscores, so that the URI reads the same in the
   * MXBean names the provider registers and the names Micrometer looks them up by.
   */
  static String sanitize(String name) {
    String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() ? "application" : cleaned;
  }
}
