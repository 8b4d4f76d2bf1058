package io.nearcache.quarkus.runtime;

import io.quarkus.arc.Arc;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheManager;
import io.quarkus.cache.CacheManagerInfo;
import io.quarkus.cache.runtime.CacheManagerImpl;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/** Creates the application's nearcache beans when it starts. */
@Recorder
public class NearcacheRecorder {
  /** The value of {@code quarkus.cache.type} that selects nearcache. */
  public static final String CACHE_TYPE = "nearcache";

  private final RuntimeValue<NearcacheRuntimeConfig> config;

  /** Receives the run-time configuration. */
  public NearcacheRecorder(RuntimeValue<NearcacheRuntimeConfig> config) {
    this.config = config;
  }

  /**
   * Creates the {@code javax.cache.CacheManager} bean.
   *
   * @param allowedByCache serialization patterns found at build time for each cache
   */
  public Function<SyntheticCreationalContext<javax.cache.CacheManager>, javax.cache.CacheManager>
      cacheManager(Map<String, List<String>> allowedByCache) {
    return context ->
        NearcacheCacheManagers.open(config.getValue(), ConfigProvider.getConfig(), allowedByCache);
  }

  /**
   * The backend that Quarkus' cache extension selects with {@code quarkus.cache.type=nearcache}.
   *
   * @param statistics whether the caches keep JCache statistics (meters are published)
   */
  public CacheManagerInfo cacheManagerInfo(boolean statistics) {
    return new CacheManagerInfo() {
      @Override
      public boolean supports(Context context) {
        return context.cacheEnabled() && CACHE_TYPE.equals(context.cacheType());
      }

      @Override
      public Supplier<CacheManager> get(Context context) {
        return () -> {
          javax.cache.CacheManager manager =
              Arc.container().instance(javax.cache.CacheManager.class).get();
          Map<String, Cache> caches = new HashMap<>();
          for (String name : context.cacheNames()) {
            caches.put(
                name,
                new NearcacheCache(
                    NearcacheCacheManagers.cache(manager, name, config.getValue(), statistics)));
          }
          return new CacheManagerImpl(caches);
        };
      }
    };
  }
}
