package io.nearcache.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes that each cache's keys and values are made of, found in the {@code @CacheResult}
 * methods' signatures: they are added to the cache's serialization allowlist and registered for
 * serialization in a native image.
 */
public final class CachedTypesBuildItem extends SimpleBuildItem {
  private final Map<String, List<String>> classesByCache;

  /** Holds the classes found for each cache, by class name. */
  public CachedTypesBuildItem(Map<String, List<String>> classesByCache) {
    this.classesByCache = Map.copyOf(classesByCache);
  }

  /** Class names per cache name. */
  public Map<String, List<String>> classesByCache() {
    return classesByCache;
  }

  /** Every class name found, in sort order. */
  public Set<String> allClasses() {
    Set<String> all = new TreeSet<>();
    classesByCache.values().forEach(all::addAll);
    return all;
  }
}
