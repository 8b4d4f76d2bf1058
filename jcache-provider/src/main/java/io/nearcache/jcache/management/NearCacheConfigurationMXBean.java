package io.nearcache.jcache.management;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The standard configuration MXBean of one cache. */
public final class NearCacheConfigurationMXBean implements CacheMXBean {
  private final Cache<?, ?> cache;

  /** Creates the bean over a cache, reading its live configuration. */
  public NearCacheConfigurationMXBean(Cache<?, ?> cache) {
    this.cache = requireNonNull(cache);
  }

  private CompleteConfiguration<?, ?> configuration() {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<?, ?> c = cache.getConfiguration(CompleteConfiguration.class);
    return c;
  }

  @Override
  public String getKeyType() {
    return configuration().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration().isManagementEnabled();
  }
}
