package io.nearcache.jcache.remote.routing;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A zone whose nodes are watched: a node whose operations fail or time out {@link
 * FailoverSettings#failureThreshold()} times in a row is marked down, and from then on its
 * operations fail at once (so a reader falls back to another zone without waiting for a timeout)
 * or, when a gutter pool is configured, go to the gutter with a short TTL. A node is never
 * replaced by another node of the same ring: rehashing its keys onto the survivors would overload
 * them and serve stale copies when it returns.
 *
 * <p>A probe ({@code get} of a key that the node owns) runs every {@link
 * FailoverSettings#probeInterval()} for each node marked down. When it answers, the keys written to
 * the gutter on the node's behalf are deleted from the node (it may hold older copies of them, if
 * it only hung) and from the gutter, and then the node serves again.
 */
public final class FailoverZoneClient implements ZoneClient {
  private static final Logger LOG = System.getLogger(FailoverZoneClient.class.getName());
  private static final long THIRTY_DAYS_SECONDS = 30L * 24 * 3600;

  /** Repair rounds one probe may run before leaving what is left to the next probe. */
  private static final int REPAIR_ROUNDS = 8;

  private final ZoneClient delegate;
  private final ZoneClient gutter;
  private final FailoverSettings settings;
  /** Health per node; follows the delegate's node list when it changes at run time. */
  private final Map<NodeAddress, Node> nodes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService prober;
  private final ZoneClient direct = new Direct();

  /**
   * Watches the nodes of {@code delegate}.
   *
   * @param gutter the gutter pool, or null to fail a down node's operations at once
   */
  public FailoverZoneClient(ZoneClient delegate, ZoneClient gutter, FailoverSettings settings) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.gutter = gutter;
    this.settings = requireNonNull(settings, "settings");
    for (NodeAddress address : delegate.nodes()) {
      nodes.put(address, new Node(address));
    }
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "nearcache-" + delegate.zone() + "-probe");
              thread.setDaemon(true);
              return thread;
            });
    long every = settings.probeInterval().toMillis();
    prober.scheduleWithFixedDelay(this::probeDownNodes, every, every, TimeUnit.MILLISECONDS);
  }

  /** A key the ring places on the node, so that a plain {@code get} probes exactly that node. */
  private static String probeKey(ZoneClient zone, NodeAddress node) {
    for (int i = 0; i < 1_000_000; i++) {
      String key = "nc:probe:" + i;
      if (zone.nodeFor(key).equals(node)) {
        return key;
      }
    }
    throw new IllegalStateException("No probe key found for node " + node);
  }

  @Override
  public String zone() {
    return delegate.zone();
  }

  @Override
  public List<NodeAddress> nodes() {
    return delegate.nodes();
  }

  @Override
  public NodeAddress nodeFor(String key) {
    return delegate.nodeFor(key);
  }

  /** Whether operations for the node are sent to it (it is not marked down). */
  public boolean isUp(NodeAddress node) {
    Node state = nodes.get(node);
    if (state == null && delegate.nodes().contains(node)) {
      return true;
    }
    if (state == null) {
      throw new IllegalArgumentException("memcached node " + node + " is not in zone " + zone());
    }
    return !state.down;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A node is up unless it was marked down after consecutive failures, or its connection is
   * closed right now.
   */
  @Override
  public List<NodeHealth> health() {
    Map<NodeAddress, NodeHealth> connected = new LinkedHashMap<>();
    delegate.health().forEach(h -> connected.put(h.node(), h));
    List<NodeHealth> health = new ArrayList<>(nodes.size());
    for (NodeAddress address : delegate.nodes()) {
      Node node = node(address);
      NodeHealth connection = connected.get(node.address);
      boolean up = !node.down && (connection == null || connection.up());
      health.add(
          new NodeHealth(
              node.address,
              up,
              node.failures.get(),
              node.down ? node.downSinceMillis : 0L,
              node.lastFailure));
    }
    return health;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return route(key, "get", false, zone -> zone.get(key));
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    requireNonNull(keys, "keys");
    List<NodeAddress> all = delegate.nodes();
    if (all.size() == 1) {
      // Every key is on the only node: nothing to group.
      return routeBulk(node(all.get(0)), keys);
    }
    Map<Node, List<String>> byNode = new LinkedHashMap<>();
    for (String key : BulkGets.distinct(keys)) {
      byNode.computeIfAbsent(node(delegate.nodeFor(key)), n -> new ArrayList<>()).add(key);
    }
    return BulkGets.perGroup(byNode, this::routeBulk);
  }

  private CompletableFuture<Map<String, byte[]>> routeBulk(Node node, Collection<String> keys) {
    if (node.down) {
      return gutter != null ? gutter.getBulk(keys) : failFast(node, "get", null);
    }
    return watched(node, delegate.getBulk(node.address, keys));
  }

  @Override
  public CompletableFuture<CasValue> gets(String key) {
    return route(key, "gets", false, zone -> zone.gets(key));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
    return route(key, "set", true, zone -> zone.set(key, ttlFor(zone, ttlSeconds), value));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
    return route(key, "add", true, zone -> zone.add(key, ttlFor(zone, ttlSeconds), value));
  }

  @Override
  public CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value) {
    return route(key, "cas", true, zone -> zone.cas(key, cas, ttlFor(zone, ttlSeconds), value));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return route(key, "delete", true, zone -> zone.delete(key));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
    return route(key, "touch", true, zone -> zone.touch(key, ttlFor(zone, ttlSeconds)));
  }

  @Override
  public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
    return route(
        key, "incr", true, zone -> zone.incr(key, delta, initial, ttlFor(zone, ttlSeconds)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The view sends every operation to the node that owns the key, marked down or not, and
   * counts the outcome toward the node's health: a JVM's own opinion of a node must not move the
   * arbitration of a key away from where the other JVMs arbitrate it.
   */
  @Override
  public ZoneClient direct() {
    return direct;
  }

  /** Administrative: goes to the zone's nodes as they are, never to the gutter. */
  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return delegate.keys(prefix);
  }

  /** Administrative: goes to the zone's nodes as they are, never to the gutter. */
  @Override
  public CompletableFuture<Void> flushAll() {
    return delegate.flushAll();
  }

  /** Administrative: goes to the node as it is, never to the gutter. */
  @Override
  public CompletableFuture<Void> flush(NodeAddress node) {
    return delegate.flush(node);
  }

  private <T> CompletableFuture<T> route(
      String key, String operation, boolean write, Function<ZoneClient, CompletableFuture<T>> op) {
    Node node = node(delegate.nodeFor(requireNonNull(key, "key")));
    if (node.down) {
      if (gutter == null) {
        return failFast(node, operation, key);
      }
      if (write) {
        node.wroteToGutter(key);
      }
      return op.apply(gutter);
    }
    return watched(node, op.apply(delegate));
  }

  /** The node's health, created for a node the zone gained since the last look. */
  private Node node(NodeAddress address) {
    return nodes.computeIfAbsent(address, Node::new);
  }

  /** Counts the outcome of an operation sent to the node. */
  private <T> CompletableFuture<T> watched(Node node, CompletableFuture<T> operation) {
    return operation.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            node.failures.set(0);
          } else if (isNodeFailure(failure)) {
            node.failed(failure);
          }
        });
  }

  /** Failures that say something about the node; bad arguments say nothing about it. */
  private static boolean isNodeFailure(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RemoteException;
  }

  private <T> CompletableFuture<T> failFast(Node node, String operation, String key) {
    return CompletableFuture.failedFuture(
        new RemoteException(
            zone(),
            node.address,
            operation,
            key,
            "the node is marked down after "
                + settings.failureThreshold()
                + " consecutive failures and is probed every "
                + settings.probeInterval().toMillis()
                + " ms",
            null));
  }

  /** A gutter item lives at most the gutter TTL; the zone's own nodes keep the asked TTL. */
  private int ttlFor(ZoneClient target, int ttlSeconds) {
    if (target != gutter) {
      return ttlSeconds;
    }
    int limit = settings.gutterTtlSeconds();
    if (ttlSeconds > 0 && ttlSeconds <= limit) {
      return ttlSeconds;
    }
    if (ttlSeconds > THIRTY_DAYS_SECONDS) {
      long remaining = ttlSeconds - System.currentTimeMillis() / 1000;
      if (remaining > 0 && remaining <= limit) {
        return (int) remaining;
      }
    }
    return limit;
  }

  private void probeDownNodes() {
    // Nodes the zone lost since the last probe are forgotten.
    nodes.keySet().retainAll(Set.copyOf(delegate.nodes()));
    for (Node node : nodes.values()) {
      if (node.down && node.probing.compareAndSet(false, true)) {
        delegate
            .get(node.probeKey())
            .thenCompose(answered -> repair(node, 0))
            .whenComplete(
                (done, failure) -> {
                  if (failure == null) {
                    node.upUnlessWrittenMeanwhile();
                  } else {
                    node.lastFailure = String.valueOf(failure.getMessage());
                  }
                  node.probing.set(false);
                });
      }
    }
  }

  /**
   * Removes from a returning node, and from the gutter, every key written to the gutter on its
   * behalf: the node may hold older copies if it only hung, and the gutter's copies must not be
   * served if the node fails again. Keys written to the gutter while a round ran are removed by
   * another round at once, up to {@value #REPAIR_ROUNDS} rounds: each round is shorter than the one
   * before, so under a steady write load one soon ends with nothing written meanwhile. Waiting for
   * the next probe instead, a node whose keys are written often could stay out for good.
   */
  private CompletableFuture<Void> repair(Node node, int round) {
    CompletableFuture<Void> flushed = CompletableFuture.completedFuture(null);
    if (node.gutterOverflow) {
      // Cleared only once the flush succeeded: a failed flush keeps the node down for the next
      // probe to try again. Keys written meanwhile are remembered again, and deleted below.
      node.gutterKeys.clear();
      flushed = delegate.flush(node.address).thenRun(() -> node.gutterOverflow = false);
    }
    return flushed.thenCompose(
        done -> {
          List<String> written = new ArrayList<>(node.gutterKeys);
          List<CompletableFuture<Boolean>> deletes = new ArrayList<>();
          for (String key : written) {
            deletes.add(delegate.delete(key));
            deletes.add(gutter.delete(key).exceptionally(e -> false));
          }
          return CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0]))
              .thenRun(() -> written.forEach(node.gutterKeys::remove))
              .thenCompose(
                  removed ->
                      node.gutterKeys.isEmpty() || round + 1 >= REPAIR_ROUNDS
                          ? CompletableFuture.completedFuture(null)
                          : repair(node, round + 1));
        });
  }

  /** Stops probing and closes the zone's client; the gutter is closed by its owner. */
  @Override
  public void close() {
    prober.shutdownNow();
    delegate.close();
  }

  @Override
  public String toString() {
    return "FailoverZoneClient{" + delegate + (gutter == null ? "" : ", gutter=" + gutter) + "}";
  }

  /** The zone's nodes without failover routing; outcomes still count toward health. */
  private final class Direct implements ZoneClient {
    private <T> CompletableFuture<T> watchedFor(String key, CompletableFuture<T> operation) {
      return watched(node(delegate.nodeFor(key)), operation);
    }

    @Override
    public String zone() {
      return delegate.zone();
    }

    @Override
    public List<NodeAddress> nodes() {
      return delegate.nodes();
    }

    @Override
    public NodeAddress nodeFor(String key) {
      return delegate.nodeFor(key);
    }

    @Override
    public List<NodeHealth> health() {
      return FailoverZoneClient.this.health();
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
      return watchedFor(key, delegate.get(key));
    }

    @Override
    public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
      return delegate.getBulk(keys);
    }

    @Override
    public CompletableFuture<CasValue> gets(String key) {
      return watchedFor(key, delegate.gets(key));
    }

    @Override
    public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
      return watchedFor(key, delegate.set(key, ttlSeconds, value));
    }

    @Override
    public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
      return watchedFor(key, delegate.add(key, ttlSeconds, value));
    }

    @Override
    public CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value) {
      return watchedFor(key, delegate.cas(key, cas, ttlSeconds, value));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      return watchedFor(key, delegate.delete(key));
    }

    @Override
    public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
      return watchedFor(key, delegate.touch(key, ttlSeconds));
    }

    @Override
    public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
      return watchedFor(key, delegate.incr(key, delta, initial, ttlSeconds));
    }

    @Override
    public CompletableFuture<List<String>> keys(String prefix) {
      return delegate.keys(prefix);
    }

    @Override
    public CompletableFuture<Void> flushAll() {
      return delegate.flushAll();
    }

    @Override
    public CompletableFuture<Void> flush(NodeAddress node) {
      return delegate.flush(node);
    }

    @Override
    public void close() {
      // The failover client owns the connections.
    }
  }

  /** The health of one node. */
  private final class Node {
    final NodeAddress address;
    private volatile String probeKey;
    final AtomicInteger failures = new AtomicInteger();
    final AtomicBoolean probing = new AtomicBoolean();
    final Set<String> gutterKeys = ConcurrentHashMap.newKeySet();
    volatile boolean down;
    volatile boolean gutterOverflow;
    volatile long downSinceMillis;
    volatile String lastFailure;

    Node(NodeAddress address) {
      this.address = address;
    }

    /** Found when first needed: the ring may change, and most nodes are never probed. */
    String probeKey() {
      String key = probeKey;
      if (key == null || !delegate.nodeFor(key).equals(address)) {
        key = FailoverZoneClient.probeKey(delegate, address);
        probeKey = key;
      }
      return key;
    }

    void failed(Throwable failure) {
      lastFailure = String.valueOf(failure.getMessage());
      if (failures.incrementAndGet() >= settings.failureThreshold() && !down) {
        synchronized (this) {
          if (!down) {
            downSinceMillis = System.currentTimeMillis();
            down = true;
            LOG.log(
                Level.WARNING,
                "memcached node "
                    + address
                    + " of zone "
                    + zone()
                    + " marked down after "
                    + failures.get()
                    + " consecutive failures (last: "
                    + lastFailure
                    + "); its operations "
                    + (gutter == null ? "fail at once" : "go to the gutter pool")
                    + " until a probe finds it answering");
          }
        }
      }
    }

    void wroteToGutter(String key) {
      if (gutterOverflow) {
        return;
      }
      if (gutterKeys.size() >= settings.maxGutterKeys()) {
        gutterOverflow = true;
        gutterKeys.clear();
        LOG.log(
            Level.WARNING,
            "memcached node "
                + address
                + " of zone "
                + zone()
                + ": more than "
                + settings.maxGutterKeys()
                + " keys written to the gutter while it is down; it will be flushed when it"
                + " returns");
        return;
      }
      gutterKeys.add(key);
    }

    /** Serves again, unless keys were written to the gutter during the repair: next probe. */
    synchronized void upUnlessWrittenMeanwhile() {
      if (!gutterKeys.isEmpty() || gutterOverflow) {
        return;
      }
      long downFor = System.currentTimeMillis() - downSinceMillis;
      failures.set(0);
      down = false;
      LOG.log(
          Level.INFO,
          "memcached node " + address + " of zone " + zone() + " is back after " + downFor + " ms");
    }
  }
}
