package io.nearcache.jcache.management;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.stats.CacheStats;
import javax.cache.management.CacheStatisticsMXBean;

/** The standard statistics MXBean of one cache, reading its {@link CacheStats}. */
public final class NearCacheStatisticsMXBean implements CacheStatisticsMXBean {
  private final CacheStats stats;

  /** Creates the bean over a cache's counters. */
  public NearCacheStatisticsMXBean(CacheStats stats) {
    this.stats = requireNonNull(stats);
  }

  @Override
  public void clear() {
    stats.clear();
  }

  @Override
  public long getCacheHits() {
    return stats.hits();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = stats.gets();
    return gets == 0 ? 0f : 100f * stats.hits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return stats.misses();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = stats.gets();
    return gets == 0 ? 0f : 100f * stats.misses() / gets;
  }

  @Override
  public long getCacheGets() {
    return stats.gets();
  }

  @Override
  public long getCachePuts() {
    return stats.puts();
  }

  @Override
  public long getCacheRemovals() {
    return stats.removals();
  }

  @Override
  public long getCacheEvictions() {
    return stats.evictions();
  }

  @Override
  public float getAverageGetTime() {
    return stats.averageGetMicros();
  }

  @Override
  public float getAveragePutTime() {
    return stats.averagePutMicros();
  }

  @Override
  public float getAverageRemoveTime() {
    return stats.averageRemoveMicros();
  }
}
