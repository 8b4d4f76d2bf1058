package io.nearcache.jcache;

import com.github.benmanes.caffeine.cache.Policy;
import javax.cache.Cache;

/** Looks into a cache's Caffeine near tier through {@link Cache#unwrap}. */
public final class NearTiers {
  private NearTiers() {}

  /** The Caffeine cache behind a JCache cache. */
  @SuppressWarnings("unchecked")
  public static com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine(
      Cache<?, ?> cache) {
    return cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class);
  }

  /** The near tier's eviction policy; fails when the tier is unbounded. */
  public static Policy.Eviction<Object, Object> eviction(Cache<?, ?> cache) {
    return caffeine(cache)
        .policy()
        .eviction()
        .orElseThrow(() -> new AssertionError("near tier of " + cache.getName() + " is unbounded"));
  }

  /** The near tier's entry or weight bound. */
  public static long maximum(Cache<?, ?> cache) {
    return eviction(cache).getMaximum();
  }

  /**
   * Runs the near tier's pending maintenance and waits (at most 5 s) for the notifications it
   * hands to the common pool (expiry events, eviction counts), then returns its entry count.
   */
  public static long settledSize(Cache<?, ?> cache) {
    com.github.benmanes.caffeine.cache.Cache<Object, Object> near = caffeine(cache);
    near.cleanUp();
    java.util.concurrent.ForkJoinPool.commonPool()
        .awaitQuiescence(5, java.util.concurrent.TimeUnit.SECONDS);
    near.cleanUp();
    java.util.concurrent.ForkJoinPool.commonPool()
        .awaitQuiescence(5, java.util.concurrent.TimeUnit.SECONDS);
    return near.estimatedSize();
  }
}
