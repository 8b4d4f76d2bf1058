package io.nearcache.spring.actuate;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.stats.CacheStats;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.spring.NearcacheCaches;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Micrometer meters for every nearcache cache, per tier and zone, tagged {@code cache=<name>}:
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code nearcache.near.gets}</td><td>{@code result=hit|miss}</td>
 *       <td>reads the near tier served or passed on</td></tr>
 *   <tr><td>{@code nearcache.remote.hits}</td><td>{@code zone}</td><td>reads a zone served</td></tr>
 *   <tr><td>{@code nearcache.remote.misses}</td><td></td>
 *       <td>reads no reachable zone could serve</td></tr>
 *   <tr><td>{@code nearcache.remote.failures}</td><td>{@code zone}</td>
 *       <td>operations on a zone that failed or timed out</td></tr>
 *   <tr><td>{@code nearcache.remote.replication.failures}</td><td>{@code zone}</td>
 *       <td>writes that reached the arbiter but not this zone</td></tr>
 *   <tr><td>{@code nearcache.remote.warm.ups}, {@code .skipped.writes}, {@code .rejected.values},
 *       {@code .cas.retries}, {@code .replays}</td><td></td><td>see {@link RemoteCounters}</td></tr>
 *   <tr><td>{@code nearcache.latency}</td><td>{@code operation=get|put|remove}</td>
 *       <td>a function timer: calls and total time, from the JCache statistics</td></tr>
 *   <tr><td>{@code nearcache.coherence.polls}, {@code .poll.failures}, {@code .invalidations}</td>
 *       <td></td><td>journal polls and invalidations applied to the near tier</td></tr>
 *   <tr><td>{@code nearcache.coherence.repairs}</td><td>{@code scope=partition|full}</td>
 *       <td>near copies dropped because invalidations may have been lost</td></tr>
 *   <tr><td>{@code nearcache.coherence.lag}</td><td>{@code le} (seconds, cumulative)</td>
 *       <td>invalidations applied within each bound of the lag histogram</td></tr>
 *   <tr><td>{@code nearcache.coherence.lag.max}</td><td></td><td>the largest lag seen</td></tr>
 * </table>
 *
 * <p>Caches on the near tier alone report only {@code nearcache.near.gets} (from their JCache
 * statistics) and {@code nearcache.latency}. Caches open when the registry is bound, and those
 * opened by the time every singleton exists (Hibernate regions, configured caches), get meters; a
 * cache created later gets them through {@link #bindNewCaches()}.
 */
public final class NearcacheMetrics implements MeterBinder, SmartInitializingSingleton {
  private final NearcacheCaches caches;
  private final Iterable<Tag> tags;
  private final List<Bound> registries = new CopyOnWriteArrayList<>();

  /**
   * Creates the binder.
   *
   * @param caches the application's nearcache caches
   * @param tags added to every meter
   */
  public NearcacheMetrics(NearcacheCaches caches, Iterable<Tag> tags) {
    this.caches = requireNonNull(caches, "caches");
    this.tags = Tags.of(requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Bound bound = new Bound(registry);
    registries.add(bound);
    bind(bound);
  }

  /** Binds the caches opened since the registries were bound. */
  @Override
  public void afterSingletonsInstantiated() {
    bindNewCaches();
  }

  /** Gives meters to every open cache that has none yet, in every bound registry. */
  public void bindNewCaches() {
    registries.forEach(this::bind);
  }

  private void bind(Bound bound) {
    for (NearCache<?, ?> cache : caches.openAll()) {
      if (bound.cacheNames.add(cache.getName())) {
        bindCache(bound.registry, cache);
      }
    }
  }

  private void bindCache(MeterRegistry registry, NearCache<?, ?> cache) {
    Tags cacheTags = Tags.of(tags).and("cache", cache.getName());
    RemoteCounters remote = cache.remoteCounters();
    CacheStats stats = cache.statistics();
    if (remote == null) {
      counter(
          registry,
          "nearcache.near.gets",
          cacheTags.and("result", "hit"),
          stats,
          CacheStats::hits,
          "Reads the near tier served");
      counter(
          registry,
          "nearcache.near.gets",
          cacheTags.and("result", "miss"),
          stats,
          CacheStats::misses,
          "Reads the near tier could not serve");
    } else {
      bindRemote(registry, cache, remote, cacheTags);
    }
    timer(
        registry,
        cacheTags.and("operation", "get"),
        stats,
        CacheStats::gets,
        CacheStats::averageGetMicros);
    timer(
        registry,
        cacheTags.and("operation", "put"),
        stats,
        CacheStats::puts,
        CacheStats::averagePutMicros);
    timer(
        registry,
        cacheTags.and("operation", "remove"),
        stats,
        CacheStats::removals,
        CacheStats::averageRemoveMicros);
    CoherenceMetrics coherence = cache.coherenceMetrics();
    if (coherence != null) {
      bindCoherence(registry, coherence, cacheTags);
    }
  }

  private void bindRemote(
      MeterRegistry registry, NearCache<?, ?> cache, RemoteCounters remote, Tags cacheTags) {
    counter(
        registry,
        "nearcache.near.gets",
        cacheTags.and("result", "hit"),
        remote,
        RemoteCounters::nearHits,
        "Reads the near tier served");
    counter(
        registry,
        "nearcache.near.gets",
        cacheTags.and("result", "miss"),
        remote,
        r -> sum(r.remoteHits()) + r.remoteMisses(),
        "Reads the near tier passed on to the remote tier");
    for (String zone : zones(cache, remote)) {
      Tags zoneTags = cacheTags.and("zone", zone);
      counter(
          registry,
          "nearcache.remote.hits",
          zoneTags,
          remote,
          r -> valueOf(r.remoteHits(), zone),
          "Reads a zone served");
      counter(
          registry,
          "nearcache.remote.failures",
          zoneTags,
          remote,
          r -> valueOf(r.failures(), zone),
          "Operations on a zone that failed or timed out");
      counter(
          registry,
          "nearcache.remote.replication.failures",
          zoneTags,
          remote,
          r -> valueOf(r.failedReplications(), zone),
          "Writes that reached the arbiter but not this zone");
    }
    counter(
        registry,
        "nearcache.remote.misses",
        cacheTags,
        remote,
        RemoteCounters::remoteMisses,
        "Reads no reachable zone could serve");
    counter(
        registry,
        "nearcache.remote.warm.ups",
        cacheTags,
        remote,
        RemoteCounters::warmUps,
        "Hits from another zone copied into the local zone");
    counter(
        registry,
        "nearcache.remote.skipped.writes",
        cacheTags,
        remote,
        RemoteCounters::skippedWrites,
        "Writes no zone accepted, kept in the near tier only");
    counter(
        registry,
        "nearcache.remote.rejected.values",
        cacheTags,
        remote,
        RemoteCounters::rejectedValues,
        "Values in memcached that could not be used: corrupt, foreign or of a class not allowed");
    counter(
        registry,
        "nearcache.remote.cas.retries",
        cacheTags,
        remote,
        RemoteCounters::casRetries,
        "Conditional writes that lost a race and started over");
    counter(
        registry,
        "nearcache.remote.replays",
        cacheTags,
        remote,
        RemoteCounters::replayed,
        "Writes replayed into a zone that missed them");
  }

  private void bindCoherence(MeterRegistry registry, CoherenceMetrics coherence, Tags cacheTags) {
    counter(
        registry,
        "nearcache.coherence.polls",
        cacheTags,
        coherence,
        CoherenceMetrics::polls,
        "Invalidation journal polls");
    counter(
        registry,
        "nearcache.coherence.poll.failures",
        cacheTags,
        coherence,
        CoherenceMetrics::pollFailures,
        "Journal polls no zone answered");
    counter(
        registry,
        "nearcache.coherence.invalidations",
        cacheTags,
        coherence,
        CoherenceMetrics::recordsApplied,
        "Invalidations from other JVMs applied to the near tier");
    counter(
        registry,
        "nearcache.coherence.repairs",
        cacheTags.and("scope", "partition"),
        coherence,
        CoherenceMetrics::partitionRepairs,
        "Near copies dropped because invalidations may have been lost");
    counter(
        registry,
        "nearcache.coherence.repairs",
        cacheTags.and("scope", "full"),
        coherence,
        CoherenceMetrics::fullRepairs,
        "Near copies dropped because invalidations may have been lost");
    long[] bounds = CoherenceMetrics.LAG_BOUNDS_MILLIS;
    for (int i = 0; i <= bounds.length; i++) {
      int upTo = i;
      String le = i == bounds.length ? "+Inf" : Double.toString(bounds[i] / 1000.0);
      counter(
          registry,
          "nearcache.coherence.lag",
          cacheTags.and("le", le),
          coherence,
          c -> cumulative(c.lagHistogram(), upTo),
          "Invalidations applied within the bound (cumulative), from the write to the near copy's"
              + " removal");
    }
    TimeGauge.builder(
            "nearcache.coherence.lag.max",
            coherence,
            TimeUnit.MILLISECONDS,
            CoherenceMetrics::maxLagMillis)
        .tags(cacheTags)
        .description("The largest invalidation lag seen")
        .register(registry);
  }

  private static Set<String> zones(NearCache<?, ?> cache, RemoteCounters remote) {
    Set<String> zones = new LinkedHashSet<>();
    NearCacheManager manager = cache.getCacheManager().unwrap(NearCacheManager.class);
    for (ZoneHealth zone : manager.remoteHealth().zones()) {
      zones.add(zone.zone());
    }
    zones.addAll(remote.remoteHits().keySet());
    return zones;
  }

  private static <T> void counter(
      MeterRegistry registry,
      String name,
      Tags tags,
      T source,
      ToDoubleFunction<T> count,
      String description) {
    FunctionCounter.builder(name, source, count)
        .tags(tags)
        .description(description)
        .register(registry);
  }

  private static void timer(
      MeterRegistry registry,
      Tags tags,
      CacheStats stats,
      ToDoubleFunction<CacheStats> count,
      ToDoubleFunction<CacheStats> averageMicros) {
    FunctionTimer.builder(
            "nearcache.latency",
            stats,
            s -> (long) count.applyAsDouble(s),
            s -> averageMicros.applyAsDouble(s) * count.applyAsDouble(s),
            TimeUnit.MICROSECONDS)
        .tags(tags)
        .description("Time spent in cache operations (JCache statistics must be on)")
        .register(registry);
  }

  private static double cumulative(long[] histogram, int upTo) {
    long total = 0;
    for (int i = 0; i <= upTo; i++) {
      total += histogram[i];
    }
    return total;
  }

  private static double sum(Map<String, Long> perZone) {
    long total = 0;
    for (long value : perZone.values()) {
      total += value;
    }
    return total;
  }

  private static double valueOf(Map<String, Long> perZone, String zone) {
    return perZone.getOrDefault(zone, 0L);
  }

  /** A registry and the caches bound in it. */
  private static final class Bound {
    final MeterRegistry registry;
    final Set<String> cacheNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Bound(MeterRegistry registry) {
      this.registry = registry;
    }
  }
}
