package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.BulkGets;
import io.nearcache.jcache.remote.CasResult;
import io.nearcache.jcache.remote.CasValue;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.NodeHealth;
import io.nearcache.jcache.remote.RemoteException;
import io.nearcache.jcache.remote.ZoneClient;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A zone whose node list changes at run time: one single-node client per memcached node, and a
 * {@link KetamaRing} rebuilt on each change. A change ({@link #apply}) connects the added nodes,
 * keeps the clients (and connections) of the unchanged ones, and moves only the keys ketama moves.
 *
 * <p>Per-node clients, rather than one client over the whole list, because spymemcached cannot add
 * a node to a running {@code MemcachedClient}: rebuilding it would drop every connection, and the
 * ring would be empty while it reconnects. The cost is one I/O thread per node instead of per zone.
 *
 * <p>Handoff: for two refresh intervals after a change, keys whose node changed stay on their
 * previous node, then are sealed there as they are used, so that JVMs that learn the change a
 * moment apart never decide a key on two nodes (see {@link Handoff}).
 *
 * <p>Pre-warm: for the rest of the migration window, an operation on a key whose node changed
 * first looks at the key's new node; on a miss it reads the key's node on the previous ring and
 * copies the bytes over with {@code add}, so a node added to the zone does not turn its share of
 * keys into misses. The bytes are opaque envelopes carrying their version stamp and expiry, so an
 * unchanged copy keeps versions right, and {@code add} never overwrites what a writer stored on the
 * new node meanwhile (if it lost, the new node is read again). Writes to a moved key also delete
 * the copy on the previous node, so that a later miss (a tombstone that expired) cannot bring an
 * older value back. Removed nodes stay connected, for these reads only, until the window ends.
 */
public final class DynamicZoneClient implements ZoneClient {
  private static final Logger LOG = System.getLogger(DynamicZoneClient.class.getName());
  /**
   * TTL of a pre-warm copy. The copy's real expiry travels inside its envelope (an expired entry
   * reads as a miss), so this only bounds how long memcached keeps bytes it cannot interpret.
   */
  static final int PREWARM_TTL_SECONDS = 3600;
  private static final int MOVE_SAMPLES = 20_000;

  /** Connects one memcached node as a zone client of its own. */
  @FunctionalInterface
  public interface NodeConnector {
    /** A client of {@code node} alone; throws when the node cannot be set up (e.g. unresolved). */
    ZoneClient connect(String zone, NodeAddress node);
  }

  /**
   * The ring, its clients, and after a change the previous ring: moved keys stay on their previous
   * node until {@code sealFrom}, are sealed there before use until {@code newFrom}, and are
   * pre-warmed from it until {@code windowEnd}. {@code sealed} holds the moved keys known sealed.
   */
  private record State(
      KetamaRing ring,
      Map<NodeAddress, ZoneClient> clients,
      KetamaRing previous,
      Map<NodeAddress, ZoneClient> retired,
      long sealFromNanos,
      long newFromNanos,
      long windowEndNanos,
      Set<String> sealed) {
    ZoneClient client(NodeAddress node) {
      ZoneClient client = clients.get(node);
      return client != null ? client : retired.get(node);
    }

    static State stable(KetamaRing ring, Map<NodeAddress, ZoneClient> clients) {
      return new State(ring, clients, null, Map.of(), 0L, 0L, 0L, Set.of());
    }
  }

  /** Where an operation on a key goes. */
  private enum Phase {
    /** The key's node on the current ring. */
    CURRENT,
    /** The previous node, following a marker to the new one. */
    PREVIOUS,
    /** The new node, once the previous one is sealed. */
    SEAL,
    /** The new node, pre-warmed from the previous one. */
    PREWARM
  }

  /** A key's route: its node's client now and, after a change that moved it, before. */
  private record Route(String key, Phase phase, ZoneClient target, ZoneClient previous) {}

  private final String zone;
  private final NodeConnector connector;
  private final Duration migrationWindow;
  private final Duration handoff;
  private final boolean prewarm;
  private final TopologyMetrics metrics;
  private final LongSupplier nanoTime;
  private volatile State state;
  private volatile boolean closed;

  /**
   * Connects the zone's first node list.
   *
   * @param migrationWindow how long after a change moved keys are pre-warmed
   * @param handoff how long after a change moved keys stay on their previous node, and then how
   *     long they are sealed there before use: the longest two JVMs may disagree on the list
   * @param prewarm false to let moved keys miss after the handoff
   */
  public DynamicZoneClient(
      String zone,
      List<NodeAddress> nodes,
      Map<NodeAddress, Integer> weights,
      NodeConnector connector,
      Duration migrationWindow,
      Duration handoff,
      boolean prewarm,
      TopologyMetrics metrics,
      LongSupplier nanoTime) {
    this.zone = requireNonNull(zone, "zone");
    this.connector = requireNonNull(connector, "connector");
    this.migrationWindow = requireNonNull(migrationWindow, "migrationWindow");
    this.handoff = requireNonNull(handoff, "handoff");
    this.prewarm = prewarm;
    this.metrics = requireNonNull(metrics, "metrics");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    KetamaRing ring = new KetamaRing(nodes, weights);
    Map<NodeAddress, ZoneClient> clients = connect(ring.nodes(), Map.of());
    this.state = State.stable(ring, clients);
  }

  private Map<NodeAddress, ZoneClient> connect(
      List<NodeAddress> nodes, Map<NodeAddress, ZoneClient> existing) {
    Map<NodeAddress, ZoneClient> clients = new LinkedHashMap<>();
    List<ZoneClient> created = new ArrayList<>();
    try {
      for (NodeAddress node : nodes) {
        ZoneClient client = existing.get(node);
        if (client == null) {
          client = connector.connect(zone, node);
          created.add(client);
        }
        clients.put(node, client);
      }
    } catch (RuntimeException e) {
      created.forEach(ZoneClient::close);
      throw e;
    }
    return Map.copyOf(clients);
  }

  /**
   * Makes {@code nodes} the zone's list: connects added nodes, keeps unchanged ones, and retires
   * removed ones (closed when the migration window ends, or after the handoff without pre-warm). The same
   * list again only ends a migration window that is over. Thread-safe; one change at a time.
   *
   * <p>A change of weights alone rebuilds the ring and keeps every connection.
   *
   * @param weights the weights of weighted nodes (a node without one weighs 1)
   * @return whether the list changed
   * @throws IllegalArgumentException for an empty list, a node named twice, a weight out of range,
   *     or a node that cannot be set up; the previous list stays
   */
  public synchronized boolean apply(List<NodeAddress> nodes, Map<NodeAddress, Integer> weights) {
    State current = state;
    if (closed) {
      return false;
    }
    KetamaRing next = new KetamaRing(nodes, weights);
    if (current.ring.sameAs(next)) {
      endWindowIfOver(current);
      return false;
    }
    // A node retired by an earlier change and listed again keeps its client (and connection).
    Map<NodeAddress, ZoneClient> known = new HashMap<>(current.retired);
    known.putAll(current.clients);
    Map<NodeAddress, ZoneClient> clients = connect(next.nodes(), known);
    List<NodeAddress> added = new ArrayList<>(next.nodes());
    added.removeAll(current.ring.nodes());
    List<NodeAddress> removed = new ArrayList<>(current.ring.nodes());
    removed.removeAll(next.nodes());
    Map<NodeAddress, ZoneClient> retired = new HashMap<>();
    for (NodeAddress node : removed) {
      retired.put(node, current.clients.get(node));
    }
    // An earlier window's retired nodes are no longer on the previous ring: close them now.
    current.retired.forEach(
        (node, client) -> {
          if (!clients.containsKey(node)) {
            client.close();
          }
        });
    double moved = current.ring.movedShare(next, MOVE_SAMPLES);
    long now = nanoTime.getAsLong();
    long sealFrom = now + handoff.toNanos();
    long newFrom = sealFrom + handoff.toNanos();
    long windowEnd = prewarm ? Math.max(newFrom, now + migrationWindow.toNanos()) : newFrom;
    state =
        new State(
            next,
            clients,
            current.ring,
            Map.copyOf(retired),
            sealFrom,
            newFrom,
            windowEnd,
            ConcurrentHashMap.newKeySet());
    metrics.changed(added.size(), removed.size(), moved);
    LOG.log(
        Level.INFO,
        String.format(
            java.util.Locale.ROOT,
            "memcached zone %s: node list changed from %d to %d nodes; added %s, removed %s%s;"
                + " %.1f%% of keys move to another node; pre-warm from the previous ring %s",
            zone,
            current.ring.nodes().size(),
            next.nodes().size(),
            added,
            removed,
            weightChanges(current.ring, next),
            moved * 100,
            prewarm ? "for " + migrationWindow.toMillis() + " ms" : "off"));
    return true;
  }

  /** ", weights <node> 1 -> 3, ..." for nodes kept with another weight, or nothing. */
  private static String weightChanges(KetamaRing before, KetamaRing after) {
    StringBuilder changes = new StringBuilder();
    for (NodeAddress node : after.nodes()) {
      if (before.nodes().contains(node) && before.weight(node) != after.weight(node)) {
        changes.append(changes.length() == 0 ? ", weights " : ", ");
        changes.append(node).append(' ').append(before.weight(node)).append(" -> ");
        changes.append(after.weight(node));
      }
    }
    return changes.toString();
  }

  private void endWindowIfOver(State current) {
    if (current.previous != null && nanoTime.getAsLong() - current.windowEndNanos >= 0) {
      state = State.stable(current.ring, current.clients);
      current.retired.values().forEach(ZoneClient::close);
      LOG.log(
          Level.INFO,
          "memcached zone "
              + zone
              + ": migration window over; "
              + metrics.prewarmCopies()
              + " pre-warm copies made so far, removed nodes "
              + current.retired.keySet()
              + " closed");
    }
  }

  /** Whether a migration window is open (pre-warm reads the previous ring). */
  public boolean migrating() {
    State s = state;
    return s.previous != null && nanoTime.getAsLong() - s.windowEndNanos < 0;
  }

  /** Where an operation on the key goes now. */
  private Route route(State s, String key) {
    NodeAddress node = s.ring.nodeFor(requireNonNull(key, "key"));
    ZoneClient target = s.clients.get(node);
    if (s.previous == null) {
      return new Route(key, Phase.CURRENT, target, null);
    }
    long now = nanoTime.getAsLong();
    NodeAddress before = s.previous.nodeFor(key);
    ZoneClient previous = before.equals(node) ? null : s.client(before);
    if (previous == null || now - s.windowEndNanos >= 0) {
      return new Route(key, Phase.CURRENT, target, null);
    }
    if (now - s.newFromNanos >= 0) {
      return new Route(key, prewarm ? Phase.PREWARM : Phase.CURRENT, target, previous);
    }
    if (s.sealed.contains(key)) {
      return new Route(key, Phase.CURRENT, target, previous);
    }
    return new Route(key, now - s.sealFromNanos >= 0 ? Phase.SEAL : Phase.PREVIOUS, target, previous);
  }

  /**
   * Makes the route's node ready: in the seal phase, seals the key on its previous node. Completes
   * with the client that decides the key: the previous node before the seal phase.
   */
  private CompletableFuture<ZoneClient> ready(State s, Route r) {
    switch (r.phase()) {
      case PREVIOUS:
        return done(r.previous());
      case SEAL:
        return Handoff.seal(r.key(), r.previous(), r.target(), markerTtlSeconds(), PREWARM_TTL_SECONDS)
            .thenApply(
                sealed -> {
                  s.sealed.add(r.key());
                  return r.target();
                });
      default:
        return done(r.target());
    }
  }

  /** How long a marker must stay: past every JVM's handoff, with a margin of a window. */
  private int markerTtlSeconds() {
    long seconds = handoff.multipliedBy(2).plus(migrationWindow).toSeconds() + 1;
    return (int) Math.min(seconds, 30L * 24 * 3600);
  }

  /**
   * Runs a read on the route's node; an answer that is a marker (the previous node was sealed by a
   * JVM further on) sends the read to the new node, and the key is known sealed from then on.
   */
  private <T> CompletableFuture<T> read(
      State s, Route r, Function<ZoneClient, CompletableFuture<T>> op, Function<T, byte[]> bytes) {
    return ready(s, r)
        .thenCompose(
            node ->
                op.apply(node)
                    .thenCompose(
                        answer -> {
                          if (node == r.previous() && Handoff.isMoved(bytes.apply(answer))) {
                            s.sealed.add(r.key());
                            return op.apply(r.target());
                          }
                          return done(answer);
                        }));
  }

  @Override
  public String zone() {
    return zone;
  }

  @Override
  public List<NodeAddress> nodes() {
    return state.ring.nodes();
  }

  @Override
  public NodeAddress nodeFor(String key) {
    return state.ring.nodeFor(requireNonNull(key, "key"));
  }

  @Override
  public List<NodeHealth> health() {
    List<NodeHealth> health = new ArrayList<>();
    state.clients.values().forEach(client -> health.addAll(client.health()));
    return health;
  }

  /**
   * Reads a key. A plain read never seals: the previous node answers until the key is sealed by a
   * conditional write ({@code gets} and what follows it), since it may be a counter, which a marker
   * would break for {@code incr}.
   */
  @Override
  public CompletableFuture<byte[]> get(String key) {
    State s = state;
    Route r = unsealing(route(s, key));
    if (r.phase() != Phase.PREWARM) {
      return read(s, r, node -> node.get(key), bytes -> bytes).thenApply(DynamicZoneClient::unmarked);
    }
    return r.target()
        .get(key)
        .thenCompose(
            found ->
                found != null
                    ? done(unmarked(found))
                    : copy(key, r)
                        .thenCompose(
                            copied ->
                                copied ? r.target().get(key).thenApply(DynamicZoneClient::unmarked)
                                    : done(null)));
  }

  /** The route of an operation that must not seal: the previous node while it is not sealed. */
  private static Route unsealing(Route r) {
    return r.phase() == Phase.SEAL ? new Route(r.key(), Phase.PREVIOUS, r.target(), r.previous()) : r;
  }

  /** A marker reads as a miss: it only tells JVMs in a handoff where a key went. */
  private static byte[] unmarked(byte[] bytes) {
    return Handoff.isMoved(bytes) ? null : bytes;
  }

  /**
   * Copies the key from its previous node to its new one; true when the previous node held it (the
   * new node then holds the copy or something written meanwhile). A failing previous node is a
   * miss: pre-warm is an optimisation. A marker is not copied.
   */
  private CompletableFuture<Boolean> copy(String key, Route r) {
    metrics.prewarmRead();
    return r.previous()
        .get(key)
        .exceptionally(failure -> null)
        .thenCompose(
            old -> {
              if (old == null || Handoff.isMoved(old)) {
                return done(false);
              }
              return r.target()
                  .add(key, PREWARM_TTL_SECONDS, old)
                  .thenApply(
                      added -> {
                        if (added) {
                          metrics.prewarmCopy();
                        }
                        return true;
                      });
            });
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /**
   * Reads keys grouped by the node that answers for them now. Keys early in a handoff are read one
   * by one, as {@link #get} reads them, since a sealed key must follow its marker; pre-warmed keys
   * are read with the others and those missing are read again one by one, which copies them.
   */
  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    State s = state;
    Map<NodeAddress, List<String>> byNode = new LinkedHashMap<>();
    List<String> handedOff = new ArrayList<>();
    List<String> prewarmed = new ArrayList<>();
    for (String key : new LinkedHashSet<>(requireNonNull(keys, "keys"))) {
      Phase phase = unsealing(route(s, key)).phase();
      if (phase == Phase.PREVIOUS) {
        handedOff.add(key);
        continue;
      }
      if (phase == Phase.PREWARM) {
        prewarmed.add(key);
      }
      byNode.computeIfAbsent(s.ring.nodeFor(key), n -> new ArrayList<>()).add(key);
    }
    CompletableFuture<Map<String, byte[]>> bulk =
        BulkGets.perGroup(byNode, (node, group) -> s.clients.get(node).getBulk(group));
    return bulk.thenCompose(
        found -> {
          Map<String, CompletableFuture<byte[]>> singles = new LinkedHashMap<>();
          handedOff.forEach(key -> singles.put(key, get(key)));
          for (String key : prewarmed) {
            if (found.get(key) == null) {
              singles.put(key, get(key));
            }
          }
          boolean marked = found.values().stream().anyMatch(Handoff::isMoved);
          if (singles.isEmpty() && !marked) {
            return done(found);
          }
          return CompletableFuture.allOf(singles.values().toArray(new CompletableFuture<?>[0]))
              .thenApply(
                  all -> {
                    Map<String, byte[]> merged = new LinkedHashMap<>(found);
                    merged.values().removeIf(Handoff::isMoved);
                    singles.forEach(
                        (key, value) -> {
                          byte[] bytes = value.join();
                          if (bytes != null) {
                            merged.put(key, bytes);
                          }
                        });
                    return merged;
                  });
        });
  }

  @Override
  public CompletableFuture<CasValue> gets(String key) {
    State s = state;
    Route r = route(s, key);
    if (r.phase() != Phase.PREWARM) {
      // A marker found outside a handoff is returned as it is: a writer replaces it by cas.
      return read(s, r, node -> node.gets(key), value -> value == null ? null : value.value());
    }
    return r.target()
        .gets(key)
        .thenCompose(
            found ->
                found != null
                    ? done(found)
                    : copy(key, r).thenCompose(copied -> copied ? r.target().gets(key) : done(null)));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
    return write(key, false, Sealed.CHECK_FIRST, client -> client.set(key, ttlSeconds, value));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
    // An add must fail if the key exists on the previous node: copy it over first.
    return write(
        key,
        true,
        Sealed.CHECK_IF_REFUSED,
        client -> client.add(key, ttlSeconds, value).thenApply(added -> added ? added : null));
  }

  @Override
  public CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value) {
    return write(key, false, Sealed.REFUSES, client -> client.cas(key, cas, ttlSeconds, value));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return write(key, false, Sealed.CHECK_FIRST, client -> client.delete(key));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
    return write(key, true, Sealed.CHECK_FIRST, client -> client.touch(key, ttlSeconds));
  }

  /**
   * Increments a counter. Counters are never sealed (see {@link #get}); a counter sealed all the
   * same (a generation counter raised by {@code gets}) is looked for first, since {@code incr} over
   * a marker is a protocol error that makes the client drop its connection.
   */
  @Override
  public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
    return write(
        key, true, Sealed.NEVER, client -> client.incr(key, delta, initial, ttlSeconds));
  }

  /** How a write on a key's previous node, early in a handoff, meets a marker there. */
  private enum Sealed {
    /** It would overwrite or extend the marker: look for one first. */
    CHECK_FIRST,
    /**
     * A marker makes it be refused ({@code add}, which answers null here for a refusal): look for
     * one then, and write on the new node if it is there.
     */
    CHECK_IF_REFUSED,
    /** Like {@link #CHECK_FIRST}, and it does not seal either: for counters. */
    NEVER,
    /**
     * A marker makes it fail, and it must not be sent elsewhere: a {@code cas} token belongs to the
     * node that gave it, so the caller reads the key again and follows the marker.
     */
    REFUSES
  }

  /**
   * A write to the node that decides the key now. On the previous node, early in a handoff, a key
   * found sealed there is written on its new node instead (see {@link Sealed}). For a moved key
   * pre-warmed after the handoff, optionally after copying the previous node's value (for
   * operations whose outcome depends on it), and followed by deleting the previous node's copy so
   * that it can never be copied back over a newer state.
   */
  private <T> CompletableFuture<T> write(
      String key, boolean copyFirst, Sealed sealed, Function<ZoneClient, CompletableFuture<T>> op) {
    State s = state;
    Route r = sealed == Sealed.NEVER ? unsealing(route(s, key)) : route(s, key);
    switch (r.phase()) {
      case CURRENT:
        return refusalAsFalse(op.apply(r.target()));
      case PREVIOUS:
        return refusalAsFalse(onPrevious(s, r, sealed, op));
      case SEAL:
        return refusalAsFalse(ready(s, r).thenCompose(op));
      default:
        break;
    }
    CompletableFuture<Boolean> copied = copyFirst ? copy(key, r) : done(false);
    return refusalAsFalse(
        copied
            .thenCompose(ignored -> op.apply(r.target()))
            .thenCompose(result -> r.previous().delete(key).handle((deleted, failure) -> result)));
  }

  /** An {@code add} refusal travels as null through {@link #write}; its callers see false. */
  @SuppressWarnings("unchecked")
  private static <T> CompletableFuture<T> refusalAsFalse(CompletableFuture<T> result) {
    return result.thenApply(value -> value == null ? (T) Boolean.FALSE : value);
  }

  /** A write on the previous node, or on the new one once the key is found sealed there. */
  private <T> CompletableFuture<T> onPrevious(
      State s, Route r, Sealed sealed, Function<ZoneClient, CompletableFuture<T>> op) {
    ZoneClient previous = r.previous();
    if (sealed == Sealed.CHECK_FIRST || sealed == Sealed.NEVER) {
      return previous.get(r.key()).thenCompose(held -> op.apply(followMarker(s, r, held)));
    }
    CompletableFuture<T> first = op.apply(previous);
    if (sealed == Sealed.REFUSES) {
      return first;
    }
    return first
        .handle(
            (result, failure) -> {
              if (failure == null && result != null) {
                return done(result);
              }
              return previous
                  .get(r.key())
                  .thenCompose(
                      after ->
                          Handoff.isMoved(after)
                              ? op.apply(followMarker(s, r, after))
                              : failure == null
                                  ? done(result)
                                  : CompletableFuture.<T>failedFuture(failure));
            })
        .thenCompose(next -> next);
  }

  /** The node to write on: the new one when the previous one holds a marker. */
  private static ZoneClient followMarker(State s, Route r, byte[] held) {
    if (Handoff.isMoved(held)) {
      s.sealed.add(r.key());
      return r.target();
    }
    return r.previous();
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    State s = state;
    List<CompletableFuture<List<String>>> parts = new ArrayList<>();
    s.clients.values().forEach(client -> parts.add(client.keys(prefix)));
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            ignored -> {
              List<String> all = new ArrayList<>();
              parts.forEach(part -> all.addAll(part.join()));
              return all;
            });
  }

  @Override
  public CompletableFuture<Void> flushAll() {
    State s = state;
    List<CompletableFuture<Void>> flushes = new ArrayList<>();
    s.clients.values().forEach(client -> flushes.add(client.flushAll()));
    s.retired.values().forEach(client -> flushes.add(client.flushAll()));
    return CompletableFuture.allOf(flushes.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public CompletableFuture<Void> flush(NodeAddress node) {
    ZoneClient client = state.client(requireNonNull(node, "node"));
    if (client == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("memcached node " + node + " is not in zone " + zone));
    }
    return client.flush(node);
  }

  /** Closes every node's client; later operations fail with {@link RemoteException}. */
  @Override
  public synchronized void close() {
    closed = true;
    State s = state;
    s.clients.values().forEach(ZoneClient::close);
    s.retired.values().forEach(ZoneClient::close);
  }

  @Override
  public String toString() {
    return "DynamicZoneClient{zone=" + zone + ", nodes=" + state.ring.nodes() + "}";
  }
}
