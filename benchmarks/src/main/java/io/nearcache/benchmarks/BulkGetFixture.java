package io.nearcache.benchmarks;

import io.nearcache.jcache.remote.BytesTranscoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import net.spy.memcached.MemcachedClient;

/**
 * What the multi-key benchmarks read from: one memcached node of the fork, every key preloaded
 * through spymemcached (its own keys, the value as a String) and through nearcache (near tier off),
 * and {@link #BATCHES} batches of distinct keys drawn uniformly with the common seed, each in the
 * three forms the clients take: Integer keys for nearcache, spymemcached's own keys, and the
 * memcached keys nearcache stored under.
 */
final class BulkGetFixture implements AutoCloseable {
  /** Batches prepared; a power of two. */
  static final int BATCHES = 1024;

  /** Every implementation a batch can be read with. */
  static final List<String> IMPLEMENTATIONS =
      List.of(
          "nearcache-getAll",
          "spymemcached-getBulk",
          "nearcache-singles",
          "spymemcached-singles",
          "spymemcached-getBulk-same-bytes");

  private static final String CACHE = "bulk-get-benchmark";

  private final int batch;
  private final MemcachedClient spymemcached;
  private final CacheManager manager;
  private final Cache<Integer, String> cache;
  private final List<Set<Integer>> keyBatches = new ArrayList<>(BATCHES);
  private final List<List<String>> stringBatches = new ArrayList<>(BATCHES);
  private final List<List<String>> nearcacheKeyBatches = new ArrayList<>(BATCHES);

  /** Connects both clients to the fork's memcached, preloads every key and builds the batches. */
  BulkGetFixture(int batch, int size) throws Exception {
    this.batch = batch;
    AccessTrace trace = AccessTrace.generate(size, AccessTrace.Distribution.UNIFORM);
    String node = LocalMemcached.node();
    int colon = node.lastIndexOf(':');
    spymemcached =
        RemoteImplementation.stockClient(
            node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
    CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
    Properties properties = LocalMemcached.zoneProperties();
    properties.setProperty("nearcache.near.enabled", "false");
    manager =
        provider.getCacheManager(
            provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
    cache =
        manager.createCache(
            CACHE,
            new MutableConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setStoreByValue(false)
                .setStatisticsEnabled(false)
                .setManagementEnabled(false));
    Map<Integer, String> all = new HashMap<>();
    for (int i = 0; i < size; i++) {
      all.put(trace.key(i), trace.value(i));
      spymemcached.set(RemoteImplementation.memcachedKey(i), 0, trace.value(i)).get();
    }
    cache.putAll(all);
    String[] nearcacheKeys = RemoteImplementation.nearcacheKeys(spymemcached, CACHE, size);
    Integer[] reads = trace.reads();
    int read = 0;
    for (int b = 0; b < BATCHES; b++) {
      Set<Integer> keys = new LinkedHashSet<>();
      while (keys.size() < batch) {
        keys.add(reads[read++ & AccessTrace.MASK]);
      }
      List<String> strings = new ArrayList<>(batch);
      List<String> stored = new ArrayList<>(batch);
      for (Integer key : keys) {
        strings.add(RemoteImplementation.memcachedKey(key));
        stored.add(nearcacheKeys[key]);
      }
      keyBatches.add(Set.copyOf(keys));
      stringBatches.add(List.copyOf(strings));
      nearcacheKeyBatches.add(List.copyOf(stored));
    }
  }

  /** Reads every batch once with each implementation, failing when one comes back short. */
  void checkAll(List<String> implementations) {
    for (String impl : implementations) {
      for (int b = 0; b < BATCHES; b++) {
        read(impl, b);
      }
    }
  }

  /**
   * Reads batch {@code b} with one implementation.
   *
   * @return the keys found, always the whole batch
   * @throws IllegalStateException when a key was missing: these benchmarks measure hits only
   */
  int read(String impl, int b) {
    int found =
        switch (impl) {
          case "nearcache-getAll" -> cache.getAll(keyBatches.get(b)).size();
          case "spymemcached-getBulk" -> spymemcached.getBulk(stringBatches.get(b)).size();
          case "spymemcached-getBulk-same-bytes" ->
              spymemcached.getBulk(nearcacheKeyBatches.get(b), BytesTranscoder.INSTANCE).size();
          case "nearcache-singles" -> {
            int hits = 0;
            for (Integer key : keyBatches.get(b)) {
              hits += cache.get(key) != null ? 1 : 0;
            }
            yield hits;
          }
          case "spymemcached-singles" -> {
            int hits = 0;
            for (String key : stringBatches.get(b)) {
              hits += spymemcached.get(key) != null ? 1 : 0;
            }
            yield hits;
          }
          default ->
              throw new IllegalArgumentException(
                  "Unknown implementation '" + impl + "'; expected one of " + IMPLEMENTATIONS);
        };
    if (found != batch) {
      throw new IllegalStateException(
          impl + " found " + found + " of " + batch + " keys; this benchmark measures hits only");
    }
    return found;
  }

  /** Shuts both clients down; memcached dies with the fork. */
  @Override
  public void close() {
    spymemcached.shutdown();
    manager.close();
  }
}
