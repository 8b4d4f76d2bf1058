package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.CodecException;
import io.nearcache.jcache.codec.EncodedKey;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.ValueCodec;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.coherence.HybridLogicalClock;
import io.nearcache.jcache.coherence.InvalidationTransport;
import io.nearcache.jcache.coherence.Journal;
import io.nearcache.jcache.coherence.NearInvalidator;
import io.nearcache.jcache.config.RemoteSettings;
import io.nearcache.jcache.near.NearStore;
import io.nearcache.jcache.remote.CasResult;
import io.nearcache.jcache.remote.CasValue;
import io.nearcache.jcache.remote.UnsupportedRemoteOperationException;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.remote.routing.ZoneRouter;
import io.nearcache.jcache.stats.RemoteCounters;
import io.nearcache.jcache.store.EntryStore;
import io.nearcache.jcache.store.Expirable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The near tier in front of memcached zones. Memcached holds the truth; the near tier holds
 * copies. Reads try the near tier, then the local zone, then the other zones; a hit found in another
 * zone is copied to the local zone. Every change is arbitrated with {@code gets}/{@code cas} (or
 * {@code add} for an absent key) on the primary zone, or the next zone while the primary does not
 * answer, so conditional operations are atomic across JVMs; then the new envelope, stamped with a
 * hybrid-logical-clock version, is copied to the other zones, where an older version never replaces
 * a newer one. Removals write a short-lived tombstone so that a late copy of an older write cannot
 * bring a removed entry back.
 *
 * <p>A remote failure never reaches the caller as an exception: a read becomes a miss, a write that
 * no zone accepts is kept in the near tier only, and both are counted in {@link RemoteCounters}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TwoTierStore<K, V> implements EntryStore<K, V> {
  private static final Logger LOG = System.getLogger(TwoTierStore.class.getName());
  private static final int MAX_ATTEMPTS = 64;
  private static final int REPLICATION_ATTEMPTS = 4;
  private static final int MAX_REPLAYS = 100_000;
  private static final long THIRTY_DAYS_SECONDS = 30L * 24 * 3600;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long LEASE_POLL_MAX_MILLIS = 16;

  private final String cacheName;
  private final NearStore<K, V> near;
  private final ZoneRouter router;
  private final RemoteSettings settings;
  private final KeyEncoder keys;
  private final ValueCodec keyCodec;
  private final ValueCodec valueCodec;
  private final EnvelopeCodec envelopes;
  private final HybridLogicalClock clock;
  private final RemoteCounters counters;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final long capNanos;
  private final long timeoutNanos;
  private final int tombstoneTtlSeconds;
  private static final int STRIPES = 256;
  /** A stamp no stripe ever has: a read of a generation that moved meanwhile fills nothing. */
  private static final long NO_FILL = -1;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final NearStamps stamps = new NearStamps(STRIPES);
  private final LoadFlights<K> flights;
  private volatile long generation;
  private final boolean storeByReference;
  private final boolean nearEnabled;
  private final Journal journal;
  private final InvalidationTransport transport;
  private final Map<String, Replay> replays = new java.util.concurrent.ConcurrentHashMap<>();
  private final WriteFences fences = new WriteFences();
  private final Map<String, Announcement> announcements =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Zones whose generation counter a clear() could not raise yet, with the generation owed. */
  private final Map<ZoneClient, Long> generationReplays =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Object generationLock = new Object();
  private volatile Runnable onClose = () -> {};
  private volatile CoherenceMetrics coherenceMetrics = new CoherenceMetrics();
  private volatile boolean replayOverflowLogged;
  private volatile boolean rejectionLogged;
  private volatile boolean localKeyLogged;

  /**
   * Creates the store and reads the cache's generation from the arbiter zone.
   *
   * @param near the near tier, whose ticker must read wall-clock time (epoch millis × 10^6)
   * @param keyType the cache's configured key type; remote keys of another type are rejected
   * @param valueType the cache's configured value type; remote values of another type are rejected
   * @param capNanos the near tier's expire-after-write cap, 0 for none
   */
  TwoTierStore(
      String cacheName,
      NearStore<K, V> near,
      ZoneRouter router,
      RemoteSettings settings,
      KeyEncoder keys,
      ValueCodec keyCodec,
      ValueCodec valueCodec,
      EnvelopeCodec envelopes,
      HybridLogicalClock clock,
      RemoteCounters counters,
      Class<K> keyType,
      Class<V> valueType,
      long capNanos,
      boolean storeByReference,
      boolean nearEnabled,
      Journal journal,
      InvalidationTransport transport) {
    this.cacheName = requireNonNull(cacheName);
    this.flights = new LoadFlights<>(cacheName);
    this.near = requireNonNull(near);
    this.router = requireNonNull(router);
    this.settings = requireNonNull(settings);
    this.keys = requireNonNull(keys);
    this.keyCodec = requireNonNull(keyCodec);
    this.valueCodec = requireNonNull(valueCodec);
    this.envelopes = requireNonNull(envelopes);
    this.clock = requireNonNull(clock);
    this.counters = requireNonNull(counters);
    this.keyType = requireNonNull(keyType);
    this.valueType = requireNonNull(valueType);
    this.capNanos = capNanos;
    this.storeByReference = storeByReference;
    this.nearEnabled = nearEnabled;
    this.journal = requireNonNull(journal);
    this.transport = transport;
    this.timeoutNanos = settings.timeout().toNanos();
    this.tombstoneTtlSeconds = (int) Math.min(settings.tombstoneTtl().toSeconds(), THIRTY_DAYS_SECONDS);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    this.generation = readGeneration();
  }

  /** What this cache's remote tier did so far. */
  RemoteCounters counters() {
    return counters;
  }

  /** Attaches the coherence metrics of this cache's journal poller. */
  void coherence(CoherenceMetrics metrics) {
    this.coherenceMetrics = requireNonNull(metrics);
  }

  /** What this cache's coherence machinery did so far. */
  CoherenceMetrics coherenceMetrics() {
    return coherenceMetrics;
  }

  /** The generation whose keys this JVM reads and writes. */
  long generation() {
    return generation;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public long now() {
    return near.now();
  }

  @Override
  public Expirable<V> get(K key) {
    if (!nearEnabled) {
      // Remote-only: nothing to fill, so no mutation count to compare and no stripe lock to take.
      EncodedKey encoded = encode(key);
      return encoded == null ? null : readRemote(encoded);
    }
    Expirable<V> holder = near.get(key);
    if (holder != null) {
      counters.nearHit();
      return holder;
    }
    long gen = generation;
    EncodedKey encoded = encode(key, gen);
    if (encoded == null) {
      return null;
    }
    long seen = stampOf(encoded, gen);
    Expirable<V> remote = readRemote(encoded);
    if (remote != null) {
      fill(key, encoded, remote, seen);
    }
    return remote;
  }

  /**
   * {@link #get} without blocking: a near hit answers at once; otherwise the zones are asked one
   * after the other, in read order, each only when the one before failed or did not have the key,
   * and the answer fills the near tier as a blocking read would. Every step after a remote answer
   * runs on the given executor. That may be a memcached I/O thread (an executor that runs tasks in
   * the calling thread): the fill takes no lock, since a writer may be waiting for that very
   * thread.
   */
  @Override
  public CompletableFuture<Expirable<V>> getAsync(K key, Executor executor) {
    if (nearEnabled) {
      Expirable<V> holder = near.get(key);
      if (holder != null) {
        counters.nearHit();
        return CompletableFuture.completedFuture(holder);
      }
    }
    long gen = generation;
    EncodedKey encoded = encode(key, gen);
    if (encoded == null) {
      return CompletableFuture.completedFuture(null);
    }
    long seen = stampOf(encoded, gen);
    CompletableFuture<Expirable<V>> answer = new CompletableFuture<>();
    long fence = fences.fence(encoded.memcachedKey());
    readRemoteAsync(key, encoded, seen, fence, router.readOrder(), 0, executor, answer);
    return answer;
  }

  /**
   * The asynchronous form of {@link #readRemote}: asks zone {@code index} of the read order and,
   * when it failed or lacks the key, the next one; completes {@code answer} with the first live
   * entry found (filling the near tier), or null. One future per zone asked, no stage chains.
   */
  private void readRemoteAsync(
      K key,
      EncodedKey encoded,
      long seen,
      long fence,
      List<ZoneClient> order,
      int index,
      Executor executor,
      CompletableFuture<Expirable<V>> answer) {
    if (index == order.size()) {
      counters.remoteMiss();
      answer.complete(null);
      return;
    }
    ZoneClient zone = order.get(index);
    CompletableFuture<byte[]> read;
    try {
      read = zone.get(encoded.memcachedKey());
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    read.handleAsync(
        (bytes, failure) -> {
          try {
            if (failure != null) {
              counters.failure(zone.zone());
            } else if (bytes != null) {
              Envelope envelope = answer(encoded, bytes, fence);
              if (envelope != null) {
                // A tombstone or an expired entry is an answer too: no older copy may win over it.
                Expirable<V> holder = live(envelope);
                if (holder != null) {
                  counters.remoteHit(zone.zone());
                  warmUp(zone, encoded, bytes, envelope);
                  fill(key, encoded, holder, seen);
                } else {
                  counters.remoteMiss();
                }
                answer.complete(holder);
                return null;
              }
            }
            readRemoteAsync(key, encoded, seen, fence, order, index + 1, executor, answer);
          } catch (RuntimeException | Error e) {
            answer.completeExceptionally(e);
          }
          return null;
        },
        executor)
        // The executor refused the step (its manager is closing): the caller still gets an answer.
        .exceptionally(
            refused -> {
              answer.completeExceptionally(refused);
              return null;
            });
  }

  @Override
  public Map<K, Expirable<V>> getAll(Set<? extends K> requested) {
    Map<K, Expirable<V>> found = new HashMap<>(requested.size() * 4 / 3 + 1);
    Map<String, Pending<K>> pending = pendingOf(requested, found);
    for (ZoneClient zone : router.readOrder()) {
      if (pending.isEmpty()) {
        break;
      }
      Map<String, byte[]> got;
      try {
        // A view, not a copy: the zone reads the keys before it returns, and pending changes only
        // once the answer is in.
        got = await(zone.getBulk(Collections.unmodifiableSet(pending.keySet())));
      } catch (RemoteFailure e) {
        counters.failure(zone.zone());
        continue;
      }
      absorb(zone, got, pending, found);
    }
    counters.remoteMisses(pending.size());
    return found;
  }

  /**
   * Puts the near tier's hits into {@code found} and returns the other keys by memcached key, with
   * their encoding: what a bulk read still looks for.
   */
  private Map<String, Pending<K>> pendingOf(
      Set<? extends K> requested, Map<K, Expirable<V>> found) {
    Map<String, Pending<K>> pending = new HashMap<>(requested.size() * 4 / 3 + 1);
    long gen = generation;
    for (K key : requested) {
      Expirable<V> holder = nearEnabled ? near.get(key) : null;
      if (holder != null) {
        counters.nearHit();
        found.put(key, holder);
      } else {
        EncodedKey encoded = encode(key, gen);
        if (encoded != null) {
          pending.put(
              encoded.memcachedKey(),
              new Pending<>(
                  key, encoded, fences.fence(encoded.memcachedKey()), stampOf(encoded, gen)));
        }
      }
    }
    return pending;
  }

  /**
   * Takes one zone's bulk answer: every intact envelope written for its key answers that key (a
   * tombstone or an expired entry too: no older copy in another zone may win over it), and the
   * live ones go into {@code found}. The clock observes the answer's newest version once, rather
   * than every key's, and expiry is checked against the time the answer arrived.
   */
  private void absorb(
      ZoneClient zone,
      Map<String, byte[]> got,
      Map<String, Pending<K>> pending,
      Map<K, Expirable<V>> found) {
    long newest = -1;
    long arrived = near.now();
    int hits = 0;
    for (Map.Entry<String, byte[]> e : got.entrySet()) {
      Pending<K> asked = pending.remove(e.getKey());
      if (asked == null) {
        continue;
      }
      EncodedKey encoded = asked.encoded();
      Envelope envelope = decodeMatching(encoded, e.getValue());
      if (envelope == null || envelope.version() < asked.fence()) {
        // Not an answer for this key (damaged, foreign or colliding), or older than this JVM's
        // own write, whose copy has not reached this zone yet: the next zone may have one.
        pending.put(e.getKey(), asked);
        continue;
      }
      newest = Math.max(newest, envelope.version());
      Expirable<V> holder = live(envelope, arrived);
      if (holder == null) {
        counters.remoteMiss();
        continue;
      }
      K key = asked.key();
      hits++;
      found.put(key, holder);
      warmUp(zone, encoded, e.getValue(), envelope);
      fill(key, encoded, holder, asked.seen());
    }
    counters.remoteHits(zone.zone(), hits);
    if (newest >= 0) {
      clock.observe(newest);
    }
  }

  /** A key a bulk read still looks for, with its encoding, fence and stripe stamp. */
  private record Pending<K>(K key, EncodedKey encoded, long fence, long seen) {}

  @Override
  public boolean contains(K key) {
    if (nearEnabled && near.contains(key)) {
      return true;
    }
    EncodedKey encoded = encode(key);
    return encoded != null && readRemote(encoded) != null;
  }

  /** Reads a key from the zones in read order; null when no zone has a live entry. */
  private Expirable<V> readRemote(EncodedKey encoded) {
    long fence = fences.fence(encoded.memcachedKey());
    for (ZoneClient zone : router.readOrder()) {
      byte[] bytes;
      try {
        bytes = await(zone.get(encoded.memcachedKey()));
      } catch (RemoteFailure e) {
        counters.failure(zone.zone());
        continue;
      }
      if (bytes == null) {
        continue;
      }
      Envelope envelope = answer(encoded, bytes, fence);
      if (envelope == null) {
        continue;
      }
      // A tombstone or an expired entry is an answer: the entry is gone, whatever older copies
      // other zones may still hold.
      Expirable<V> holder = live(envelope);
      if (holder != null) {
        counters.remoteHit(zone.zone());
        warmUp(zone, encoded, bytes, envelope);
      } else {
        counters.remoteMiss();
      }
      return holder;
    }
    counters.remoteMiss();
    return null;
  }

  /** Copies an entry found in another zone into the local zone, without waiting. */
  private void warmUp(ZoneClient source, EncodedKey encoded, byte[] bytes, Envelope envelope) {
    if (!settings.warmUp() || source == router.local() || envelope.isTombstone()) {
      return;
    }
    ZoneClient local = router.local();
    local
        .add(encoded.memcachedKey(), ttlSeconds(envelope.expireAtMillis()), bytes)
        .whenComplete(
            (added, error) -> {
              if (error != null) {
                counters.failure(local.zone());
              } else if (Boolean.TRUE.equals(added)) {
                counters.warmUp();
              }
            });
  }

  /**
   * Puts a value read from memcached into the near tier unless the key's stripe changed since the
   * read started (a write, an invalidation or a clear there is newer than what was read), and
   * takes it back if the stripe changed while it was being stored. Takes no lock, so it may run on
   * a memcached I/O thread, and a fill never waits for a writer of the same stripe.
   */
  private void fill(K key, EncodedKey encoded, Expirable<V> holder, long seen) {
    int stripe = stripeOf(encoded);
    if (!nearEnabled || !stamps.unchanged(stripe, seen)) {
      return;
    }
    if (near.putIfAbsent(key, holder) == null && !stamps.unchanged(stripe, seen)) {
      near.remove(key, holder);
    }
  }

  /**
   * A stamp for a near-tier copy of a key read or written under generation {@code gen}: the
   * stripe's stamp, or one that never matches when the generation moved since the key was encoded.
   * Read the generation, encode, then take the stamp: a clear that comes in between is caught here,
   * one that comes later moves the stamp.
   */
  private long stampOf(EncodedKey encoded, long gen) {
    long seen = stamps.stamp(stripeOf(encoded));
    return generation == gen ? seen : NO_FILL;
  }

  /**
   * Makes the near tier hold a writer's result: drops the key for a removal, else stores the
   * holder and takes it back if the stripe changed since {@code seen}, which the writer took when
   * its change won (an invalidation applied while it waited for other zones is newer).
   */
  private void publish(K key, EncodedKey encoded, Expirable<V> holder, long seen) {
    if (holder == null) {
      near.remove(key);
      return;
    }
    if (!nearEnabled) {
      return;
    }
    int stripe = stripeOf(encoded);
    if (!stamps.unchanged(stripe, seen)) {
      near.remove(key);
      return;
    }
    near.put(key, holder);
    if (!stamps.unchanged(stripe, seen)) {
      near.remove(key, holder);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public Expirable<V> compute(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> function, Runnable onRetry) {
    return compute(key, function, onRetry, null, false);
  }

  /**
   * {@link #compute}, given what an earlier try already did: {@code unanswered} is a write of the
   * key whose answer did not come (finished, not applied again, if it landed), and {@code
   * retrying} says the function was applied once already, so {@code onRetry} runs before it is
   * applied again.
   */
  private Expirable<V> compute(
      K key,
      BiFunction<? super K, Expirable<V>, Expirable<V>> function,
      Runnable onRetry,
      Unanswered<V> unanswered,
      boolean retrying) {
    long gen = generation;
    EncodedKey encoded = encode(key, gen);
    if (encoded == null) {
      return computeNearOnly(key, function);
    }
    ReentrantLock lock = lockFor(encoded);
    lock.lock();
    try {
      for (int attempt = retrying ? 1 : 0; attempt < MAX_ATTEMPTS; attempt++) {
        long seen = stampOf(encoded, gen);
        Arbitration arbitration = arbitrate(key, encoded);
        if (unanswered != null && arbitration != null && unanswered.landedOn(arbitration)) {
          // The write whose answer timed out took effect: finish it, without applying the
          // function again to what is now this very write.
          return settle(key, encoded, gen, arbitration.zone, unanswered);
        }
        if (attempt > 0) {
          onRetry.run();
          counters.casRetry();
        }
        if (arbitration == null) {
          return computeNearOnly(key, function);
        }
        Expirable<V> current = arbitration.holder;
        Expirable<V> next = function.apply(key, current);
        if (arbitration.unchangedBy(next)) {
          publish(key, encoded, current, seen);
          return current;
        }
        long version = versionAbove(arbitration.stored);
        byte[] bytes = next == null ? tombstone(encoded, version) : envelope(encoded, next, version);
        int ttl = next == null ? tombstoneTtlSeconds : ttlSeconds(toMillis(next.expireAtNanos()));
        Expirable<V> kept = next == null ? null : next.withVersion(version);
        Unanswered<V> sent = new Unanswered<>(bytes, version, ttl, kept);
        Boolean won = write(arbitration, encoded.memcachedKey(), ttl, bytes);
        if (won == null) {
          // No answer: the write may have landed all the same; the next arbitration tells.
          counters.failure(arbitration.zone.zone());
          unanswered = sent;
          continue;
        }
        unanswered = null;
        if (!won) {
          continue;
        }
        return settle(key, encoded, gen, arbitration.zone, sent);
      }
      throw new CacheException(
          "Cache "
              + cacheName
              + " gave up changing key "
              + key
              + " after "
              + MAX_ATTEMPTS
              + " attempts lost to concurrent writers in other processes");
    } finally {
      lock.unlock();
    }
  }

  /** Finishes a write the arbiter took: replicates and announces it, and updates the near tier. */
  private Expirable<V> settle(
      K key, EncodedKey encoded, long gen, ZoneClient arbiter, Unanswered<V> write) {
    long seen = won(encoded, gen);
    replicate(arbiter, encoded, write.bytes(), write.version(), write.ttl());
    publish(key, encoded, write.kept(), seen);
    return write.kept();
  }

  /**
   * Marks a write of generation {@code gen} that the arbiter took; returns the stamp its near-tier
   * update is checked against, which never matches when a clear moved the generation meanwhile.
   */
  private long won(EncodedKey encoded, long gen) {
    long seen = stamps.bump(stripeOf(encoded));
    return generation == gen ? seen : NO_FILL;
  }

  /**
   * Fills a missing key under a lease, so that one caller fleet-wide runs the loader per lease
   * period. The lease is an envelope written with {@code add} (or {@code cas} over a tombstone) on
   * the arbiter zone; the fill replaces it with {@code cas} only if it is still this caller's lease,
   * so a write or removal that happened while the loader ran (it replaces or kills the lease) wins,
   * and the loaded value goes back to its caller unstored. Callers that find another caller's lease
   * re-read the arbiter until the value appears, at most {@link RemoteSettings#leaseWait()}, and
   * then load themselves without storing. Inside this JVM, concurrent misses for the key wait for
   * the first caller's load ({@link LoadFlights}) and find its value; no lock is held while the
   * loader runs. Works over the classic text protocol only
   * ({@code gets}, {@code add}, {@code cas}), so also through memcached-protocol proxies.
   */
  @Override
  public Expirable<V> load(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> load, Runnable discard) {
    for (; ; ) {
      LoadFlights<K>.Flight flight = flights.enter(key, settings.leaseWait().toNanos());
      if (flight == null) {
        Expirable<V> filled = nearEnabled ? near.get(key) : null;
        if (filled != null) {
          // Another thread of this JVM loaded it while this one waited.
          return load.apply(key, filled);
        }
        continue;
      }
      try (flight) {
        long gen = generation;
        EncodedKey encoded = encode(key, gen);
        if (encoded == null) {
          return computeNearOnly(key, load);
        }
        return settings.leases()
            ? loadUnderLease(key, encoded, gen, load, discard)
            : loadThenStore(key, encoded, gen, load, discard);
      }
    }
  }

  /** {@link #load} with a lease on the arbiter; holds no lock, so the loader may use the cache. */
  private Expirable<V> loadUnderLease(
      K key,
      EncodedKey encoded,
      long gen,
      BiFunction<? super K, Expirable<V>, Expirable<V>> load,
      Runnable discard) {
    long waitUntil = System.nanoTime() + settings.leaseWait().toNanos();
    long pauseMillis = 1;
    boolean waited = false;
    // The token of a lease sent whose answer did not come: finding it on the arbiter proves
    // this caller holds the lease (waiting for it would wait for itself).
    long unansweredToken = 0;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; ) {
      long seen = stampOf(encoded, gen);
      Arbitration arbitration = arbitrate(key, encoded);
      if (arbitration == null) {
        return computeNearOnly(key, load);
      }
      if (arbitration.holder != null) {
        publish(key, encoded, arbitration.holder, seen);
        return load.apply(key, arbitration.holder);
      }
      if (arbitration.lease != null && arbitration.lease.leaseToken() == unansweredToken) {
        counters.leaseGranted();
        return fillUnderLease(key, encoded, gen, arbitration.zone, arbitration.lease, load, discard);
      }
      if (arbitration.lease != null) {
        if (!waited) {
          waited = true;
          counters.leaseWait();
        }
        long left = waitUntil - System.nanoTime();
        if (left <= 0) {
          counters.leaseWaitExpired();
          Expirable<V> loaded = load.apply(key, null);
          discard.run();
          return loaded;
        }
        pause(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        pauseMillis = Math.min(2 * pauseMillis, LEASE_POLL_MAX_MILLIS);
        continue;
      }
      attempt++;
      long token = ThreadLocalRandom.current().nextLong() | 1L;
      long leaseUntil = near.now() / NANOS_PER_MILLI + settings.leaseTtl().toMillis();
      Envelope lease =
          Envelope.lease(leaseUntil, versionAbove(arbitration.stored), encoded.storedKey(), token);
      Boolean won =
          write(arbitration, encoded.memcachedKey(), ttlSeconds(leaseUntil), envelopes.encode(lease));
      if (won == null) {
        counters.failure(arbitration.zone.zone());
        unansweredToken = token;
        continue;
      }
      if (won) {
        counters.leaseGranted();
        return fillUnderLease(key, encoded, gen, arbitration.zone, lease, load, discard);
      }
    }
    return loadThenStore(key, encoded, gen, load, discard);
  }

  /**
   * {@link #load} without a lease: reads the arbiter and, when the key is absent, runs the loader
   * outside any lock, then stores what it loaded as {@link #compute} would. Given the entry a
   * write stored meanwhile, the function keeps that entry; applied again, it reuses what it loaded
   * (see {@link EntryStore#load}), so the loader runs once.
   */
  private Expirable<V> loadThenStore(
      K key,
      EncodedKey encoded,
      long gen,
      BiFunction<? super K, Expirable<V>, Expirable<V>> load,
      Runnable discard) {
    long seen = stampOf(encoded, gen);
    Arbitration arbitration = arbitrate(key, encoded);
    if (arbitration == null) {
      return computeNearOnly(key, load);
    }
    if (arbitration.holder != null) {
      publish(key, encoded, arbitration.holder, seen);
      return load.apply(key, arbitration.holder);
    }
    if (load.apply(key, null) == null) {
      return null;
    }
    discard.run();
    return compute(key, load, discard);
  }

  /** Runs the loader and stores its entry in place of this caller's lease, if it still is. */
  private Expirable<V> fillUnderLease(
      K key,
      EncodedKey encoded,
      long gen,
      ZoneClient arbiter,
      Envelope lease,
      BiFunction<? super K, Expirable<V>, Expirable<V>> load,
      Runnable discard) {
    long token = lease.leaseToken();
    Expirable<V> next;
    try {
      next = load.apply(key, null);
    } catch (RuntimeException | Error e) {
      releaseLease(arbiter, encoded, token);
      throw e;
    }
    if (next == null) {
      releaseLease(arbiter, encoded, token);
      return null;
    }
    long version = Math.max(clock.now(), lease.version() + 1);
    byte[] bytes;
    try {
      bytes = envelope(encoded, next, version);
    } catch (RuntimeException e) {
      // Too large for an item, say: nothing will fill the key, so nobody should wait for it.
      releaseLease(arbiter, encoded, token);
      throw e;
    }
    int ttl = ttlSeconds(toMillis(next.expireAtNanos()));
    CasValue current;
    try {
      current = await(arbiter.direct().gets(encoded.memcachedKey()));
    } catch (RemoteFailure e) {
      counters.failure(arbiter.zone());
      counters.skippedWrite();
      discard.run();
      return next;
    }
    Boolean stored =
        holdsLease(encoded, current, token)
            ? write(
                new Arbitration(arbiter, null, current.cas(), null, true, current.value()),
                encoded.memcachedKey(),
                ttl,
                bytes)
            : Boolean.FALSE;
    if (stored == null) {
      counters.failure(arbiter.zone());
      stored = landed(arbiter, encoded, bytes);
    }
    if (stored == null) {
      counters.skippedWrite();
      discard.run();
      return next;
    }
    if (!stored) {
      // A write or removal replaced the lease while the loader ran: what it loaded may be older.
      counters.staleSetPrevented();
      discard.run();
      return next;
    }
    long seen = won(encoded, gen);
    replicate(arbiter, encoded, bytes, version, ttl);
    Expirable<V> kept = next.withVersion(version);
    publish(key, encoded, kept, seen);
    return kept;
  }

  /**
   * Whether a write whose answer did not come landed: true when the arbiter holds exactly its
   * bytes (they carry this JVM's version stamp), false when it holds anything else, null when it
   * does not answer again.
   */
  private Boolean landed(ZoneClient arbiter, EncodedKey encoded, byte[] bytes) {
    try {
      CasValue now = await(arbiter.direct().gets(encoded.memcachedKey()));
      return now != null && java.util.Arrays.equals(now.value(), bytes);
    } catch (RemoteFailure e) {
      counters.failure(arbiter.zone());
      return null;
    }
  }

  private boolean holdsLease(EncodedKey encoded, CasValue current, long token) {
    if (current == null) {
      return false;
    }
    Envelope envelope = decodeFor(encoded, current.value());
    return envelope != null && envelope.isLease() && envelope.leaseToken() == token;
  }

  /** Gives a lease back when the loader found nothing or failed, so others need not wait it out. */
  private void releaseLease(ZoneClient arbiter, EncodedKey encoded, long token) {
    // Waited for, so the lease is gone once the caller returns; a failure leaves it to expire.
    CompletableFuture<Boolean> released =
        arbiter
            .direct()
            .gets(encoded.memcachedKey())
            .thenCompose(
                current ->
                    holdsLease(encoded, current, token)
                        ? arbiter
                            .direct()
                            .cas(
                                encoded.memcachedKey(),
                                current.cas(),
                                tombstoneTtlSeconds,
                                tombstone(encoded, clock.now()))
                            .thenApply(result -> result == CasResult.OK)
                        : CompletableFuture.completedFuture(false))
            .exceptionally(error -> false);
    try {
      await(released, 2 * timeoutNanos);
    } catch (RemoteFailure e) {
      counters.failure(arbiter.zone());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for another caller's lease", e);
    }
  }

  /**
   * Changes several keys with one pipelined round of {@code gets} and one of {@code add}/{@code
   * cas} on the primary zone, then replicates them together. Keys whose write loses a race, and
   * every key when the primary zone does not answer, go through {@link #compute} one by one.
   */
  @Override
  public void computeAll(
      Collection<? extends K> requested,
      BiFunction<? super K, Expirable<V>, Expirable<V>> function,
      Consumer<? super K> onRetry) {
    List<K> batch = new ArrayList<>();
    List<EncodedKey> encodedKeys = new ArrayList<>();
    long gen = generation;
    for (K key : requested) {
      EncodedKey encoded = encode(key, gen);
      if (encoded == null) {
        computeNearOnly(key, function);
      } else {
        batch.add(key);
        encodedKeys.add(encoded);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    ReentrantLock[] held = lockAll(encodedKeys);
    try {
      ZoneClient arbiter = router.arbiterOrder().get(0);
      long[] seen = new long[batch.size()];
      List<CompletableFuture<CasValue>> reads = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        seen[i] = stampOf(encodedKeys.get(i), gen);
        reads.add(arbiter.direct().gets(encodedKeys.get(i).memcachedKey()));
      }
      // Keys to decide one by one, each with its write whose answer did not come, if any.
      Map<K, Unanswered<V>> retry = new LinkedHashMap<>();
      List<CasValue> answers = new ArrayList<>(batch.size());
      List<CompletableFuture<Boolean>> restores = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        CasValue value = null;
        CompletableFuture<Boolean> restore = null;
        try {
          value = await(reads.get(i));
          if (value == null) {
            restore = restoreOnArbiter(arbiter, encodedKeys.get(i), null, null);
          }
        } catch (RemoteFailure e) {
          counters.failure(arbiter.zone());
          restore = CompletableFuture.completedFuture(true);
        }
        answers.add(value);
        restores.add(restore);
      }
      List<CompletableFuture<Boolean>> writes = new ArrayList<>(batch.size());
      List<PendingWrite<K, V>> pending = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        K key = batch.get(i);
        EncodedKey encoded = encodedKeys.get(i);
        if (restores.get(i) != null) {
          boolean again;
          try {
            again = await(restores.get(i), 2 * timeoutNanos);
          } catch (RemoteFailure e) {
            again = true;
          }
          if (again) {
            // The arbiter failed, or held no copy while another zone did: decide it alone.
            retry.put(key, null);
            continue;
          }
        }
        Arbitration arbitration = arbitrationOf(arbiter, key, encoded, answers.get(i));
        Expirable<V> current = arbitration.holder;
        Expirable<V> next = function.apply(key, current);
        if (arbitration.unchangedBy(next)) {
          publish(key, encoded, current, seen[i]);
          continue;
        }
        long version = versionAbove(arbitration.stored);
        byte[] bytes = next == null ? tombstone(encoded, version) : envelope(encoded, next, version);
        int ttl = next == null ? tombstoneTtlSeconds : ttlSeconds(toMillis(next.expireAtNanos()));
        writes.add(writeAsync(arbitration, encoded.memcachedKey(), ttl, bytes));
        Expirable<V> kept = next == null ? null : next.withVersion(version);
        pending.add(new PendingWrite<>(key, encoded, new Unanswered<>(bytes, version, ttl, kept)));
      }
      List<CompletableFuture<Boolean>> acks = new ArrayList<>();
      for (int i = 0; i < writes.size(); i++) {
        PendingWrite<K, V> p = pending.get(i);
        K key = p.key();
        Unanswered<V> write = p.write();
        boolean won;
        try {
          won = await(writes.get(i));
        } catch (RemoteFailure e) {
          // It may have landed all the same: the retry finishes it if it did.
          counters.failure(arbiter.zone());
          retry.put(key, write);
          continue;
        }
        if (!won) {
          retry.put(key, null);
          continue;
        }
        long stamp = won(p.encoded(), gen);
        replicateAsync(arbiter, p.encoded(), write.bytes(), write.version(), write.ttl(), acks);
        publish(key, p.encoded(), write.kept(), stamp);
      }
      if (!acks.isEmpty()) {
        ZoneRouter.awaitAcks(acks, settings.ack(), router.size(), timeoutNanos * 2);
      }
      for (Map.Entry<K, Unanswered<V>> r : retry.entrySet()) {
        K key = r.getKey();
        compute(key, function, () -> onRetry.accept(key), r.getValue(), true);
      }
    } finally {
      for (int i = held.length - 1; i >= 0; i--) {
        held[i].unlock();
      }
    }
  }

  /** Locks the stripes of several keys in index order, so two batches never deadlock. */
  private ReentrantLock[] lockAll(List<EncodedKey> encodedKeys) {
    java.util.TreeSet<Integer> stripes = new java.util.TreeSet<>();
    for (EncodedKey encoded : encodedKeys) {
      stripes.add(stripeOf(encoded));
    }
    ReentrantLock[] held = new ReentrantLock[stripes.size()];
    int i = 0;
    for (int stripe : stripes) {
      held[i] = locks[stripe];
      held[i].lock();
      i++;
    }
    return held;
  }

  /** Starts a write on the arbiter: add when the key was absent, else cas. */
  private CompletableFuture<Boolean> writeAsync(
      Arbitration arbitration, String memcachedKey, int ttl, byte[] bytes) {
    if (arbitration.cas == Arbitration.ABSENT) {
      return arbitration.zone.direct().add(memcachedKey, ttl, bytes);
    }
    return arbitration.zone.direct().cas(memcachedKey, arbitration.cas, ttl, bytes)
        .thenApply(result -> result == CasResult.OK);
  }

  /** Writes on the arbiter: add when the key was absent, else cas; null when it did not answer. */
  private Boolean write(Arbitration arbitration, String memcachedKey, int ttl, byte[] bytes) {
    try {
      if (arbitration.cas == Arbitration.ABSENT) {
        return await(arbitration.zone.direct().add(memcachedKey, ttl, bytes));
      }
      ZoneClient arbiter = arbitration.zone.direct();
      return await(arbiter.cas(memcachedKey, arbitration.cas, ttl, bytes)) == CasResult.OK;
    } catch (RemoteFailure e) {
      return null;
    }
  }

  /** No zone answered: the change is applied to the near tier alone and counted. */
  private Expirable<V> computeNearOnly(
      K key, BiFunction<? super K, Expirable<V>, Expirable<V>> function) {
    Expirable<V> current = nearEnabled ? near.get(key) : null;
    Expirable<V> next = function.apply(key, current);
    if (next != current) {
      counters.skippedWrite();
      // Not encodable, so no invalidation or fill can name it: its near copy is this JVM's alone.
      syncNear(key, next);
    }
    return next;
  }

  private void syncNear(K key, Expirable<V> holder) {
    if (holder == null) {
      near.remove(key);
    } else if (nearEnabled) {
      near.put(key, holder);
    }
  }

  /**
   * The near holder when it mirrors exactly this envelope: no decoding, and the very instance a
   * store-by-reference cache handed in.
   */
  private Expirable<V> sameAsNear(K key, Envelope envelope) {
    Expirable<V> mirrored = nearEnabled ? near.get(key) : null;
    if (mirrored != null
        && mirrored.version() == envelope.version()
        && !envelope.isTombstone()
        && !envelope.isLease()
        && !envelope.isExpired(near.now() / NANOS_PER_MILLI)) {
      return mirrored;
    }
    return null;
  }

  /** Reads a key's authoritative copy: on the primary zone, or the next zone that answers. */
  private Arbitration arbitrate(K key, EncodedKey encoded) {
    List<ZoneClient> order = router.arbiterOrder();
    for (int i = 0; i < order.size(); i++) {
      ZoneClient zone = order.get(i);
      // The zone that arbitrates when this one fails, read alongside: it holds what was decided
      // while this one was down or hung, until replays and copies bring it here.
      ZoneClient next = i + 1 < order.size() ? order.get(i + 1) : null;
      CompletableFuture<byte[]> successor = next == null ? null : readQuietly(next, encoded);
      CasValue value;
      try {
        long asked = System.nanoTime();
        value = await(zone.direct().gets(encoded.memcachedKey()));
        if (next != null && System.nanoTime() - asked > timeoutNanos / 2) {
          // A late answer: the arbiter may have been hung while the successor decided writes
          // after the successor was read. Read it again.
          successor = readQuietly(next, encoded);
        }
        if (value == null
            && await(restoreOnArbiter(zone, encoded, next, successor), 2 * timeoutNanos)) {
          value = await(zone.direct().gets(encoded.memcachedKey()));
        } else if (value != null && catchUp(zone, encoded, value, successor)) {
          value = await(zone.direct().gets(encoded.memcachedKey()));
        }
      } catch (RemoteFailure e) {
        counters.failure(zone.zone());
        continue;
      }
      return arbitrationOf(zone, key, encoded, value);
    }
    return null;
  }

  private static CompletableFuture<byte[]> readQuietly(ZoneClient zone, EncodedKey encoded) {
    return zone.direct().get(encoded.memcachedKey()).exceptionally(error -> null);
  }

  /**
   * Brings the arbiter's copy up to the successor's when the successor holds a newer version (not a
   * lease): a write it decided while the arbiter was down or hung, which the arbiter, answering
   * again, must not decide against. Returns whether it tried, so that the arbiter is read again.
   */
  private boolean catchUp(
      ZoneClient arbiter, EncodedKey encoded, CasValue held, CompletableFuture<byte[]> successor) {
    if (successor == null) {
      return false;
    }
    byte[] theirs;
    try {
      theirs = await(successor);
    } catch (RemoteFailure e) {
      return false;
    }
    Envelope newer = theirs == null ? null : decodeQuietly(theirs);
    if (newer == null
        || newer.isLease()
        || !encoded.matches(newer)
        || newer.version() <= versionOf(held.value())) {
      return false;
    }
    await(
        arbiter
            .direct()
            .cas(encoded.memcachedKey(), held.cas(), ttlSeconds(newer.expireAtMillis()), theirs),
        2 * timeoutNanos);
    return true;
  }

  /**
   * Copies to an arbiter that has no copy of a key the newest unexpired envelope (value or
   * tombstone) another zone holds, and completes with whether it found one, so that the arbiter is
   * read again. An arbiter that came back empty from a restart would otherwise arbitrate as if every
   * key were absent while the other zones still serve them: {@code putIfAbsent} would win over an
   * existing entry, and {@code remove} would find nothing to remove and leave the entry in every
   * other zone. The {@code add} loses to any write made meanwhile, which the second read sees.
   * {@code itsRead}, when given, is a read of zone {@code readAlready} already under way, used
   * instead of reading that zone again.
   */
  private CompletableFuture<Boolean> restoreOnArbiter(
      ZoneClient arbiter,
      EncodedKey encoded,
      ZoneClient readAlready,
      CompletableFuture<byte[]> itsRead) {
    List<ZoneClient> others = router.others(arbiter);
    List<CompletableFuture<byte[]>> reads = new ArrayList<>(others.size());
    for (ZoneClient zone : others) {
      if (zone == readAlready && itsRead != null) {
        reads.add(itsRead);
        continue;
      }
      reads.add(
          zone.get(encoded.memcachedKey())
              .exceptionally(
                  error -> {
                    counters.failure(zone.zone());
                    return null;
                  }));
    }
    return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
        .thenCompose(
            done -> {
              byte[] newest = null;
              Envelope newestEnvelope = null;
              long nowMillis = near.now() / NANOS_PER_MILLI;
              for (CompletableFuture<byte[]> read : reads) {
                byte[] bytes = read.join();
                Envelope envelope = bytes == null ? null : decodeFor(encoded, bytes);
                if (envelope != null
                    && !envelope.isLease()
                    && !envelope.isExpired(nowMillis)
                    && (newestEnvelope == null || envelope.version() > newestEnvelope.version())) {
                  newest = bytes;
                  newestEnvelope = envelope;
                }
              }
              if (newest == null) {
                return CompletableFuture.completedFuture(false);
              }
              return arbiter
                  .direct()
                  .add(encoded.memcachedKey(), ttlSeconds(newestEnvelope.expireAtMillis()), newest)
                  .thenApply(added -> true);
            });
  }

  /** What a {@code gets} answer from the arbiter says about a key. */
  private Arbitration arbitrationOf(ZoneClient zone, K key, EncodedKey encoded, CasValue value) {
    if (value == null) {
      return new Arbitration(zone, null, Arbitration.ABSENT, null, false, null);
    }
    Envelope envelope = decodeFor(encoded, value.value());
    Expirable<V> holder = envelope == null ? null : sameAsNear(key, envelope);
    if (holder == null && envelope != null) {
      holder = live(envelope);
    }
    boolean leased = envelope != null && envelope.isLease();
    Envelope lease =
        leased && !envelope.isExpired(near.now() / NANOS_PER_MILLI) ? envelope : null;
    return new Arbitration(zone, holder, value.cas(), lease, leased, value.value());
  }

  /** Copies a write to every other zone, then waits as the acknowledgement policy says. */
  private void replicate(
      ZoneClient arbiter, EncodedKey encoded, byte[] bytes, long version, int ttl) {
    List<CompletableFuture<Boolean>> acks = new ArrayList<>();
    replicateAsync(arbiter, encoded, bytes, version, ttl, acks);
    if (!acks.isEmpty()) {
      ZoneRouter.awaitAcks(acks, settings.ack(), router.size(), timeoutNanos * 2);
    }
  }

  /**
   * Announces a write the arbiter took, and starts copying it to every other zone; each zone's
   * journal gets the invalidation only once that zone holds the new copy, so a reader that drops
   * its near copy on the record cannot read the old value back from its zone. A zone that misses
   * the copy gets it replayed later. The invalidation transport, which does not say which zone a
   * message is about, publishes once every zone's copy has settled, for the same reason. Adds one
   * future per zone to acks.
   */
  private void replicateAsync(
      ZoneClient arbiter,
      EncodedKey encoded,
      byte[] bytes,
      long version,
      int ttl,
      List<CompletableFuture<Boolean>> acks) {
    announce(arbiter, encoded, version);
    ZoneClient local = router.local();
    if (arbiter != local) {
      // Until the local zone holds the copy, this JVM's reads must not take its older value.
      fences.wrote(encoded.memcachedKey(), version);
    }
    List<CompletableFuture<Boolean>> copies = new ArrayList<>();
    for (ZoneClient zone : router.others(arbiter)) {
      // The outcome is recorded before the acknowledgement completes, so a writer that waited
      // for it finds the failure counted and the replay queued when it returns.
      CompletableFuture<Boolean> ack =
          replicateTo(zone, encoded.memcachedKey(), bytes, version, ttl, 0)
              .handle(
                  (ok, error) -> {
                    boolean copied = error == null && Boolean.TRUE.equals(ok);
                    if (copied) {
                      if (zone == local) {
                        fences.landed(encoded.memcachedKey(), version);
                      }
                      announce(zone, encoded, version);
                    } else {
                      counters.failedReplication(zone.zone());
                      scheduleReplay(
                          new Replay(zone, encoded, bytes, version, ttl, refreshDeadline(bytes)));
                    }
                    return copied;
                  });
      copies.add(ack);
    }
    acks.addAll(copies);
    if (transport != null) {
      CompletableFuture.allOf(copies.toArray(new CompletableFuture<?>[0]))
          .whenComplete((settled, error) -> publish(encoded, version));
    }
  }

  /** Publishes an invalidation; a failure only costs speed: the journal repairs. */
  private void publish(EncodedKey encoded, long version) {
    try {
      transport.publish(cacheName, encoded.canonicalKey(), version);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Invalidation transport failed to publish for cache " + cacheName, e);
    }
  }

  /**
   * Appends an invalidation record to one zone's journal, without waiting. An append that fails
   * is retried by the replay round until it lands: one that failed before taking a sequence
   * number leaves no gap for the zone's readers to notice, so without the retry they would keep
   * their near copy.
   */
  private void announce(ZoneClient zone, EncodedKey encoded, long version) {
    journal
        .append(zone, encoded.canonicalKey(), version)
        .thenAccept(
            ok -> {
              if (!ok) {
                counters.failure(zone.zone());
                scheduleAnnouncement(zone, encoded, version);
              }
            });
  }

  private void scheduleAnnouncement(ZoneClient zone, EncodedKey encoded, long version) {
    String id = zone.zone() + '\n' + encoded.memcachedKey();
    if (announcements.size() >= MAX_REPLAYS && !announcements.containsKey(id)) {
      // The zone's journal is out of reach for longer than the queue covers: its readers'
      // near copies are bounded by near.expire-after-write.
      counters.droppedReplay(zone.zone());
      return;
    }
    announcements.merge(
        id,
        new Announcement(zone, encoded, version),
        (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }

  /** An invalidation record that did not reach a zone's journal. */
  private record Announcement(ZoneClient zone, EncodedKey encoded, long version) {}

  private void scheduleReplay(Replay replay) {
    String id = replay.zone().zone() + '\n' + replay.encoded().memcachedKey();
    if (replays.size() >= MAX_REPLAYS && !replays.containsKey(id)) {
      counters.droppedReplay(replay.zone().zone());
      if (!replayOverflowLogged) {
        replayOverflowLogged = true;
        LOG.log(
            Level.ERROR,
            "Cache "
                + cacheName
                + ": zone "
                + replay.zone().zone()
                + " missed more writes than the replay queue holds ("
                + MAX_REPLAYS
                + "); flush that zone's nodes before they serve again");
      }
      return;
    }
    replays.merge(id, replay, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }

  /**
   * Retries the writes that did not reach a zone, e.g. while one of its nodes was suspended, so
   * the node cannot serve a value older than what other zones hold once it is back. Each replay
   * that lands is announced in that zone's journal. Called periodically by the remote tier.
   */
  void replayFailedReplications() {
    generationReplays.forEach(this::raiseGeneration);
    for (Map.Entry<String, Announcement> e : announcements.entrySet()) {
      Announcement a = e.getValue();
      if (announcements.remove(e.getKey(), a)) {
        // A failure schedules it again.
        announce(a.zone(), a.encoded(), a.version());
      }
    }
    for (Map.Entry<String, Replay> e : replays.entrySet()) {
      Replay r = e.getValue();
      replicateTo(r.zone(), r.encoded().memcachedKey(), r.bytes(), r.version(), r.ttl(), 0)
          .thenAccept(
              ok -> {
                if (Boolean.TRUE.equals(ok) && replays.remove(e.getKey(), r)) {
                  if (r.zone() == router.local()) {
                    fences.landed(r.encoded().memcachedKey(), r.version());
                  }
                  counters.replay();
                  announce(r.zone(), r.encoded(), r.version());
                }
              });
      keepTombstoneAlive(r);
    }
  }

  /**
   * When a replay carries a tombstone, the time from which it is refreshed in the zones that hold
   * it: half its life from now. Else null.
   */
  private AtomicLong refreshDeadline(byte[] bytes) {
    Envelope envelope = decodeQuietly(bytes);
    return envelope != null && envelope.isTombstone()
        ? new AtomicLong(System.nanoTime() + halfTombstoneLifeNanos())
        : null;
  }

  private long halfTombstoneLifeNanos() {
    return TimeUnit.SECONDS.toNanos(tombstoneTtlSeconds) / 2;
  }

  /**
   * Keeps a removal in force while a zone that missed its tombstone is out: every half tombstone
   * life, the zones that should hold it get it again with a fresh TTL (unless they hold something
   * newer). Without this, the tombstone would expire everywhere while the zone that missed it still
   * held the removed value, and a reader falling back to that zone would bring the value back, even
   * copy it into its own zone by warm-up, where the pending replay never reaches.
   */
  private void keepTombstoneAlive(Replay replay) {
    AtomicLong refreshAt = replay.refreshAt();
    long now = System.nanoTime();
    long due = refreshAt == null ? 0 : refreshAt.get();
    if (refreshAt == null
        || now - due < 0
        || !refreshAt.compareAndSet(due, now + halfTombstoneLifeNanos())) {
      return;
    }
    for (ZoneClient zone : router.others(replay.zone())) {
      refreshTombstone(zone, replay.encoded().memcachedKey(), replay.bytes(), replay.version())
          .whenComplete(
              (done, error) -> {
                if (error != null) {
                  counters.failure(zone.zone());
                }
              });
    }
  }

  /** Writes a tombstone again with a fresh TTL, unless the zone holds a newer version. */
  private CompletableFuture<Boolean> refreshTombstone(
      ZoneClient zone, String memcachedKey, byte[] bytes, long version) {
    return zone.gets(memcachedKey)
        .thenCompose(
            existing -> {
              if (existing == null) {
                return zone.add(memcachedKey, tombstoneTtlSeconds, bytes);
              }
              if (versionOf(existing.value()) > version) {
                return CompletableFuture.completedFuture(true);
              }
              return zone.cas(memcachedKey, existing.cas(), tombstoneTtlSeconds, bytes)
                  .thenApply(CasResult.OK::equals);
            });
  }

  /** Writes waiting to be replayed to a zone that missed them. */
  int pendingReplays() {
    return replays.size();
  }

  /** Writes a copy unless the zone already holds the same or a newer version. */
  private CompletableFuture<Boolean> replicateTo(
      ZoneClient zone, String memcachedKey, byte[] bytes, long version, int ttl, int attempt) {
    return writeUnlessNewer(zone, memcachedKey, ttl, bytes, version, this::versionOf, attempt);
  }

  /**
   * Writes {@code bytes} under the key unless the zone already holds the same or a newer version
   * (as {@code versionOf} reads it): {@code add} where the key is absent, {@code cas} over an
   * older copy, retried a few times when another write slips in between. Completes with whether
   * the zone now holds this version or a newer one; false on failure.
   */
  private static CompletableFuture<Boolean> writeUnlessNewer(
      ZoneClient zone,
      String key,
      int ttl,
      byte[] bytes,
      long version,
      java.util.function.ToLongFunction<byte[]> versionOf,
      int attempt) {
    return zone.gets(key)
        .thenCompose(
            existing -> {
              if (existing != null && versionOf.applyAsLong(existing.value()) >= version) {
                return CompletableFuture.completedFuture(true);
              }
              CompletableFuture<Boolean> written =
                  existing == null
                      ? zone.add(key, ttl, bytes)
                      : zone.cas(key, existing.cas(), ttl, bytes).thenApply(CasResult.OK::equals);
              return written.thenCompose(
                  ok ->
                      ok || attempt >= REPLICATION_ATTEMPTS
                          ? CompletableFuture.completedFuture(ok)
                          : writeUnlessNewer(zone, key, ttl, bytes, version, versionOf, attempt + 1));
            })
        .exceptionally(error -> false);
  }

  /**
   * A stamp for a write that replaces {@code stored} on the arbiter: above the stamp of what it
   * replaces. The other zones keep whichever copy has the higher stamp, so a write stamped below
   * the copy it won over, written by a JVM whose clock runs further ahead than this clock adopts,
   * would never reach them.
   */
  private long versionAbove(byte[] stored) {
    long now = clock.now();
    if (stored == null) {
      return now;
    }
    long replaced = versionOf(stored);
    return replaced >= now ? replaced + 1 : now;
  }

  /** Runs on the transport's I/O thread (see ZoneClient): reads the header only. */
  private long versionOf(byte[] bytes) {
    try {
      return envelopes.version(bytes);
    } catch (CodecException e) {
      return Long.MIN_VALUE;
    }
  }

  @Override
  public void setExpireAt(K key, Expirable<V> holder, long expireAtNanos) {
    compute(key, (k, current) -> current == null ? null : current.withExpireAt(expireAtNanos), () -> {});
  }

  // ---------------------------------------------------------------- enumeration and clear

  @Override
  public Iterator<Map.Entry<K, Expirable<V>>> iterator() {
    return scan().iterator();
  }

  @Override
  public Set<K> keys() {
    Set<K> result = new LinkedHashSet<>();
    for (Map.Entry<K, Expirable<V>> e : scan()) {
      result.add(e.getKey());
    }
    return result;
  }

  /**
   * Lists the live entries of the current generation from the first zone whose every node answers.
   * This walks every item on every node of that zone ({@code lru_crawler metadump hash}, which lists
   * every item present throughout the walk): its cost grows with the zone's total item count, not
   * with this cache's size. When no zone answers it throws, naming the zones tried.
   */
  private List<Map.Entry<K, Expirable<V>>> scan() {
    long gen = generation;
    String prefix = keys.prefix(gen);
    long scanTimeout = Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(10));
    List<String> failed = new ArrayList<>();
    RemoteFailure lastFailure = null;
    for (ZoneClient zone : router.readOrder()) {
      try {
        List<String> memcachedKeys = await(zone.keys(prefix), scanTimeout);
        Map<String, byte[]> values =
            memcachedKeys.isEmpty() ? Map.of() : await(zone.getBulk(memcachedKeys), scanTimeout);
        List<Map.Entry<K, Expirable<V>>> entries = new ArrayList<>(values.size());
        for (Map.Entry<String, byte[]> stored : values.entrySet()) {
          Envelope envelope = decodeQuietly(stored.getValue());
          Expirable<V> holder = envelope == null ? null : live(envelope);
          K key = holder == null ? null : keyOf(stored.getKey(), gen, envelope);
          if (key != null) {
            entries.add(new SimpleImmutableEntry<>(key, holder));
          }
        }
        return entries;
      } catch (RemoteFailure e) {
        UnsupportedRemoteOperationException unsupported = unsupported(e);
        if (unsupported != null) {
          throw new CacheException(
              "Cache "
                  + cacheName
                  + " cannot iterate over or remove all of its remote entries: "
                  + unsupported.getMessage()
                  + ". clear() still empties the cache everywhere; removeAll(keys) works for"
                  + " known keys",
              unsupported);
        }
        counters.failure(zone.zone());
        failed.add(zone.zone());
        lastFailure = e;
      }
    }
    // An empty list here would look exactly like an empty cache.
    throw new CacheException(
        "Cache "
            + cacheName
            + " cannot list its remote entries: no zone answered ("
            + String.join(", ", failed)
            + "). Iteration needs every node of one zone; retry when a zone is back",
        lastFailure);
  }

  /**
   * The key an envelope read under {@code memcachedKey} was written for: its readable form, or the
   * canonical key the envelope stores; null (counted) when it is unusable or not a K.
   */
  private K keyOf(String memcachedKey, long gen, Envelope envelope) {
    try {
      Object key =
          envelope.canonicalKey().length == 0
              ? keys.readableKey(memcachedKey, gen)
              : keyCodec.decode(envelope.canonicalKey());
      if (key == null) {
        throw new CodecException(
            "Cache " + cacheName + " read an entry without a key under " + memcachedKey);
      }
      if (!keyType.isInstance(key)) {
        throw new CodecException(
            "Cache " + cacheName + " read a key of " + typeName(key) + ", not of its key type "
                + keyType.getName());
      }
      return keyType.cast(key);
    } catch (CodecException e) {
      reject(e);
      return null;
    }
  }

  private static String typeName(Object value) {
    return value == null ? "null" : "type " + value.getClass().getName();
  }

  /**
   * Makes every entry unreachable by moving the cache to a new generation, in every zone, and
   * empties the near tier.
   */
  @Override
  public void clear() {
    String genKey = keys.generationKey();
    Long next = null;
    for (ZoneClient zone : router.arbiterOrder()) {
      try {
        next = await(zone.incr(genKey, 1, System.currentTimeMillis(), 0));
        for (ZoneClient other : router.others(zone)) {
          raiseGeneration(other, next);
        }
        break;
      } catch (RemoteFailure e) {
        counters.failure(zone.zone());
      }
    }
    if (next == null) {
      counters.skippedWrite();
    } else {
      synchronized (generationLock) {
        generation = Math.max(generation, next);
      }
      fences.clear();
    }
    stamps.bumpAll();
    near.clear();
  }

  /**
   * Raises a zone's generation counter to at least {@code target}, without waiting; never lowers
   * it. A zone that does not answer is raised again by the next replay round, so that it cannot
   * send the JVMs that read it back to a generation from before a {@code clear()}.
   */
  private void raiseGeneration(ZoneClient zone, long target) {
    String genKey = keys.generationKey();
    byte[] bytes = Long.toString(target).getBytes(StandardCharsets.US_ASCII);
    writeUnlessNewer(zone, genKey, 0, bytes, target, TwoTierStore::parseCounter, 0)
        .whenComplete(
            (raised, error) -> {
              if (error != null || !Boolean.TRUE.equals(raised)) {
                counters.failure(zone.zone());
                generationReplays.merge(zone, target, Math::max);
              } else {
                generationReplays.remove(zone, target);
              }
            });
  }

  /** A generation counter's value; an unreadable one counts as older than any. */
  private static long parseCounter(byte[] bytes) {
    try {
      return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  /**
   * Deletes every key of the cache, all generations and the generation counter, in every zone
   * that answers; then forgets the near tier. A JVM that later creates the cache again starts a
   * new generation above every old one. Where keys cannot be listed (memcached with SASL), it
   * clears instead: the entries become unreachable and age out.
   */
  @Override
  public void destroy() {
    String prefix = keys.cachePrefix();
    long scanTimeout = Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(10));
    for (ZoneClient zone : router.readOrder()) {
      try {
        // The listing (lru_crawler metadump) is no snapshot: a key read while the crawler walks
        // the LRU can be missed, and the generation counter is read by every poll. Named keys are
        // therefore deleted by name as well.
        Set<String> all = new LinkedHashSet<>(await(zone.keys(prefix), scanTimeout));
        all.add(keys.generationKey());
        List<CompletableFuture<Boolean>> deletes = new ArrayList<>(all.size());
        for (String key : all) {
          deletes.add(zone.delete(key));
        }
        await(CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0])), scanTimeout);
      } catch (RemoteFailure e) {
        if (unsupported(e) != null) {
          // Keys cannot be listed (SASL): make every entry unreachable instead; they age out.
          clear();
          return;
        }
        counters.failure(zone.zone());
      }
    }
    stamps.bumpAll();
    near.clear();
  }

  /**
   * Reads the generation from the arbiter zone, creating it there when absent, then copies it to
   * the zones that lack it, so that the next zone in line arbitrates with the same generation while
   * the primary is down.
   *
   * <p>An arbiter without a counter (first use, or a node that lost it to a restart or eviction)
   * starts from the highest counter another zone still holds: a JVM started while the primary is
   * down, or after it came back empty, then reads and arbitrates the same keys as every other JVM.
   * Only when no zone holds a counter does a new generation start at the current time in
   * milliseconds, so a lost counter comes back above every generation used before, never at an old
   * one.
   */
  private long readGeneration() {
    String genKey = keys.generationKey();
    Map<ZoneClient, Long> held = readCounters(genKey);
    long seed = System.currentTimeMillis();
    if (!held.isEmpty()) {
      seed = held.values().stream().mapToLong(Long::longValue).max().getAsLong();
    }
    for (ZoneClient zone : router.arbiterOrder()) {
      long value;
      try {
        value = await(zone.incr(genKey, 0, seed, 0));
      } catch (RemoteFailure e) {
        counters.failure(zone.zone());
        continue;
      }
      byte[] bytes = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      List<CompletableFuture<Boolean>> copies = new ArrayList<>();
      for (ZoneClient other : router.others(zone)) {
        if (!held.containsKey(other)) {
          copies.add(
              other
                  .add(genKey, 0, bytes)
                  .exceptionally(
                      error -> {
                        counters.failure(other.zone());
                        return false;
                      }));
        }
      }
      // Waited for, so that no copy lands after the cache is created (and, say, destroyed).
      try {
        await(
            CompletableFuture.allOf(copies.toArray(new CompletableFuture<?>[0])),
            2 * timeoutNanos);
      } catch (RemoteFailure e) {
        // A zone that did not answer gets the generation when it is next read there.
      }
      return value;
    }
    LOG.log(
        Level.WARNING,
        "Cache " + cacheName + ": no zone answered for the cache generation; starting at 0");
    return 0;
  }

  /** The generation counter of every zone that holds one, read in parallel. */
  private Map<ZoneClient, Long> readCounters(String genKey) {
    Map<ZoneClient, CompletableFuture<byte[]>> reads = new LinkedHashMap<>();
    for (ZoneClient zone : router.arbiterOrder()) {
      reads.put(zone, zone.get(genKey));
    }
    Map<ZoneClient, Long> held = new LinkedHashMap<>();
    reads.forEach(
        (zone, read) -> {
          try {
            byte[] bytes = await(read);
            if (bytes != null) {
              held.put(zone, Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim()));
            }
          } catch (RemoteFailure e) {
            counters.failure(zone.zone());
          } catch (NumberFormatException e) {
            counters.rejectedValue();
          }
        });
    return held;
  }

  /** Runs once on close, e.g. to stop this store's journal polling. */
  void onClose(Runnable action) {
    this.onClose = requireNonNull(action);
  }

  @Override
  public void close() {
    onClose.run();
    near.close();
  }

  /** What the coherence machinery may do to this store's near tier. */
  NearInvalidator invalidator() {
    return new NearInvalidator() {
      @Override
      public void invalidate(byte[] canonicalKey) {
        K key;
        try {
          @SuppressWarnings("unchecked")
          K decoded = (K) keyCodec.decode(canonicalKey);
          key = decoded;
        } catch (CodecException e) {
          invalidatePartition(journal.partitionOf(canonicalKey));
          return;
        }
        stamps.bump(stamps.stripeOf(canonicalKey));
        near.remove(key);
      }

      @Override
      public void invalidatePartition(int partition) {
        stamps.bumpAll();
        for (K key : near.keys()) {
          EncodedKey encoded = encode(key);
          if (encoded == null || journal.partitionOf(encoded.canonicalKey()) == partition) {
            near.remove(key);
          }
        }
      }

      @Override
      public void invalidateAll() {
        stamps.bumpAll();
        near.clear();
      }

      @Override
      public long generation() {
        return generation;
      }

      @Override
      public void generationChanged(long newGeneration) {
        synchronized (generationLock) {
          if (newGeneration <= generation) {
            return;
          }
          generation = newGeneration;
        }
        fences.clear();
        stamps.bumpAll();
        near.clear();
      }

      @Override
      public void generationBehind(ZoneClient zone, long seen) {
        raiseGeneration(zone, generation);
      }
    };
  }

  @Override
  public Object nearCache() {
    return near.nearCache();
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes an entry; the envelope codec refuses one above the item limit, naming both sizes. */
  private byte[] envelope(EncodedKey encoded, Expirable<V> holder, long version) {
    byte[] payload = valueCodec.encode(holder.value());
    return envelopes.encode(
        Envelope.of(
            toMillis(holder.expireAtNanos()),
            version,
            valueCodec.id(),
            encoded.storedKey(),
            payload));
  }

  private byte[] tombstone(EncodedKey encoded, long version) {
    long expireAt = near.now() / NANOS_PER_MILLI + tombstoneTtlSeconds * 1000L;
    return envelopes.encode(Envelope.tombstone(expireAt, version, encoded.storedKey()));
  }

  /**
   * Decodes an envelope and checks it belongs to this key; null (counted, warned once) when the
   * bytes are corrupt, foreign, or another key's that collided on the hash token.
   */
  /**
   * What a zone's copy answers a read: its envelope, or null when it answers nothing (damaged,
   * foreign, colliding, or older than {@code fence}: the version this JVM had written when the read
   * began, which the zone did not hold yet). The fence is taken before the read is sent: a copy
   * acknowledged while the read is on its way may be answered by memcached after the read.
   */
  private Envelope answer(EncodedKey encoded, byte[] bytes, long fence) {
    Envelope envelope = decodeFor(encoded, bytes);
    return envelope == null || envelope.version() < fence ? null : envelope;
  }

  private Envelope decodeFor(EncodedKey encoded, byte[] bytes) {
    Envelope envelope = decodeMatching(encoded, bytes);
    if (envelope != null) {
      clock.observe(envelope.version());
    }
    return envelope;
  }

  /** {@link #decodeFor} without observing the version: the caller observes it. */
  private Envelope decodeMatching(EncodedKey encoded, byte[] bytes) {
    Envelope envelope = decodeQuietly(bytes);
    if (envelope == null) {
      return null;
    }
    if (!encoded.matches(envelope)) {
      counters.rejectedValue();
      return null;
    }
    return envelope;
  }

  private Envelope decodeQuietly(byte[] bytes) {
    try {
      return envelopes.decode(bytes);
    } catch (CodecException e) {
      reject(e);
      return null;
    }
  }

  /** The near-tier holder of a live envelope; null for tombstones, expired or unreadable values. */
  private Expirable<V> live(Envelope envelope) {
    return live(envelope, near.now());
  }

  /**
   * {@link #live(Envelope)} at a given near-tier time, read once for a whole bulk answer: the clock
   * costs as much as the rest of the check.
   */
  private Expirable<V> live(Envelope envelope, long nowNanos) {
    if (envelope.isTombstone()
        || envelope.isLease()
        || envelope.isExpired(nowNanos / NANOS_PER_MILLI)) {
      return null;
    }
    try {
      Object decoded = valueCodec.decode(envelope.payload());
      // No cache writes null, nor a value outside its type: such bytes are another writer's.
      if (!valueType.isInstance(decoded)) {
        throw new CodecException(
            "Cache " + cacheName + " read a value of " + typeName(decoded) + ", not of its value"
                + " type " + valueType.getName());
      }
      V value = valueType.cast(decoded);
      long cap = capNanos == 0 ? Expirable.ETERNAL : nowNanos + capNanos;
      return new Expirable<>(value, toNanos(envelope.expireAtMillis()), cap, envelope.version());
    } catch (CodecException e) {
      reject(e);
      return null;
    }
  }

  private void reject(CodecException e) {
    counters.rejectedValue();
    if (!rejectionLogged) {
      rejectionLogged = true;
      LOG.log(
          Level.WARNING,
          "Cache "
              + cacheName
              + " ignored an unusable value in memcached and treated it as a miss (further ones"
              + " are only counted): "
              + e.getMessage());
    }
  }

  private EncodedKey encode(K key) {
    return encode(key, generation);
  }

  /**
   * The memcached key of a cache key, or null when the key cannot be encoded and the cache stores
   * by reference: such a key (an object that is not serializable) lives in the near tier only.
   * A store-by-value cache copies keys by serialization already, so there it is an error.
   */
  private EncodedKey encode(K key, long gen) {
    try {
      return keys.encode(key, gen);
    } catch (IllegalArgumentException e) {
      if (!storeByReference) {
        throw e;
      }
      if (!localKeyLogged) {
        localKeyLogged = true;
        LOG.log(
            Level.WARNING,
            "Cache "
                + cacheName
                + " keeps entries whose key cannot be serialized in this JVM's near tier only"
                + " (further ones are not logged): "
                + e.getMessage());
      }
      return null;
    }
  }

  // ---------------------------------------------------------------- time

  /** Epoch millis from a near-tier time (the ticker reads wall-clock nanoseconds). */
  static long toMillis(long nanos) {
    return nanos == Expirable.ETERNAL ? Long.MAX_VALUE : Math.floorDiv(nanos + NANOS_PER_MILLI - 1, NANOS_PER_MILLI);
  }

  /** A near-tier time from epoch millis. */
  static long toNanos(long millis) {
    if (millis == Long.MAX_VALUE || millis > Long.MAX_VALUE / NANOS_PER_MILLI - 1) {
      return Expirable.ETERNAL;
    }
    return millis * NANOS_PER_MILLI;
  }

  /**
   * The memcached TTL for an expiry time: whole seconds rounded up (the envelope keeps the exact
   * millisecond and is checked on read), as an absolute Unix time beyond 30 days, 0 for eternal.
   */
  static int ttlSeconds(long expireAtMillis) {
    if (expireAtMillis == Long.MAX_VALUE) {
      return 0;
    }
    long now = System.currentTimeMillis();
    long remaining = Math.max(1, Math.floorDiv(expireAtMillis - now + 999, 1000) + 1);
    if (remaining <= THIRTY_DAYS_SECONDS) {
      return (int) remaining;
    }
    long absolute = Math.floorDiv(expireAtMillis + 999, 1000) + 1;
    return absolute > Integer.MAX_VALUE ? 0 : (int) absolute;
  }

  // ---------------------------------------------------------------- plumbing

  private ReentrantLock lockFor(EncodedKey encoded) {
    return locks[stripeOf(encoded)];
  }

  private int stripeOf(EncodedKey encoded) {
    return stamps.stripeOf(encoded.canonicalKey());
  }

  private <T> T await(CompletableFuture<T> future) {
    return await(future, timeoutNanos);
  }

  private static <T> T await(CompletableFuture<T> future, long timeoutNanos) {
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      future.cancel(false);
      throw new RemoteFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteFailure(e);
    }
  }

  /** The reason, when the zone failed because it cannot run the operation at all. */
  private static UnsupportedRemoteOperationException unsupported(RemoteFailure failure) {
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof UnsupportedRemoteOperationException unsupported) {
        return unsupported;
      }
    }
    return null;
  }

  /** A zone that failed or did not answer in time; internal, never reaches a caller. */
  private static final class RemoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteFailure(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** A write of a batch sent to the arbiter, waiting for its answer. */
  private record PendingWrite<K, V>(K key, EncodedKey encoded, Unanswered<V> write) {}

  /** A write that did not reach a zone, replayed until it does. */
  private record Replay(
      ZoneClient zone,
      EncodedKey encoded,
      byte[] bytes,
      long version,
      int ttl,
      AtomicLong refreshAt) {}

  /** A key's authoritative copy as read for a conditional write. */
  private final class Arbitration {
    static final long ABSENT = Long.MIN_VALUE;

    final ZoneClient zone;
    final Expirable<V> holder;
    final long cas;
    /** The unexpired lease another caller holds on the absent key, else null. */
    final Envelope lease;
    /**
     * Whether the arbiter holds a lease, even one this JVM's clock says expired: memcached may
     * still hold it, and its holder may still store its load in its place.
     */
    final boolean leased;
    /** The arbiter's copy as stored, or null when the key is absent. */
    final byte[] stored;

    /** The holder is null when the key is absent, leased, a tombstone, expired or unreadable. */
    Arbitration(
        ZoneClient zone,
        Expirable<V> holder,
        long cas,
        Envelope lease,
        boolean leased,
        byte[] stored) {
      this.zone = zone;
      this.holder = holder;
      this.cas = cas;
      this.lease = lease;
      this.leased = leased;
      this.stored = stored;
    }

    /**
     * Whether {@code next} leaves the key as it is, so nothing need be written. Removing an absent
     * key still replaces a lease on it, expired or not: the load it guards raced the removal.
     */
    boolean unchangedBy(Expirable<V> next) {
      return next == holder && (next != null || !leased);
    }
  }

  /**
   * A write sent to the arbiter whose answer did not come (a timeout, a lost reply): it may have
   * landed. Its bytes carry this JVM's version stamp, so finding exactly them on the arbiter
   * proves it did.
   */
  private record Unanswered<V>(byte[] bytes, long version, int ttl, Expirable<V> kept) {
    boolean landedOn(TwoTierStore<?, ?>.Arbitration arbitration) {
      return arbitration.stored != null && java.util.Arrays.equals(arbitration.stored, bytes);
    }
  }
}
