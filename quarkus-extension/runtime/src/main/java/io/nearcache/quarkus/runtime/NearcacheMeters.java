package io.nearcache.quarkus.runtime;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.stats.CacheStats;
import io.nearcache.jcache.stats.RemoteCounters;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Publishes nearcache's figures as Micrometer meters. The extension binds every cache that exists
 * when the application starts; bind a cache created later with {@link #bindCache}.
 *
 * <p>Per cache, tagged {@code cache}: {@code cache.gets} ({@code result=hit|miss}), {@code
 * cache.puts}, {@code cache.removals}, {@code cache.evictions} (JCache statistics, counted while
 * statistics are on), and, with a remote tier, {@code nearcache.near.hits}, {@code
 * nearcache.remote.hits} and {@code nearcache.remote.failures} (tagged {@code zone}), {@code
 * nearcache.remote.misses}, {@code nearcache.remote.warm.ups}, {@code
 * nearcache.remote.skipped.writes}, {@code nearcache.remote.rejected.values}, {@code
 * nearcache.remote.replays}, {@code nearcache.coherence.polls}, {@code
 * nearcache.coherence.poll.failures}, {@code nearcache.coherence.invalidations}, {@code
 * nearcache.coherence.repairs} ({@code scope=partition|full}) and the gauge {@code
 * nearcache.coherence.lag.max} (milliseconds). Per zone of every server pool, tagged {@code pool}
 * ({@code default} for {@code quarkus.nearcache.zones}) and {@code zone}: the gauges {@code
 * nearcache.remote.nodes.up} and {@code nearcache.remote.nodes.down}.
 */
public final class NearcacheMeters {
  private NearcacheMeters() {}

  /** Binds the remote tier's node gauges of a nearcache CacheManager; none without zones. */
  public static void bindManager(MeterRegistry registry, CacheManager manager) {
    requireNonNull(registry, "registry");
    NearCacheManager nearcache = manager.unwrap(NearCacheManager.class);
    nearcache
        .poolHealth()
        .forEach(
            (pool, health) -> {
              for (ZoneHealth zone : health.zones()) {
                Tags tags = Tags.of("pool", pool, "zone", zone.zone());
                gauge(
                    registry,
                    "nearcache.remote.nodes.up",
                    tags,
                    nearcache,
                    m -> nodes(m, pool, zone.zone(), true),
                    "memcached nodes of the zone that answer");
                gauge(
                    registry,
                    "nearcache.remote.nodes.down",
                    tags,
                    nearcache,
                    m -> nodes(m, pool, zone.zone(), false),
                    "memcached nodes of the zone marked down");
              }
            });
  }

  private static double nodes(NearCacheManager manager, String pool, String zone, boolean up) {
    RemoteHealth health = manager.poolHealth().get(pool);
    for (ZoneHealth z : health == null ? List.<ZoneHealth>of() : health.zones()) {
      if (z.zone().equals(zone)) {
        return up ? z.nodesUp() : z.nodesDown();
      }
    }
    return 0;
  }

  /** Binds the meters of one nearcache cache. */
  public static void bindCache(MeterRegistry registry, Cache<?, ?> cache) {
    requireNonNull(registry, "registry");
    NearCache<?, ?> nearcache = cache.unwrap(NearCache.class);
    Tags tags = Tags.of("cache", cache.getName());
    CacheStats stats = nearcache.statistics();
    counter(
        registry,
        "cache.gets",
        tags.and("result", "hit"),
        stats,
        CacheStats::hits,
        "reads served by either tier");
    counter(
        registry,
        "cache.gets",
        tags.and("result", "miss"),
        stats,
        CacheStats::misses,
        "reads that found nothing");
    counter(registry, "cache.puts", tags, stats, CacheStats::puts, "entries written");
    counter(registry, "cache.removals", tags, stats, CacheStats::removals, "entries removed");
    counter(
        registry,
        "cache.evictions",
        tags,
        stats,
        CacheStats::evictions,
        "near-tier entries evicted for size");

    RemoteCounters remote = nearcache.remoteCounters();
    if (remote == null) {
      return;
    }
    counter(
        registry,
        "nearcache.near.hits",
        tags,
        remote,
        RemoteCounters::nearHits,
        "reads served by the near tier");
    List<String> zones =
        cache.getCacheManager().unwrap(NearCacheManager.class).remoteHealth().zones().stream()
            .map(ZoneHealth::zone)
            .collect(Collectors.toList());
    for (String zone : zones) {
      Tags zoneTags = tags.and("zone", zone);
      counter(
          registry,
          "nearcache.remote.hits",
          zoneTags,
          remote,
          r -> perZone(r.remoteHits(), zone),
          "reads served by a zone");
      counter(
          registry,
          "nearcache.remote.failures",
          zoneTags,
          remote,
          r -> perZone(r.failures(), zone),
          "operations on a zone that failed or timed out");
    }
    counter(
        registry,
        "nearcache.remote.misses",
        tags,
        remote,
        RemoteCounters::remoteMisses,
        "reads that no reachable zone could serve");
    counter(
        registry,
        "nearcache.remote.warm.ups",
        tags,
        remote,
        RemoteCounters::warmUps,
        "hits from another zone copied into the local zone");
    counter(
        registry,
        "nearcache.remote.skipped.writes",
        tags,
        remote,
        RemoteCounters::skippedWrites,
        "writes that no zone accepted, kept in the near tier only");
    counter(
        registry,
        "nearcache.remote.rejected.values",
        tags,
        remote,
        RemoteCounters::rejectedValues,
        "bytes in memcached that could not be used");
    counter(
        registry,
        "nearcache.remote.replays",
        tags,
        remote,
        RemoteCounters::replayed,
        "writes replayed into a zone that missed them");

    CoherenceMetrics coherence = nearcache.coherenceMetrics();
    if (coherence == null) {
      return;
    }
    counter(
        registry,
        "nearcache.coherence.polls",
        tags,
        coherence,
        CoherenceMetrics::polls,
        "reads of the invalidation journal");
    counter(
        registry,
        "nearcache.coherence.poll.failures",
        tags,
        coherence,
        CoherenceMetrics::pollFailures,
        "journal reads that no zone answered");
    counter(
        registry,
        "nearcache.coherence.invalidations",
        tags,
        coherence,
        CoherenceMetrics::recordsApplied,
        "near copies dropped for writes of other applications");
    counter(
        registry,
        "nearcache.coherence.repairs",
        tags.and("scope", "partition"),
        coherence,
        CoherenceMetrics::partitionRepairs,
        "journal partitions whose near copies were dropped");
    counter(
        registry,
        "nearcache.coherence.repairs",
        tags.and("scope", "full"),
        coherence,
        CoherenceMetrics::fullRepairs,
        "times every near copy was dropped");
    Gauge.builder("nearcache.coherence.lag.max", coherence, CoherenceMetrics::maxLagMillis)
        .tags(tags)
        .baseUnit("milliseconds")
        .description("the largest invalidation lag seen")
        .register(registry);
  }

  private static long perZone(Map<String, Long> counts, String zone) {
    return counts.getOrDefault(zone, 0L);
  }

  private static <T> void counter(
      MeterRegistry registry,
      String name,
      Tags tags,
      T source,
      java.util.function.ToLongFunction<T> count,
      String description) {
    FunctionCounter.builder(name, source, s -> count.applyAsLong(s))
        .tags(tags)
        .description(description)
        .register(registry);
  }

  private static <T> void gauge(
      MeterRegistry registry,
      String name,
      Tags tags,
      T source,
      ToDoubleFunction<T> value,
      String description) {
    Gauge.builder(name, source, value).tags(tags).description(description).register(registry);
  }
}
