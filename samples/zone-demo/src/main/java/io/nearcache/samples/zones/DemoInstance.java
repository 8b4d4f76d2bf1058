package io.nearcache.samples.zones;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneHealth;
import io.nearcache.jcache.spi.NearCacheManager;
import io.nearcache.jcache.stats.CacheStats;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.testsupport.ZipfSampler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;

/**
 * One application JVM of the demo, in one zone (from {@code -Dnearcache.*}). Two threads run a
 * Zipf-distributed read/write workload on a catalog cache through the JCache API (cache-aside: a
 * miss is filled with a put), and every half second it prints a {@code STATS} line: operations,
 * where the reads were served, latency and errors of that interval, and what it sees of every zone.
 * It obeys commands on standard input, for the scenes: {@code PUT key value}, {@code WAIT key
 * value} (read until the value shows, then say how long it took), {@code CACHED key} (whether the
 * near tier holds it), {@code HERD seconds} (read a hot
 * key through a slow loader), {@code REMOVE-HOT seconds period-ms} and {@code QUIT}.
 */
public final class DemoInstance {
  static final String CATALOG = "catalog";
  static final String HERD = "herd";
  static final String HOT_KEY = "hot";
  static final int KEYS = 5_000;
  private static final long REPORT_MILLIS = 500;
  private static final int WORKERS = 2;

  static final AtomicLong LOADS = new AtomicLong();

  private final String name;
  private final PrintStream out;
  private final Cache<String, String> catalog;
  private final Cache<String, String> herd;
  private final NearCacheManager manager;
  private final AtomicLong gets = new AtomicLong();
  private final AtomicLong puts = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  /** Get latency of the current interval, in buckets of 10 µs up to 100 ms. */
  private volatile AtomicLongArray latency = new AtomicLongArray(10_001);
  private volatile boolean running = true;

  private DemoInstance(String name, CacheManager cacheManager, PrintStream out) {
    this.name = name;
    this.out = out;
    this.manager = cacheManager.unwrap(NearCacheManager.class);
    this.catalog =
        cacheManager.createCache(
            CATALOG,
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setStatisticsEnabled(true));
    this.herd =
        cacheManager.createCache(
            HERD,
            new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class)));
  }

  /** Arguments: the instance's name. */
  public static void main(String[] args) throws Exception {
    CacheManager cacheManager =
        Caching.getCachingProvider("io.nearcache.jcache.spi.NearCachingProvider")
            .getCacheManager();
    DemoInstance instance = new DemoInstance(args[0], cacheManager, System.out);
    instance.run();
    cacheManager.close();
    System.exit(0);
  }

  private void run() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      threads.add(daemon("workload-" + i, this::workload));
    }
    threads.add(daemon("reporter", this::report));
    say("READY " + name);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; running && (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      try {
        switch (words[0]) {
          case "PUT" -> {
            catalog.put(words[1], words[2]);
            say("DONE PUT");
          }
          case "WAIT" -> waitFor(words[1], words[2]);
          case "CACHED" -> say("CACHED " + words[1] + " " + nearHolds(words[1]));
          // The long scenes run beside the command loop, so that commands keep being read.
          case "HERD" -> daemon("herd", () -> readHot(Integer.parseInt(words[1])));
          case "REMOVE-HOT" ->
              daemon(
                  "remover",
                  () -> removeHot(Integer.parseInt(words[1]), Integer.parseInt(words[2])));
          case "QUIT" -> running = false;
          default -> say("UNKNOWN " + line);
        }
      } catch (RuntimeException e) {
        say("FAILED " + words[0] + " " + e);
      }
    }
    running = false;
    for (Thread thread : threads) {
      thread.join(2_000);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private synchronized void say(String line) {
    out.println(line);
    out.flush();
  }

  /** Zipf 0.99 over the catalog: 95% reads, 5% writes; a miss is filled from "the database". */
  private void workload() {
    ZipfSampler zipf = new ZipfSampler(KEYS, 0.99);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long version = 0;
    while (running) {
      String key = "item-" + zipf.rank(random.nextDouble());
      try {
        if (random.nextInt(100) < 5) {
          catalog.put(key, key + "|" + name + "|" + (++version));
          puts.incrementAndGet();
          continue;
        }
        long start = System.nanoTime();
        String value = catalog.get(key);
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        latency.incrementAndGet((int) Math.min(10_000, micros / 10));
        gets.incrementAndGet();
        if (value == null) {
          catalog.putIfAbsent(key, key + "|" + name + "|" + (++version));
        } else if (!value.startsWith(key + "|")) {
          wrong.incrementAndGet();
        }
      } catch (RuntimeException e) {
        errors.incrementAndGet();
      }
    }
  }

  /** Prints one STATS line per interval with that interval's counts. */
  private void report() {
    NearCache<?, ?> nearCache = catalog.unwrap(NearCache.class);
    // Embedded caches have no remote tier: every hit is a near hit, every miss a miss.
    RemoteCounters counters = nearCache.remoteCounters();
    CacheStats statistics = nearCache.statistics();
    long lastGets = 0;
    long lastPuts = 0;
    long lastErrors = 0;
    long lastWrong = 0;
    long lastNear = 0;
    long lastRemote = 0;
    long lastLocal = 0;
    long lastMisses = 0;
    String localZone = localZone();
    CoherenceMetrics coherence = nearCache.coherenceMetrics();
    long[] lastLag = coherence == null ? new long[0] : coherence.lagHistogram();
    while (running) {
      try {
        Thread.sleep(REPORT_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      AtomicLongArray interval = latency;
      latency = new AtomicLongArray(interval.length());
      long g = gets.get();
      long p = puts.get();
      long e = errors.get();
      long w = wrong.get();
      long near = counters == null ? statistics.hits() : counters.nearHits();
      Map<String, Long> byZone = counters == null ? Map.of() : counters.remoteHits();
      long remote = byZone.values().stream().mapToLong(Long::longValue).sum();
      long local = localZone == null ? 0 : byZone.getOrDefault(localZone, 0L);
      long misses = counters == null ? statistics.misses() : counters.remoteMisses();
      long[] lag = coherence == null ? lastLag : coherence.lagHistogram();
      say(
          "STATS gets="
              + (g - lastGets)
              + " puts="
              + (p - lastPuts)
              + " near="
              + (near - lastNear)
              + " remote="
              + (remote - lastRemote)
              + " local="
              + (local - lastLocal)
              + " misses="
              + (misses - lastMisses)
              + " errors="
              + (e - lastErrors)
              + " wrong="
              + (w - lastWrong)
              + " p50us="
              + percentileMicros(interval, 0.50)
              + " p99us="
              + percentileMicros(interval, 0.99)
              + " lagp99ms="
              + lagP99(lastLag, lag)
              + " zones="
              + zones());
      lastGets = g;
      lastPuts = p;
      lastErrors = e;
      lastWrong = w;
      lastNear = near;
      lastRemote = remote;
      lastLocal = local;
      lastMisses = misses;
      lastLag = lag;
    }
  }

  private String localZone() {
    for (ZoneHealth zone : manager.remoteHealth().zones()) {
      if (zone.local()) {
        return zone.zone();
      }
    }
    return null;
  }

  /** Every zone as {@code name:up/total}, local zone first; {@code -} when embedded. */
  private String zones() {
    RemoteHealth health = manager.remoteHealth();
    if (health.zones().isEmpty()) {
      return "-";
    }
    StringJoiner text = new StringJoiner(",");
    for (ZoneHealth zone : health.zones()) {
      text.add(zone.zone() + ":" + zone.nodesUp() + "/" + zone.nodes().size());
    }
    return text.toString();
  }

  /**
   * The invalidation lag p99 of the interval (upper bound of its histogram bucket, in ms), from
   * the difference between this and the previous cumulative histogram; -1 when nothing was
   * invalidated. Replayed invalidations count from the original write, so after an outage they show
   * how long the outage kept a zone from hearing of it.
   */
  private long lagP99(long[] previous, long[] now) {
    long[] bounds = CoherenceMetrics.LAG_BOUNDS_MILLIS;
    long total = 0;
    for (int i = 0; i < now.length; i++) {
      total += now[i] - previous[i];
    }
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(0.99 * total);
    long seen = 0;
    for (int i = 0; i < now.length; i++) {
      seen += now[i] - previous[i];
      if (seen >= rank) {
        return i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2;
      }
    }
    return -1;
  }

  private static long percentileMicros(AtomicLongArray buckets, double fraction) {
    long total = 0;
    for (int i = 0; i < buckets.length(); i++) {
      total += buckets.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < buckets.length(); i++) {
      seen += buckets.get(i);
      if (seen >= rank) {
        return i * 10L;
      }
    }
    return 100_000;
  }

  /** Whether this JVM's near tier holds the key, without reading memcached. */
  private boolean nearHolds(String key) {
    return catalog
        .unwrap(com.github.benmanes.caffeine.cache.Cache.class)
        .asMap()
        .containsKey(key);
  }

  /** Reads until the key holds the value, then says how long it took; at most 10 s. */
  private void waitFor(String key, String value) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (value.equals(catalog.get(key))) {
        say("SEEN " + key + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return;
      }
      Thread.sleep(1);
    }
    say("NOT-SEEN " + key);
  }

  /** Four threads read the hot key through the slow loader for the given time. */
  private void readHot(int seconds) {
    long loadsBefore = LOADS.get();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong reads = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      readers.add(
          daemon(
              "herd-" + i,
              () -> {
                while (System.nanoTime() < end) {
                  try {
                    String value = herd.get(HOT_KEY);
                    reads.incrementAndGet();
                    if (value == null || !value.startsWith(HOT_KEY + "|")) {
                      failed.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  }
                }
              }));
    }
    for (Thread reader : readers) {
      try {
        reader.join(TimeUnit.SECONDS.toMillis(seconds) + 30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    say("HERD loads=" + (LOADS.get() - loadsBefore) + " reads=" + reads + " errors=" + failed);
  }

  /** Removes the hot key at a fixed period, like a writer invalidating it. */
  private void removeHot(int seconds, int periodMillis) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long removals = 0;
    while (System.nanoTime() < end) {
      herd.remove(HOT_KEY);
      removals++;
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    say("REMOVED " + removals);
  }

  /** "The database": 20 ms per load, counted. */
  public static final class SlowLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      long call = LOADS.incrementAndGet();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return key + "|" + ProcessHandle.current().pid() + "|" + call;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> values = new java.util.HashMap<>();
      keys.forEach(key -> values.put(key, load(key)));
      return values;
    }
  }
}
