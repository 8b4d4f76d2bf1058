package io.nearcache.jcache.remote;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The memcached nodes of one zone, spread by a ketama ring, spoken to asynchronously.
 *
 * <p>Every method returns at once; none blocks the caller on the network. Expected outcomes are
 * values (null on a miss, false or a {@link CasResult} when a condition does not hold). Failures
 * complete the future exceptionally: with a {@link RemoteTimeoutException} when a node does not
 * answer within the per-operation timeout, with a {@link RemoteException} when the node is down or
 * disconnected (operations for it fail at once, they are never sent to another node), answers with
 * an error, or the client is closed, and with an {@link IllegalArgumentException} for a key
 * memcached cannot store (empty, over 250 bytes, or containing spaces or control characters) or a
 * value too large for one item.
 *
 * <p>Futures usually complete on the transport's I/O thread, which serves every operation of the
 * zone, so dependent actions ({@code thenApply}, {@code whenComplete}, ...) must be short and must
 * never block: a dependent action that waits for another operation of the zone waits for itself.
 * Hand anything longer to an executor with the {@code ...Async} variants. Blocking in {@code get}
 * from another thread is what the futures are for.
 *
 * <p>TTLs are memcached's: whole seconds, 0 for no expiry, and values over 30 days (2,592,000) are
 * absolute Unix times; callers compute them. Absolute times must stay below 2^31, or memcached
 * treats the item as already expired.
 */
public interface ZoneClient extends AutoCloseable {
  /** The zone's name. */
  String zone();

  /** The zone's nodes, in configured order. */
  List<NodeAddress> nodes();

  /**
   * The node that holds {@code key}: ketama (MD5, 160 points per node) over the nodes' {@code
   * host:port} names, as spymemcached and libmemcached place keys. Pure computation; it does not
   * look at node health.
   */
  NodeAddress nodeFor(String key);

  /**
   * This zone's own nodes, bypassing any failover routing (a node marked down, a gutter pool): for
   * arbitrating conditional writes, which must happen on the same copy in every JVM whatever each
   * JVM's opinion of a node's health. Operations still fail after the timeout.
   */
  default ZoneClient direct() {
    return this;
  }

  /** What the client knows of each node right now, in configured order. */
  List<NodeHealth> health();

  /** The value of {@code key}, or null on a miss. */
  CompletableFuture<byte[]> get(String key);

  /**
   * The values of many keys, with one multi-key {@code get} per node, sent in parallel. Misses are
   * absent from the map. If any node involved fails, the whole future fails with that node's {@link
   * RemoteException}; callers that want partial results group keys by {@link #nodeFor}. A key
   * named twice is answered once.
   */
  CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys);

  /**
   * {@link #getBulk(Collection)} for keys that {@link #nodeFor} placed on {@code node}: a client
   * whose ring cannot change may read them from that node without placing each key again. The
   * default places them again.
   */
  default CompletableFuture<Map<String, byte[]>> getBulk(
      NodeAddress node, Collection<String> keys) {
    return getBulk(keys);
  }

  /** The value of {@code key} and its CAS unique, or null on a miss. */
  CompletableFuture<CasValue> gets(String key);

  /** Stores the value unconditionally; true when stored. */
  CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value);

  /** Stores the value only if the key is absent; false when it exists. */
  CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value);

  /** Stores the value only if the item's CAS unique is still {@code cas}. */
  CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value);

  /** Deletes the key; false when it was absent. */
  CompletableFuture<Boolean> delete(String key);

  /** Sets a new TTL on the key without reading it; false when it is absent. */
  CompletableFuture<Boolean> touch(String key, int ttlSeconds);

  /**
   * Adds {@code delta} to the decimal counter at {@code key}, or creates it with {@code initial}
   * (and the TTL) if absent, and returns the new value ({@code initial} when created). Counters are
   * unsigned 64-bit in memcached and wrap on overflow; an existing counter keeps its TTL. Both
   * numbers must be 0 or more.
   */
  CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds);

  /**
   * Every key starting with {@code prefix} on every node of the zone, by {@code lru_crawler
   * metadump all}.
   *
   * <p>Expensive: each node's crawler walks all of its items and streams every key to this client,
   * whatever the prefix, so the cost grows with the node's item count, not with the answer. A node
   * runs one metadump at a time (others wait and retry). Use it for rare administrative work such
   * as a full {@code removeAll()}, never on a request path. The list is a snapshot: keys written
   * meanwhile may be missing, and expired keys not yet reclaimed may appear.
   */
  CompletableFuture<List<String>> keys(String prefix);

  /** Invalidates every item on every node of the zone ({@code flush_all}). */
  CompletableFuture<Void> flushAll();

  /** Invalidates every item on one node of the zone. */
  CompletableFuture<Void> flush(NodeAddress node);

  /** Closes connections and threads; later operations fail with {@link RemoteException}. */
  @Override
  void close();
}
