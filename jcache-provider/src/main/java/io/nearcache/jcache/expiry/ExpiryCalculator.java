package io.nearcache.jcache.expiry;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.store.Expirable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * Turns a JCache {@link ExpiryPolicy} into expiry times on the cache's ticker, in nanoseconds, to
 * the millisecond of the policy's durations. {@link #UNCHANGED} means the policy returned null;
 * an expiry time at or before "now" means the entry is expired ({@code Duration.ZERO}).
 *
 * <p>A policy that throws is logged once per call and treated as if it returned null, or, on
 * creation, as eternal: an expiry bug must never lose the caller's write.
 */
public final class ExpiryCalculator {
  /** The policy returned null: keep the current expiry time. */
  public static final long UNCHANGED = Long.MIN_VALUE;

  private static final Logger LOG = System.getLogger(ExpiryCalculator.class.getName());

  private final ExpiryPolicy policy;
  private final String cacheName;
  private final boolean eternal;
  private final boolean accessMayChange;

  /** Creates a calculator for one cache's policy. */
  public ExpiryCalculator(String cacheName, ExpiryPolicy policy) {
    this.cacheName = requireNonNull(cacheName);
    this.policy = requireNonNull(policy);
    Class<?> type = policy.getClass();
    // The spec's own policies are known: eternal never expires, and only the accessed and touched
    // policies change on access, so the hot read path can skip the call for the others.
    this.eternal = type == EternalExpiryPolicy.class;
    this.accessMayChange =
        !(eternal || type == CreatedExpiryPolicy.class || type == ModifiedExpiryPolicy.class);
  }

  /** The policy itself. */
  public ExpiryPolicy policy() {
    return policy;
  }

  /** Whether every entry lives forever, so entries need no expiry bookkeeping at all. */
  public boolean isEternal() {
    return eternal;
  }

  /** Whether an access can change an entry's expiry time. */
  public boolean accessMayChange() {
    return accessMayChange;
  }

  /** The expiry time of a new entry; never {@link #UNCHANGED}. */
  public long onCreation(long nowNanos) {
    long at = call(policy::getExpiryForCreation, nowNanos, "creation");
    return at == UNCHANGED ? Expirable.ETERNAL : at;
  }

  /** The expiry time after an update, or {@link #UNCHANGED}. */
  public long onUpdate(long nowNanos) {
    return call(policy::getExpiryForUpdate, nowNanos, "update");
  }

  /** The expiry time after an access, or {@link #UNCHANGED}. */
  public long onAccess(long nowNanos) {
    return accessMayChange ? call(policy::getExpiryForAccess, nowNanos, "access") : UNCHANGED;
  }

  private long call(Supplier<Duration> method, long nowNanos, String what) {
    Duration duration;
    try {
      duration = method.get();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Expiry policy "
              + policy.getClass().getName()
              + " of cache "
              + cacheName
              + " failed on "
              + what
              + "; keeping the entry's current expiry",
          e);
      return UNCHANGED;
    }
    return expireAt(duration, nowNanos);
  }

  /** The ticker time at which a duration from now ends, {@link #UNCHANGED} for null. */
  public static long expireAt(Duration duration, long nowNanos) {
    if (duration == null) {
      return UNCHANGED;
    }
    if (duration.isEternal()) {
      return Expirable.ETERNAL;
    }
    if (duration.isZero()) {
      return nowNanos;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    long at = nowNanos + nanos;
    // Saturate instead of overflowing into the past.
    return (at < nowNanos || at == Long.MAX_VALUE) ? Expirable.ETERNAL - 1 : at;
  }

  /** Whether an expiry time means the entry is already expired at {@code nowNanos}. */
  public static boolean isExpired(long expireAtNanos, long nowNanos) {
    return expireAtNanos != UNCHANGED && expireAtNanos <= nowNanos;
  }
}
