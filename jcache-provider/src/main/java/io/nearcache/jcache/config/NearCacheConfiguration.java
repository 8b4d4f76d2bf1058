package io.nearcache.jcache.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.nearcache.jcache.near.NearStore.EntryWeigher;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration with nearcache's own settings: the near tier's bound (entries, or weight
 * with a weigher), its expire-after-write cap, the ticker that drives expiry and the executor for
 * asynchronous listeners and {@code loadAll}. Settings left unset come from the CacheManager's
 * properties ({@code nearcache.*}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class NearCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private Long maximumSize;
  private long maximumWeight;
  private transient EntryWeigher<? super K, ? super V> weigher;
  private Duration expireAfterWrite;
  private transient Ticker ticker;
  private transient Executor executor;
  private String serializationAllow;

  /** A configuration with the JCache defaults and no nearcache settings. */
  public NearCacheConfiguration() {}

  /** A copy of any complete configuration, keeping nearcache settings when it has them. */
  public NearCacheConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof NearCacheConfiguration) {
      NearCacheConfiguration<K, V> other = (NearCacheConfiguration<K, V>) configuration;
      this.maximumSize = other.maximumSize;
      this.maximumWeight = other.maximumWeight;
      this.weigher = other.weigher;
      this.expireAfterWrite = other.expireAfterWrite;
      this.ticker = other.ticker;
      this.executor = other.executor;
      this.serializationAllow = other.serializationAllow;
    }
  }

  /** The near-tier entry bound, or null to use {@code nearcache.near.maximum-size}. */
  public Long getMaximumSize() {
    return maximumSize;
  }

  /** Bounds the near tier to this many entries; 0 means unbounded. */
  public NearCacheConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must be 0 or more, was " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /** The weight bound, 0 when the near tier is bounded by entries. */
  public long getMaximumWeight() {
    return maximumWeight;
  }

  /** The weigher for the weight bound, or null. */
  public EntryWeigher<? super K, ? super V> getWeigher() {
    return weigher;
  }

  /** Bounds the near tier by total weight, as the weigher measures each entry. */
  public NearCacheConfiguration<K, V> setMaximumWeight(
      long maximumWeight, EntryWeigher<? super K, ? super V> weigher) {
    if (maximumWeight <= 0 || weigher == null) {
      throw new IllegalArgumentException(
          "a weight bound needs a maximum weight above 0 and a weigher");
    }
    this.maximumWeight = maximumWeight;
    this.weigher = weigher;
    return this;
  }

  /** The near-tier expire-after-write cap, or null to use the properties. */
  public Duration getExpireAfterWrite() {
    return expireAfterWrite;
  }

  /** Caps every near entry's life at this duration after it was written. */
  public NearCacheConfiguration<K, V> setExpireAfterWrite(Duration expireAfterWrite) {
    if (expireAfterWrite != null && (expireAfterWrite.isNegative() || expireAfterWrite.isZero())) {
      throw new IllegalArgumentException("expireAfterWrite must be above 0, was " + expireAfterWrite);
    }
    this.expireAfterWrite = expireAfterWrite;
    return this;
  }

  /** The ticker that drives expiry; the system ticker when unset. */
  public Ticker getTicker() {
    return ticker == null ? Ticker.systemTicker() : ticker;
  }

  /** Whether an executor was set explicitly. */
  public boolean hasExecutor() {
    return executor != null;
  }

  /** Whether a ticker was set explicitly. */
  public boolean hasTicker() {
    return ticker != null;
  }

  /** Sets the time source, in nanoseconds; tests use a fake one instead of sleeping. */
  public NearCacheConfiguration<K, V> setTicker(Ticker ticker) {
    this.ticker = ticker;
    return this;
  }

  /** The executor for asynchronous listeners, loadAll and getAsync; the common pool when unset. */
  public Executor getExecutor() {
    return executor == null ? ForkJoinPool.commonPool() : executor;
  }

  /**
   * Sets the executor for asynchronous listeners, loadAll and what follows a remote answer to
   * getAsync. Unset, remote answers to getAsync are handed to the CacheManager's own completion
   * threads.
   *
   * <p>Use a pool: an executor that runs tasks in the calling thread ({@code Runnable::run}) would
   * process remote answers, and run the caller's dependent stages, on memcached's I/O thread,
   * holding up every other answer of the connection. (Measured in the pipelined get benchmark, it
   * is not even faster: the hand-off to a pool is not what a pipelined read costs.)
   */
  public NearCacheConfiguration<K, V> setExecutor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** The allowlist patterns this cache adds to {@code nearcache.serialization.allow}, or null. */
  public String getSerializationAllow() {
    return serializationAllow;
  }

  /**
   * Lets this cache's remote values and keys also deserialize to these classes, besides those that
   * {@code nearcache.serialization.allow} (for all caches, or {@code
   * nearcache.caches.<cache>.serialization.allow}) allows: {@code ObjectInputFilter} class patterns
   * separated by {@code ;}, placed after the configured ones so that a configured {@code !pattern}
   * still rejects. An integration uses it to allow its own value classes without touching the
   * user's configuration.
   */
  public NearCacheConfiguration<K, V> setSerializationAllow(String patterns) {
    this.serializationAllow = patterns == null || patterns.isBlank() ? null : patterns.strip();
    return this;
  }
}
