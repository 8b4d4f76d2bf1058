package io.nearcache.jcache.store;

/**
 * A near-tier value with its expiry time on the cache's ticker (nanoseconds). The JCache expiry
 * time may move on access; the cap time, set at write, never does.
 *
 * @param <V> the value type
 */
public final class Expirable<V> {
  /** An expiry time that never comes. */
  public static final long ETERNAL = Long.MAX_VALUE;

  private final V value;
  private final long capAtNanos;
  private final long version;
  private volatile long expireAtNanos;

  /**
   * Creates a holder.
   *
   * @param value the value, never null
   * @param expireAtNanos when the JCache expiry policy says the entry expires, or {@link #ETERNAL}
   * @param capAtNanos when the near tier's expire-after-write cap ends it, or {@link #ETERNAL}
   */
  public Expirable(V value, long expireAtNanos, long capAtNanos) {
    this(value, expireAtNanos, capAtNanos, 0L);
  }

  /**
   * Creates a holder that knows the remote version it mirrors.
   *
   * @param version the version stamp of the remote envelope holding the same value, 0 if none
   */
  public Expirable(V value, long expireAtNanos, long capAtNanos, long version) {
    this.value = value;
    this.expireAtNanos = expireAtNanos;
    this.capAtNanos = capAtNanos;
    this.version = version;
  }

  /** The version stamp of the remote envelope this holder mirrors, 0 when unknown. */
  public long version() {
    return version;
  }

  /** A copy of this holder that mirrors the given remote version. */
  public Expirable<V> withVersion(long newVersion) {
    return new Expirable<>(value, expireAtNanos, capAtNanos, newVersion);
  }

  /** The stored value. */
  public V value() {
    return value;
  }

  /** When the JCache expiry policy ends this entry, in ticker nanoseconds. */
  public long expireAtNanos() {
    return expireAtNanos;
  }

  /** Moves the JCache expiry time in place; only the store that holds this entry may do this. */
  public void setExpireAtNanos(long expireAtNanos) {
    this.expireAtNanos = expireAtNanos;
  }

  /** When the near tier's cap ends this entry, in ticker nanoseconds. */
  public long capAtNanos() {
    return capAtNanos;
  }

  /** A copy of this entry with another JCache expiry time and the same value and cap. */
  public Expirable<V> withExpireAt(long newExpireAtNanos) {
    return new Expirable<>(value, newExpireAtNanos, capAtNanos, version);
  }

  /** The earlier of the JCache expiry time and the cap, in ticker nanoseconds. */
  public long deadlineNanos() {
    return Math.min(expireAtNanos, capAtNanos);
  }

  /** Whether the entry has expired at the given ticker time. */
  public boolean isExpired(long nowNanos) {
    return deadlineNanos() <= nowNanos;
  }
}
