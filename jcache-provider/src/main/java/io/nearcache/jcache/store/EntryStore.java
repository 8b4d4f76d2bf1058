package io.nearcache.jcache.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Where a cache keeps its entries: the near tier alone, or the near tier in front of memcached.
 * Values travel as {@link Expirable} holders whose expiry times are on {@link #now()}'s clock.
 * The cache facade keeps the JCache semantics (events, statistics, loaders, writers, expiry
 * policy); a store only reads, and changes one key atomically.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface EntryStore<K, V> {
  /** The current time on the store's clock, in nanoseconds. */
  long now();

  /** The live entry for a key, or null when absent or expired. */
  Expirable<V> get(K key);

  /**
   * The live entry for a key, or null, without blocking the caller on remote I/O. What {@link
   * #get} answers, answered later: a store that holds everything in memory answers at once.
   *
   * @param executor runs whatever follows a remote answer (decoding, filling the near tier), so
   *     that no remote client's I/O thread runs it
   */
  default CompletableFuture<Expirable<V>> getAsync(K key, Executor executor) {
    return CompletableFuture.completedFuture(get(key));
  }

  /** The live entries among the keys; absent keys are left out. */
  Map<K, Expirable<V>> getAll(Set<? extends K> keys);

  /** Whether a live entry exists, without counting as an access. */
  boolean contains(K key);

  /**
   * Changes one key atomically: the function receives the live entry (or null) and returns the
   * entry to keep (or null to remove it). Returning the very same holder means "no change". A
   * store that arbitrates with other processes may call the function more than once when it
   * loses a race; it runs {@code onRetry} before every repeated call so the caller can discard
   * side effects it recorded (events), and it returns what the last call returned.
   */
  Expirable<V> compute(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> function, Runnable onRetry);

  /**
   * Fills a missing key for read-through: {@code load} receives the live entry, if one turns up,
   * and returns it unchanged; given null it runs the loader and returns the entry to store, or null.
   * A store shared by several processes may let only one of them load a key at a time (a lease),
   * the others waiting for its value; and may return a loaded entry without storing it, when the
   * key was written or removed while it loaded, after running {@code discard} so the caller drops
   * the side effects it recorded (events). A store may apply {@code load} more than once, e.g.
   * once outside its locks and again to store the result: given null again, it must return what it
   * loaded the first time rather than call the loader again. By default this is {@link #compute}.
   */
  default Expirable<V> load(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> load, Runnable discard) {
    return compute(key, load, discard);
  }

  /**
   * Changes several keys, each as {@link #compute} would; a store that talks to servers may batch
   * the round trips. {@code onRetry} receives a key before its function runs again.
   */
  default void computeAll(
      Collection<? extends K> keys,
      BiFunction<? super K, Expirable<V>, Expirable<V>> function,
      Consumer<? super K> onRetry) {
    for (K key : keys) {
      compute(key, function, () -> onRetry.accept(key));
    }
  }

  /** Moves a live entry's expiry time after an access outside {@link #compute}. */
  void setExpireAt(K key, Expirable<V> holder, long expireAtNanos);

  /** A weakly consistent iterator over the live entries. */
  Iterator<Map.Entry<K, Expirable<V>>> iterator();

  /** A snapshot of the keys of the live entries. */
  Set<K> keys();

  /** Removes every entry without any notification. */
  void clear();

  /** Removes every entry of the cache wherever it is stored, for {@code destroyCache}. */
  default void destroy() {
    clear();
  }

  /** Releases what the store holds; its data may stay where it is shared. */
  void close();

  /** The near tier's Caffeine cache, for {@code Cache.unwrap}. */
  Object nearCache();
}
