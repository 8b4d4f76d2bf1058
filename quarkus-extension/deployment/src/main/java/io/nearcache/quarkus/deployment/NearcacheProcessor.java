package io.nearcache.quarkus.deployment;

import static io.quarkus.deployment.annotations.ExecutionTime.RUNTIME_INIT;

import io.nearcache.quarkus.runtime.NearcacheBuildTimeConfig;
import io.nearcache.quarkus.runtime.NearcacheMeterBinder;
import io.nearcache.quarkus.runtime.NearcacheReadinessCheck;
import io.nearcache.quarkus.runtime.NearcacheRecorder;
import io.quarkus.arc.BeanDestroyer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.cache.deployment.CacheManagerInfoBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import javax.cache.CacheManager;

/**
 * The build steps of the nearcache extension: the {@code javax.cache.CacheManager} bean, the {@code
 * nearcache} backend of Quarkus' cache annotations, the cached types' allowlist, the readiness
 * check and the meters.
 */
class NearcacheProcessor {
  static final String FEATURE = "nearcache";

  @BuildStep
  FeatureBuildItem feature() {
    return new FeatureBuildItem(FEATURE);
  }

  @BuildStep
  CachedTypesBuildItem cachedTypes(CombinedIndexBuildItem index, NearcacheBuildTimeConfig config) {
    if (!config.serialization().allowCachedTypes()) {
      return new CachedTypesBuildItem(Map.of());
    }
    return new CachedTypesBuildItem(new CachedTypeScanner(index.getIndex()).scan());
  }

  @BuildStep
  @Record(RUNTIME_INIT)
  SyntheticBeanBuildItem cacheManagerBean(NearcacheRecorder recorder, CachedTypesBuildItem types) {
    return SyntheticBeanBuildItem.configure(CacheManager.class)
        .scope(Singleton.class)
        .defaultBean()
        .unremovable()
        .setRuntimeInit()
        // Created at start-up, so that a configuration mistake stops the application at once.
        .startup()
        .createWith(recorder.cacheManager(types.classesByCache()))
        .destroyer(BeanDestroyer.CloseableDestroyer.class)
        .done();
  }

  @BuildStep
  @Record(RUNTIME_INIT)
  CacheManagerInfoBuildItem cacheBackend(
      NearcacheRecorder recorder,
      NearcacheBuildTimeConfig config,
      Optional<MetricsCapabilityBuildItem> metrics) {
    return new CacheManagerInfoBuildItem(
        recorder.cacheManagerInfo(metersPublished(config, metrics)));
  }

  @BuildStep
  void health(
      NearcacheBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<HealthBuildItem> health) {
    if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
      health.produce(
          new HealthBuildItem(NearcacheReadinessCheck.class.getName(), config.health().enabled()));
    }
  }

  @BuildStep
  void meters(
      NearcacheBuildTimeConfig config,
      Optional<MetricsCapabilityBuildItem> metrics,
      BuildProducer<AdditionalBeanBuildItem> beans) {
    if (metersPublished(config, metrics)) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(NearcacheMeterBinder.class));
    }
  }

  private static boolean metersPublished(
      NearcacheBuildTimeConfig config, Optional<MetricsCapabilityBuildItem> metrics) {
    return config.metrics().enabled()
        && metrics.isPresent()
        && metrics.get().metricsSupported(MetricsFactory.MICROMETER);
  }
}
