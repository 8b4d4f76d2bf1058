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
import java.util.concurrent.CompletableFuture;
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
 * <p>Pre-warm: for the migration window after a change, an operation on a key whose node changed
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

  /** The ring, its clients, and during a migration window the previous ring. */
  private record State(
      KetamaRing ring,
      Map<NodeAddress, ZoneClient> clients,
      KetamaRing previous,
      Map<NodeAddress, ZoneClient> retired,
      long windowEndNanos) {
    ZoneClient client(NodeAddress node) {
      ZoneClient client = clients.get(node);
      return client != null ? client : retired.get(node);
    }
  }

  private final String zone;
  private final NodeConnector connector;
  private final Duration migrationWindow;
  private final boolean prewarm;
  private final TopologyMetrics metrics;
  private final LongSupplier nanoTime;
  private volatile State state;
  private volatile boolean closed;

  /**
   * Connects the zone's first node list.
   *
   * @param migrationWindow how long after a change moved keys are pre-warmed
   * @param prewarm false to let moved keys miss (removed nodes are closed at once)
   */
  public DynamicZoneClient(
      String zone,
      List<NodeAddress> nodes,
      Map<NodeAddress, Integer> weights,
      NodeConnector connector,
      Duration migrationWindow,
      boolean prewarm,
      TopologyMetrics metrics,
      LongSupplier nanoTime) {
    this.zone = requireNonNull(zone, "zone");
    this.connector = requireNonNull(connector, "connector");
    this.migrationWindow = requireNonNull(migrationWindow, "migrationWindow");
    this.prewarm = prewarm;
    this.metrics = requireNonNull(metrics, "metrics");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    KetamaRing ring = new KetamaRing(nodes, weights);
    Map<NodeAddress, ZoneClient> clients = connect(ring.nodes(), Map.of());
    this.state = new State(ring, clients, null, Map.of(), 0L);
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
   * removed ones (closed when the migration window ends, or at once without pre-warm). The same
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
    if (prewarm) {
      state =
          new State(next, clients, current.ring, Map.copyOf(retired), nanoTime.getAsLong()
              + migrationWindow.toNanos());
    } else {
      state = new State(next, clients, null, Map.of(), 0L);
      retired.values().forEach(ZoneClient::close);
    }
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
      state = new State(current.ring, current.clients, null, Map.of(), 0L);
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

  /** The key's node on the previous ring when it moved and the window is open, else null. */
  private NodeAddress previousNode(State s, String key, NodeAddress now) {
    if (s.previous == null || nanoTime.getAsLong() - s.windowEndNanos >= 0) {
      return null;
    }
    NodeAddress before = s.previous.nodeFor(key);
    return before.equals(now) ? null : before;
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

  @Override
  public CompletableFuture<byte[]> get(String key) {
    State s = state;
    NodeAddress node = s.ring.nodeFor(requireNonNull(key, "key"));
    ZoneClient target = s.clients.get(node);
    NodeAddress before = previousNode(s, key, node);
    if (before == null) {
      return target.get(key);
    }
    return target
        .get(key)
        .thenCompose(
            found ->
                found != null
                    ? CompletableFuture.completedFuture(found)
                    : copy(s, key, before, target)
                        .thenCompose(copied -> copied ? target.get(key) : done(null)));
  }

  /**
   * Copies the key from its previous node to its new one; true when the previous node held it (the
   * new node then holds the copy or something written meanwhile). A failing previous node is a
   * miss: pre-warm is an optimisation.
   */
  private CompletableFuture<Boolean> copy(
      State s, String key, NodeAddress before, ZoneClient target) {
    ZoneClient source = s.client(before);
    if (source == null) {
      return done(false);
    }
    metrics.prewarmRead();
    return source
        .get(key)
        .exceptionally(failure -> null)
        .thenCompose(
            old -> {
              if (old == null) {
                return done(false);
              }
              return target
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

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    State s = state;
    Map<NodeAddress, List<String>> byNode = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(requireNonNull(keys, "keys"))) {
      byNode.computeIfAbsent(s.ring.nodeFor(key), n -> new ArrayList<>()).add(key);
    }
    return BulkGets.perGroup(byNode, (node, group) -> bulk(s, node, group));
  }

  private CompletableFuture<Map<String, byte[]>> bulk(
      State s, NodeAddress node, Collection<String> keys) {
    ZoneClient target = s.clients.get(node);
    CompletableFuture<Map<String, byte[]>> found = target.getBulk(keys);
    if (s.previous == null) {
      return found;
    }
    return found.thenCompose(
        hits -> {
          List<CompletableFuture<Void>> copies = new ArrayList<>();
          Map<String, byte[]> all = new java.util.concurrent.ConcurrentHashMap<>(hits);
          for (String key : keys) {
            NodeAddress before = hits.containsKey(key) ? null : previousNode(s, key, node);
            if (before != null) {
              copies.add(
                  copy(s, key, before, target)
                      .thenCompose(copied -> copied ? target.get(key) : done(null))
                      .thenAccept(
                          value -> {
                            if (value != null) {
                              all.put(key, value);
                            }
                          }));
            }
          }
          if (copies.isEmpty()) {
            return done(hits);
          }
          return CompletableFuture.allOf(copies.toArray(new CompletableFuture<?>[0]))
              .thenApply(ignored -> (Map<String, byte[]>) new LinkedHashMap<>(all));
        });
  }

  @Override
  public CompletableFuture<CasValue> gets(String key) {
    State s = state;
    NodeAddress node = s.ring.nodeFor(requireNonNull(key, "key"));
    ZoneClient target = s.clients.get(node);
    NodeAddress before = previousNode(s, key, node);
    if (before == null) {
      return target.gets(key);
    }
    return target
        .gets(key)
        .thenCompose(
            found ->
                found != null
                    ? done(found)
                    : copy(s, key, before, target)
                        .thenCompose(copied -> copied ? target.gets(key) : done(null)));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
    return write(key, client -> client.set(key, ttlSeconds, value));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
    // An add must fail if the key exists on the previous node: copy it over first.
    return write(key, true, client -> client.add(key, ttlSeconds, value));
  }

  @Override
  public CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value) {
    return write(key, client -> client.cas(key, cas, ttlSeconds, value));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return write(key, client -> client.delete(key));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
    return write(key, true, client -> client.touch(key, ttlSeconds));
  }

  @Override
  public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
    return write(key, true, client -> client.incr(key, delta, initial, ttlSeconds));
  }

  private <T> CompletableFuture<T> write(
      String key, Function<ZoneClient, CompletableFuture<T>> op) {
    return write(key, false, op);
  }

  /**
   * A write to the key's node; for a moved key in the window, optionally after copying the previous
   * node's value (for operations whose outcome depends on it), and followed by deleting the
   * previous node's copy so that it can never be copied back over a newer state.
   */
  private <T> CompletableFuture<T> write(
      String key, boolean copyFirst, Function<ZoneClient, CompletableFuture<T>> op) {
    State s = state;
    NodeAddress node = s.ring.nodeFor(requireNonNull(key, "key"));
    ZoneClient target = s.clients.get(node);
    NodeAddress before = previousNode(s, key, node);
    if (before == null) {
      return op.apply(target);
    }
    ZoneClient source = s.client(before);
    CompletableFuture<Boolean> ready = copyFirst ? copy(s, key, before, target) : done(false);
    return ready
        .thenCompose(ignored -> op.apply(target))
        .thenCompose(
            result ->
                source == null
                    ? done(result)
                    : source.delete(key).handle((deleted, failure) -> result));
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
