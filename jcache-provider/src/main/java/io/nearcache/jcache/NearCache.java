package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.Copier;
import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.jcache.event.EventDispatcher;
import io.nearcache.jcache.event.EventDispatcher.Batch;
import io.nearcache.jcache.expiry.ExpiryCalculator;
import io.nearcache.jcache.integration.LoaderAdapter;
import io.nearcache.jcache.integration.WriterAdapter;
import io.nearcache.jcache.store.Expirable;
import io.nearcache.jcache.near.NearStore;
import io.nearcache.jcache.store.EntryStore;
import io.nearcache.jcache.processor.NearMutableEntry;
import io.nearcache.jcache.stats.CacheStats;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A nearcache {@link Cache}. With no zones configured it is a complete in-process JCache on a
 * Caffeine near tier. Every mutation of one key runs atomically inside the near tier's compute, so
 * the writer, the expiry policy, statistics and events all see one consistent outcome.
 *
 * <p>Statistics follow the JCache table: gets count a hit or miss per key; {@code putIfAbsent},
 * {@code replace}, {@code getAndX}, {@code remove(k, v)} and {@code invoke} count a hit when the
 * key was present and a miss when it was not; {@code clear} counts nothing.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearCache<K, V> implements Cache<K, V> {
  private static final com.github.benmanes.caffeine.cache.Ticker WALL_CLOCK_TICKER =
      () -> System.currentTimeMillis() * 1_000_000L;

  private final String name;
  private final CacheManager manager;
  private final NearCacheConfiguration<K, V> configuration;
  private final CacheSettings settings;
  private final EntryStore<K, V> store;
  private final ExpiryCalculator expiry;
  private final LoaderAdapter<K, V> loader;
  private final WriterAdapter<K, V> writer;
  private final Copier copier;
  private final CacheStats stats;
  private final EventDispatcher<K, V> dispatcher;
  private final Executor executor;
  private final Executor remoteAnswers;
  private final Executor callerStages;
  private final boolean needsClock;
  private final boolean accessMayChange;
  private final long capNanos;
  private final Runnable onClose;
  private volatile boolean closed;

  /**
   * Creates a cache. The configuration must already be a frozen copy with nearcache settings
   * applied; the manager calls this.
   */
  NearCache(
      String name,
      CacheManager manager,
      NearCacheConfiguration<K, V> configuration,
      CacheSettings settings,
      ClassLoader classLoader,
      RemoteTier remote,
      Runnable onClose) {
    this.name = requireNonNull(name);
    this.manager = requireNonNull(manager);
    this.configuration = requireNonNull(configuration);
    this.settings = requireNonNull(settings);
    this.onClose = requireNonNull(onClose);
    this.expiry = new ExpiryCalculator(name, configuration.getExpiryPolicyFactory().create());
    CacheLoader<K, V> cacheLoader =
        configuration.getCacheLoaderFactory() == null
            ? null
            : configuration.getCacheLoaderFactory().create();
    this.loader = cacheLoader == null ? null : new LoaderAdapter<>(name, cacheLoader);
    this.writer =
        new WriterAdapter<>(
            name,
            configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                ? configuration.getCacheWriterFactory().create()
                : null);
    this.copier = configuration.isStoreByValue() ? new Copier(name, classLoader) : null;
    this.stats = new CacheStats();
    this.stats.setEnabled(configuration.isStatisticsEnabled());
    this.executor = configuration.getExecutor();
    boolean ownThreads = !configuration.hasExecutor() && remote != null;
    this.remoteAnswers = ownThreads ? remote.completionExecutor() : executor;
    this.callerStages = ownThreads ? remote.stageExecutor() : null;
    this.dispatcher = new EventDispatcher<>(this, executor);
    java.time.Duration cap =
        configuration.getExpireAfterWrite() != null
            ? configuration.getExpireAfterWrite()
            : settings.expireAfterWrite();
    this.capNanos = cap == null ? 0 : cap.toNanos();
    this.needsClock = !expiry.isEternal() || cap != null;
    this.accessMayChange = expiry.accessMayChange();
    long maximumSize =
        configuration.getMaximumSize() != null
            ? configuration.getMaximumSize()
            : settings.maximumSize();
    boolean twoTier = remote != null && settings.remote().enabled();
    if (!settings.nearEnabled() && !twoTier) {
      throw new io.nearcache.jcache.config.NearcacheConfigurationException(
          "Cache "
              + name
              + " has nearcache.near.enabled=false but no remote tier"
              + (remote == null
                  ? " (no nearcache.zones.* configured)"
                  : " (nearcache.remote.enabled=false)")
              + ": a cache needs at least one tier; enable the near tier or the remote tier");
    }
    // Two tiers share expiry times through memcached, so the near tier then runs on wall-clock
    // time; alone it uses the monotonic system ticker. An injected ticker always wins.
    com.github.benmanes.caffeine.cache.Ticker ticker =
        configuration.hasTicker() || !twoTier ? configuration.getTicker() : WALL_CLOCK_TICKER;
    NearStore<K, V> near =
        new NearStore<>(
            maximumSize,
            configuration.getMaximumWeight(),
            configuration.getWeigher(),
            !expiry.isEternal(),
            cap,
            ticker,
            new NearStore.RemovalSink<>() {
              @Override
              public void expired(K key, Expirable<V> holder) {
                // With a remote tier, a near copy ending at its cap is not a JCache expiry.
                if (!twoTier || holder.expireAtNanos() <= store.now()) {
                  dispatcher.fireNow(EventType.EXPIRED, key, holder.value(), holder.value());
                }
              }

              @Override
              public void evicted(K key, Expirable<V> holder) {
                if (!twoTier) {
                  stats.evictions(1);
                }
              }
            });
    this.store =
        twoTier
            ? remote.storeFor(
                name,
                near,
                settings,
                classLoader,
                configuration.getKeyType(),
                configuration.getValueType(),
                capNanos,
                !configuration.isStoreByValue())
            : near;
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      dispatcher.register(listener);
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    requireOpen();
    requireNonNull(key, "key");
    if (!stats.isEnabled()) {
      // The hot path: no statistics, no clock read unless access can move the expiry.
      Expirable<V> holder = store.get(key);
      if (holder != null) {
        if (accessMayChange) {
          touch(key, holder);
        }
        return copier == null ? holder.value() : copier.copy(holder.value());
      }
      return copyOut(loader != null && configuration.isReadThrough() ? loadMissing(key) : null);
    }
    long start = statsStart();
    Expirable<V> holder = store.get(key);
    V value;
    if (holder != null) {
      stats.hits(1);
      touch(key, holder);
      value = holder.value();
    } else {
      stats.misses(1);
      value = loader != null && configuration.isReadThrough() ? loadMissing(key) : null;
    }
    statsGetTime(start);
    return copyOut(value);
  }

  /**
   * {@link #get} without blocking the caller on memcached: what a service keeping many reads in
   * flight from few threads uses (JCache itself has no asynchronous read). A near hit completes
   * the future before this returns; a near miss sends a get to the local zone and, when that zone
   * fails or lacks the key, to the next zone in read order, one at a time, exactly as {@link #get}
   * does, and fills the near tier with the answer. The steps after a remote answer, and so the
   * caller's dependent stages, run on the cache's executor when {@link
   * NearCacheConfiguration#setExecutor} set one. Otherwise nearcache's own steps run on the
   * manager's completion lanes ({@code nearcache-completion-*}), which also wake a caller waiting
   * in {@code get} or {@code join}, and the caller's stages run on its stage threads ({@code
   * nearcache-stage-*}), or at once in the attaching thread when the future is already done. A
   * read-through load on a miss everywhere runs on the cache's executor (the common pool by
   * default). None runs on a memcached I/O thread. Statistics, access expiry and store-by-value
   * copies apply as for {@link #get}.
   *
   * <p>A remote failure or timeout completes the read as a miss (counted), as for {@link #get}; a
   * loader's failure completes the future exceptionally with the {@link
   * javax.cache.integration.CacheLoaderException} {@link #get} would throw.
   *
   * @param key the key
   * @return the value, or null when absent everywhere and not loaded
   * @throws NullPointerException if the key is null
   * @throws IllegalStateException if the cache is closed
   */
  public CompletableFuture<V> getAsync(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statsStart();
    CompletableFuture<Expirable<V>> found = store.getAsync(key, remoteAnswers);
    // Access expiry rewrites the entry, remotely too: that waits for memcached, so it does not run
    // on a completion lane but on a stage thread.
    boolean offLane = callerStages != null && !found.isDone() && accessMayChange;
    if (loader == null || !configuration.isReadThrough()) {
      Function<Expirable<V>, V> answer = holder -> answerAsync(key, holder, start);
      if (callerStages == null || found.isDone()) {
        return found.thenApply(answer);
      }
      return offLane
          ? StageFuture.relay(found.thenApplyAsync(answer, callerStages), callerStages)
          : StageFuture.relay(found, answer, callerStages);
    }
    Function<Expirable<V>, CompletableFuture<V>> answerOrLoad =
        holder ->
            holder != null
                ? CompletableFuture.completedFuture(answerAsync(key, holder, start))
                : CompletableFuture.supplyAsync(
                    () -> {
                      stats.misses(1);
                      V loaded = copyOut(loadMissing(key));
                      statsGetTime(start);
                      return loaded;
                    },
                    executor);
    CompletableFuture<V> loading =
        offLane
            ? found.thenComposeAsync(answerOrLoad, callerStages)
            : found.thenCompose(answerOrLoad);
    return callerStages == null || loading.isDone()
        ? loading
        : StageFuture.relay(loading, callerStages);
  }

  /** What {@link #getAsync} answers for a holder found (or null, not to be loaded). */
  private V answerAsync(K key, Expirable<V> holder, long start) {
    if (holder == null) {
      stats.misses(1);
      statsGetTime(start);
      return null;
    }
    stats.hits(1);
    touch(key, holder);
    statsGetTime(start);
    return copyOut(holder.value());
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    long start = statsStart();
    Map<K, V> result = new HashMap<>(Math.max(4, keys.size() * 2));
    Map<K, Expirable<V>> found = store.getAll(keys);
    for (Map.Entry<K, Expirable<V>> entry : found.entrySet()) {
      touch(entry.getKey(), entry.getValue());
      result.put(entry.getKey(), copyOut(entry.getValue().value()));
    }
    Set<K> missing = null;
    if (result.size() < keys.size()) {
      // In the caller's order, for the loader.
      missing = new LinkedHashSet<>();
      for (K key : keys) {
        if (!result.containsKey(key)) {
          missing.add(key);
        }
      }
    }
    stats.hits(result.size());
    stats.misses(missing == null ? 0 : missing.size());
    if (missing != null && loader != null && configuration.isReadThrough()) {
      Map<K, V> loaded = loader.loadAll(missing);
      Batch<K, V> events = dispatcher.batch();
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null) {
          result.put(key, copyOut(storeLoaded(key, value, false, events)));
        }
      }
      events.fire();
    }
    if (stats.isEnabled() && !keys.isEmpty()) {
      stats.getTime((System.nanoTime() - start));
    }
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireNonNull(key, "key");
    return store.contains(key);
  }

  @Override
  public void loadAll(
      Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    requireOpen();
    requireNoNulls(keys, "keys");
    if (loader == null) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    Set<K> requested = new LinkedHashSet<>(keys);
    executor.execute(
        () -> {
          try {
            Set<K> toLoad = new LinkedHashSet<>();
            for (K key : requested) {
              if (replaceExistingValues || !store.contains(key)) {
                toLoad.add(key);
              }
            }
            if (!toLoad.isEmpty()) {
              Map<K, V> loaded = loader.loadAll(toLoad);
              Batch<K, V> events = dispatcher.batch();
              for (K key : toLoad) {
                V value = loaded.get(key);
                if (value != null) {
                  storeLoaded(key, value, replaceExistingValues, events);
                }
              }
              events.fire();
            }
            if (listener != null) {
              listener.onCompletion();
            }
          } catch (Exception e) {
            if (listener != null) {
              listener.onException(e);
            }
          }
        });
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    if (writeEntry(key, value, events, null)) {
      stats.puts(1);
      statsPutTime(start);
    }
    events.fire();
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    Object[] replaced = {null};
    if (writeEntry(key, value, events, replaced)) {
      stats.puts(1);
      statsPutTime(start);
    }
    @SuppressWarnings("unchecked")
    V previous = (V) replaced[0];
    countHit(previous != null);
    statsGetTime(start);
    events.fire();
    return copyOut(previous);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      requireNonNull(e.getKey(), "a key in the map");
      requireNonNull(e.getValue(), "a value in the map");
    }
    long start = statsStart();
    Map<K, V> toStore = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (writer.isActive()) {
      List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(map.size());
      for (Map.Entry<K, V> e : toStore.entrySet()) {
        entries.add(new NearCacheEntry<>(e.getKey(), e.getValue()));
      }
      try {
        writer.writeAll(entries);
      } catch (CacheWriterException e) {
        failure = e;
        for (Cache.Entry<? extends K, ? extends V> unwritten : entries) {
          toStore.remove(unwritten.getKey());
        }
      }
    }
    Batch<K, V> events = dispatcher.batch();
    Map<K, V> copies = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : toStore.entrySet()) {
      copies.put(copyIn(e.getKey()), copyIn(e.getValue()));
    }
    Set<K> storedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    store.computeAll(
        copies.keySet(),
        (k, old) -> {
          V value = copies.get(k);
          if (old == null) {
            Expirable<V> created = create(k, value, events);
            if (created != null) {
              storedKeys.add(k);
            }
            return created;
          }
          storedKeys.add(k);
          return update(k, old, value, events);
        },
        k -> {
          events.clear(k);
          storedKeys.remove(k);
        });
    int stored = storedKeys.size();
    stats.puts(stored);
    statsPutTime(start);
    events.fire();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    boolean[] created = {false};
    K stored = copyIn(key);
    V storedValue = copyIn(value);
    store.compute(
        stored,
        (k, old) -> {
          created[0] = false;
          if (old != null) {
            return old;
          }
          writer.write(new NearCacheEntry<>(key, value));
          created[0] = true;
          return create(k, storedValue, events);
        },
        events::clear);
    countHit(!created[0]);
    if (created[0]) {
      stats.puts(1);
      statsPutTime(start);
    }
    events.fire();
    return created[0];
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
    return replaceIf(key, oldValue, newValue) != null;
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return replaceIf(key, null, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return copyOut(replaceIf(key, null, value));
  }

  /**
   * Replaces the value when the key is present and, if {@code expected} is not null, its value
   * equals it. Returns the replaced value, or null when nothing was replaced.
   */
  private V replaceIf(K key, V expected, V value) {
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    Object[] replaced = {null};
    boolean[] present = {false};
    V storedValue = copyIn(value);
    store.compute(
        copyIn(key),
        (k, old) -> {
          present[0] = false;
          replaced[0] = null;
          if (old == null) {
            return null;
          }
          present[0] = true;
          if (expected != null && !expected.equals(old.value())) {
            return touchInCompute(old);
          }
          writer.write(new NearCacheEntry<>(key, value));
          replaced[0] = old.value();
          return update(k, old, storedValue, events);
        },
        events::clear);
    countHit(present[0]);
    @SuppressWarnings("unchecked")
    V previous = (V) replaced[0];
    if (previous != null) {
      stats.puts(1);
      statsPutTime(start);
    }
    events.fire();
    return previous;
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    V removed = removeEntry(key, events);
    if (removed != null) {
      stats.removals(1);
      statsRemoveTime(start);
    }
    events.fire();
    return removed != null;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    boolean[] present = {false};
    boolean[] removed = {false};
    store.compute(
        copyIn(key),
        (k, old) -> {
          present[0] = false;
          removed[0] = false;
          if (old == null) {
            return null;
          }
          present[0] = true;
          if (!oldValue.equals(old.value())) {
            return touchInCompute(old);
          }
          writer.delete(key);
          removed[0] = true;
          events.removed(k, old.value());
          return null;
        },
        events::clear);
    countHit(present[0]);
    if (removed[0]) {
      stats.removals(1);
      statsRemoveTime(start);
    }
    events.fire();
    return removed[0];
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statsStart();
    Batch<K, V> events = dispatcher.batch();
    V removed = removeEntry(key, events);
    countHit(removed != null);
    if (removed != null) {
      stats.removals(1);
      statsRemoveTime(start);
    }
    statsGetTime(start);
    events.fire();
    return copyOut(removed);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    removeKeys(new LinkedHashSet<>(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    removeKeys(store.keys());
  }

  private void removeKeys(Set<K> keys) {
    long start = statsStart();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (writer.isActive()) {
      List<K> remaining = new ArrayList<>(keys);
      try {
        writer.deleteAll(remaining);
      } catch (CacheWriterException e) {
        failure = e;
        toRemove.removeAll(remaining);
      }
    }
    Batch<K, V> events = dispatcher.batch();
    Set<K> removedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    store.computeAll(
        toRemove,
        (k, old) -> {
          if (old != null) {
            removedKeys.add(k);
            events.removed(k, old.value());
          }
          return null;
        },
        k -> {
          events.clear(k);
          removedKeys.remove(k);
        });
    int removed = removedKeys.size();
    stats.removals(removed);
    if (removed > 0) {
      statsRemoveTime(start);
    }
    events.fire();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    requireOpen();
    store.clear();
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(processor, "processor");
    Batch<K, V> events = dispatcher.batch();
    Object[] result = {null};
    boolean[] present = {false};
    int[] counts = {0, 0}; // puts, removals
    try {
      store.compute(
          copyIn(key),
          (k, old) -> {
            counts[0] = 0;
            counts[1] = 0;
            present[0] = old != null;
            NearMutableEntry<K, V> entry =
                new NearMutableEntry<>(
                    key,
                    old == null ? null : copyOut(old.value()),
                    loader != null && configuration.isReadThrough() ? loader::load : null);
            try {
              result[0] = processor.process(entry, arguments);
            } catch (EntryProcessorException e) {
              throw e;
            } catch (RuntimeException e) {
              throw new EntryProcessorException(e);
            }
            switch (entry.action()) {
              case READ:
                return touchInCompute(old);
              case LOADED:
                return create(k, copyIn(entry.value()), events);
              case CREATED:
                writer.write(new NearCacheEntry<>(key, entry.value()));
                counts[0] = 1;
                return create(k, copyIn(entry.value()), events);
              case UPDATED:
                writer.write(new NearCacheEntry<>(key, entry.value()));
                counts[0] = 1;
                return old == null
                    ? create(k, copyIn(entry.value()), events)
                    : update(k, old, copyIn(entry.value()), events);
              case DELETED:
                writer.delete(key);
                if (old != null) {
                  counts[1] = 1;
                  events.removed(k, old.value());
                }
                return null;
              default:
                return old;
            }
          },
        events::clear);
    } catch (EntryProcessorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EntryProcessorException(e);
    }
    countHit(present[0]);
    stats.puts(counts[0]);
    stats.removals(counts[1]);
    events.fire();
    @SuppressWarnings("unchecked")
    T typed = (T) result[0];
    return typed;
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    requireNoNulls(keys, "keys");
    requireNonNull(processor, "processor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(
            key,
            () -> {
              throw e;
            });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    Iterator<Map.Entry<K, Expirable<V>>> delegate = store.iterator();
    return new Iterator<>() {
      private K current;

      @Override
      public boolean hasNext() {
        return delegate.hasNext();
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!delegate.hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, Expirable<V>> e = delegate.next();
        current = e.getKey();
        stats.hits(1);
        touch(current, e.getValue());
        return new NearCacheEntry<>(copyOut(current), copyOut(e.getValue().value()));
      }

      @Override
      public void remove() {
        if (current == null) {
          throw new IllegalStateException("next() has not been called, or remove() was");
        }
        NearCache.this.remove(current);
        current = null;
      }
    };
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    dispatcher.register(listener);
    configuration.addCacheEntryListenerConfiguration(listener);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    requireNonNull(listener, "listener");
    if (dispatcher.deregister(listener)) {
      configuration.removeCacheEntryListenerConfiguration(listener);
    }
  }

  // ---------------------------------------------------------------- lifecycle and metadata

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    NearCacheConfiguration<K, V> copy = new NearCacheConfiguration<>(configuration);
    copy.setStatisticsEnabled(stats.isEnabled());
    if (type.isInstance(copy)) {
      return type.cast(copy);
    }
    throw new IllegalArgumentException(
        "Cache " + name + " has a " + copy.getClass().getName() + ", not a " + type.getName());
  }

  /** The frozen configuration itself, for the manager; callers must not change it. */
  CompleteConfiguration<K, V> configuration() {
    return configuration;
  }

  /** The nearcache settings this cache was created with. */
  public CacheSettings settings() {
    return settings;
  }

  /**
   * What the remote tier did for this cache (hits per zone, failures, skipped writes), or null
   * when the cache runs on the near tier alone.
   */
  public io.nearcache.jcache.stats.RemoteCounters remoteCounters() {
    return store instanceof TwoTierStore ? ((TwoTierStore<K, V>) store).counters() : null;
  }

  /**
   * What the cross-JVM coherence of this cache did (journal polls, invalidations applied and
   * their lag, repairs), or null when the cache runs on the near tier alone.
   */
  public io.nearcache.jcache.coherence.CoherenceMetrics coherenceMetrics() {
    return store instanceof TwoTierStore ? ((TwoTierStore<K, V>) store).coherenceMetrics() : null;
  }

  /** The statistics counters, which the statistics MXBean reads. */
  public CacheStats statistics() {
    return stats;
  }

  /** Turns statistics on or off. */
  void setStatisticsEnabled(boolean enabled) {
    stats.setEnabled(enabled);
    configuration.setStatisticsEnabled(enabled);
  }

  /** Removes the cache's data from every tier, then closes it; for {@code destroyCache}. */
  void destroy() {
    if (!closed) {
      store.destroy();
    }
    close();
  }

  /** Records whether the configuration MXBean is registered. */
  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.run();
    dispatcher.awaitQuiescence(5, TimeUnit.SECONDS);
    dispatcher.close();
    closeQuietly(expiry.policy());
    closeQuietly(loader == null ? null : loader.loader());
    closeQuietly(writer.writer());
    store.close();
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable) {
      try {
        ((Closeable) o).close();
      } catch (IOException | RuntimeException e) {
        System.getLogger(NearCache.class.getName())
            .log(System.Logger.Level.WARNING, "Failed to close " + o.getClass().getName(), e);
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    Object caffeine = store.nearCache();
    if (type.isInstance(caffeine)) {
      return type.cast(caffeine);
    }
    throw new IllegalArgumentException(
        "Cache " + name + " cannot be unwrapped to " + type.getName()
            + "; it unwraps to " + NearCache.class.getName()
            + " and to com.github.benmanes.caffeine.cache.Cache");
  }

  @Override
  public String toString() {
    return "NearCache[" + name + "]";
  }

  // ---------------------------------------------------------------- internals

  /**
   * Stores a key unconditionally, inside one atomic compute. The writer sees the caller's key and
   * value; the store keeps copies when storing by value.
   *
   * @param previous when not null, receives the previous live value in its first slot
   * @return whether the value was stored (a creation that the expiry policy ends at once is not)
   */
  private boolean writeEntry(
      K key, V value, Batch<K, V> events, Object[] previous) {
    boolean[] stored = {false};
    V storedValue = copyIn(value);
    store.compute(
        copyIn(key),
        (k, old) -> {
          if (previous != null) {
            previous[0] = null;
          }
          writer.write(new NearCacheEntry<>(key, value));
          stored[0] = true;
          if (old == null) {
            Expirable<V> created = create(k, storedValue, events);
            stored[0] = created != null;
            return created;
          }
          if (previous != null) {
            previous[0] = old.value();
          }
          return update(k, old, storedValue, events);
        },
        events::clear);
    return stored[0];
  }

  /** Removes a key inside one atomic compute; returns the removed live value or null. */
  private V removeEntry(K key, Batch<K, V> events) {
    Object[] removed = {null};
    store.compute(
        key,
        (k, old) -> {
          removed[0] = null;
          writer.delete(key);
          if (old != null) {
            removed[0] = old.value();
            events.removed(k, old.value());
          }
          return null;
        },
        events::clear);
    @SuppressWarnings("unchecked")
    V typed = (V) removed[0];
    return typed;
  }

  /** Stores a value the loader produced; returns the value now in the cache. */
  private V storeLoaded(K key, V value, boolean replaceExisting, Batch<K, V> events) {
    Object[] current = {value};
    V storedValue = copyIn(value);
    store.compute(
        copyIn(key),
        (k, old) -> {
          current[0] = value;
          if (old == null) {
            return create(k, storedValue, events);
          }
          if (!replaceExisting) {
            current[0] = old.value();
            return old;
          }
          return update(k, old, storedValue, events);
        },
        events::clear);
    @SuppressWarnings("unchecked")
    V typed = (V) current[0];
    return typed;
  }

  /**
   * Loads one missing key for read-through and stores it; returns the value or null. The load
   * runs inside the key's compute, so concurrent misses for one key in this JVM share one load.
   */
  private V loadMissing(K key) {
    Batch<K, V> events = dispatcher.batch();
    Object[] result = {null};
    // A store that arbitrates remotely may run the function again after losing a race; the
    // value loaded the first time is reused, so one miss calls the loader once.
    Object[] loadedOnce = {null};
    store.load(
        copyIn(key),
        (k, old) -> {
          result[0] = null;
          if (old != null) {
            result[0] = old.value();
            return old;
          }
          if (loadedOnce[0] == null) {
            loadedOnce[0] = loader.load(key);
          }
          @SuppressWarnings("unchecked")
          V loaded = (V) loadedOnce[0];
          if (loaded == null) {
            return null;
          }
          result[0] = loaded;
          return create(k, copyIn(loaded), events);
        },
        events::clear);
    events.fire();
    @SuppressWarnings("unchecked")
    V value = (V) result[0];
    return value;
  }

  /** A new holder for a created entry, or null when the policy expires it at once. */
  private Expirable<V> create(K key, V value, Batch<K, V> events) {
    long now = needsClock ? store.now() : 0L;
    long expireAt = expiry.onCreation(now);
    if (ExpiryCalculator.isExpired(expireAt, now)) {
      return null;
    }
    events.created(key, value);
    return new Expirable<>(value, expireAt, capAt(now));
  }

  /** A new holder for an updated entry; an update expiring it at once removes it. */
  private Expirable<V> update(K key, Expirable<V> old, V value, Batch<K, V> events) {
    long now = needsClock ? store.now() : 0L;
    long expireAt = expiry.onUpdate(now);
    if (expireAt == ExpiryCalculator.UNCHANGED) {
      expireAt = old.expireAtNanos();
    }
    events.updated(key, value, old.value());
    // An update that expires the entry at once still stores it: the store expires it on its next
    // maintenance and reports the expiry like any other.
    return new Expirable<>(value, expireAt, capAt(now));
  }

  private long capAt(long now) {
    return capNanos == 0 ? Expirable.ETERNAL : now + capNanos;
  }

  /** Applies access expiry after a read outside any compute. */
  private void touch(K key, Expirable<V> holder) {
    if (expiry.accessMayChange()) {
      long now = store.now();
      long expireAt = expiry.onAccess(now);
      if (expireAt != ExpiryCalculator.UNCHANGED) {
        store.setExpireAt(key, holder, expireAt);
      }
    }
  }

  /**
   * Applies access expiry inside a compute: returns the holder to keep, the same one when the
   * expiry does not change.
   */
  private Expirable<V> touchInCompute(Expirable<V> holder) {
    if (expiry.accessMayChange()) {
      long now = store.now();
      long expireAt = expiry.onAccess(now);
      if (expireAt != ExpiryCalculator.UNCHANGED) {
        return holder.withExpireAt(expireAt);
      }
    }
    return holder;
  }

  private <T> T copyIn(T object) {
    return copier == null ? object : copier.copy(object);
  }

  private <T> T copyOut(T object) {
    return copier == null ? object : copier.copy(object);
  }

  private void countHit(boolean hit) {
    if (hit) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
  }

  private long statsStart() {
    return stats.isEnabled() ? System.nanoTime() : 0L;
  }

  private void statsGetTime(long start) {
    if (stats.isEnabled()) {
      stats.getTime(System.nanoTime() - start);
    }
  }

  private void statsPutTime(long start) {
    if (stats.isEnabled()) {
      stats.putTime(System.nanoTime() - start);
    }
  }

  private void statsRemoveTime(long start) {
    if (stats.isEnabled()) {
      stats.removeTime(System.nanoTime() - start);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  private static void requireNoNulls(Collection<?> items, String what) {
    requireNonNull(items, what);
    for (Object item : items) {
      requireNonNull(item, () -> "a null element in " + what);
    }
  }
}
