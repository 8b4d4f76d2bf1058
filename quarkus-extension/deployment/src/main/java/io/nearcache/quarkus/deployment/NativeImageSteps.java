package io.nearcache.quarkus.deployment;

import io.nearcache.jcache.spi.NearCachingProvider;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;
import java.util.ArrayList;
import java.util.List;
import javax.cache.spi.CachingProvider;

/**
 * What a native image needs that static analysis cannot see: the provider found through the service
 * loader, the classes serialized to memcached, spymemcached's logger loaded by name, and the
 * Caffeine classes the near tier's builder instantiates reflectively. A native build is not tested.
 */
class NativeImageSteps {
  /** Caffeine's generated caches and nodes for the near tier's feature combinations. */
  private static final List<String> CAFFEINE_CLASSES =
      List.of(
          "SSL", "SSLA", "SSLMS", "SSLMSA", "SSLMW", "SSLMWA", "SS", "SSA", "SSMS", "SSMSA", "SSMW",
          "SSMWA", "PS", "PSA", "PSMS", "PSAMS", "PSMW", "PSAMW");

  /** Classes of the forms the extension stores keys and nulls in. */
  private static final List<String> REMOTE_FORMS =
      List.of(
          "io.nearcache.quarkus.runtime.RemoteForms$CompositeKey",
          "io.nearcache.quarkus.runtime.RemoteForms$NoArgumentKey",
          "io.nearcache.quarkus.runtime.RemoteForms$NullValue");

  /** Registers them; only a native build reads these items, so this costs a JVM build nothing. */
  @BuildStep
  void register(
      CachedTypesBuildItem types,
      BuildProducer<ServiceProviderBuildItem> services,
      BuildProducer<ReflectiveClassBuildItem> reflection,
      BuildProducer<NativeImageResourceBuildItem> resources) {
    services.produce(
        new ServiceProviderBuildItem(
            CachingProvider.class.getName(), NearCachingProvider.class.getName()));
    reflection.produce(
        ReflectiveClassBuildItem.builder(NearCachingProvider.class.getName())
            .reason(getClass().getName())
            .constructors()
            .build());
    reflection.produce(
        ReflectiveClassBuildItem.builder(
                "io.nearcache.jcache.remote.SpyJdkLogger",
                "net.spy.memcached.compat.log.SLF4JLogger",
                "net.spy.memcached.compat.log.SunLogger",
                "net.spy.memcached.compat.log.DefaultLogger")
            .reason(getClass().getName())
            .constructors()
            .build());
    List<String> serialized = new ArrayList<>(REMOTE_FORMS);
    serialized.addAll(types.allClasses());
    reflection.produce(
        ReflectiveClassBuildItem.builder(serialized.toArray(new String[0]))
            .reason(getClass().getName())
            .serialization()
            .build());
    List<String> caffeine = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String simpleName : CAFFEINE_CLASSES) {
      String name = "com.github.benmanes.caffeine.cache." + simpleName;
      if (loader.getResource(name.replace('.', '/') + ".class") != null) {
        caffeine.add(name);
      }
    }
    reflection.produce(
        ReflectiveClassBuildItem.builder(caffeine.toArray(new String[0]))
            .reason(getClass().getName())
            .constructors()
            .fields()
            .build());
    resources.produce(new NativeImageResourceBuildItem("nearcache.properties"));
  }
}
