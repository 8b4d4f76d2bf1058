package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.SpyCompletions.Call;
import io.nearcache.jcache.remote.topology.KetamaRing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationCallback;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.protocol.binary.BinaryOperationFactory;

/**
 * A {@link ZoneClient} on one spymemcached {@link MemcachedClient}: text protocol (binary with SASL
 * authentication when credentials are given), ketama over the configured {@code host:port} names,
 * {@code FailureMode.Cancel} (an operation for a node that is down fails at once instead of moving
 * to another node), and every operation bounded by the per-operation timeout even when a node
 * hangs. Futures complete on spymemcached's I/O thread, as
 * soon as the answer is read (no hop to another thread: on loopback a hop costs as much as the
 * round trip); only timeouts complete on a daemon thread owned by the client (see {@link
 * Deadlines}).
 *
 * <p>How failures look (measured with memcached 1.6.18 on loopback):
 *
 * <ul>
 *   <li>A node that dies: spymemcached sees the connection close, cancels what was in flight and
 *       marks the node inactive within milliseconds. From then on its operations fail at once
 *       with {@link RemoteException} until it is reconnected; attempts come every {@link
 *       TransportSettings#maxReconnectDelay()}, so a restarted node serves again about that long
 *       after it is back, empty.
 *   <li>A node that hangs (SIGSTOP, a frozen host) keeps its connection: its operations fail with
 *       {@link RemoteTimeoutException} after the timeout. Commands already sent are executed if it
 *       resumes, so a write that timed out may still be applied.
 *   <li>An error answer ({@code SERVER_ERROR}, {@code CLIENT_ERROR}, {@code ERROR}) fails the
 *       operation and also makes spymemcached drop and reconnect that node's connection, failing
 *       the other operations in flight to it. Values too large for one item are therefore refused
 *       before they are sent, and {@code incr} must only meet counters.
 * </ul>
 */
public final class SpyZoneClient implements ZoneClient {
  static {
    SpyLogging.install();
  }

  /** Builds binary {@code flush} operations for clients that authenticate. */
  private static final BinaryOperationFactory FLUSHES = new BinaryOperationFactory();

  private final String zone;
  private final List<NodeAddress> nodes;
  private final TransportSettings settings;
  private final Map<InetSocketAddress, NodeAddress> names;
  /** Sweeps deadlines and completes futures that time out; nothing else runs there. */
  private final ScheduledThreadPoolExecutor timer;
  private final MemcachedClient client;
  private final NodeLocator ring;
  private final Map<NodeAddress, MemcachedNode> connections = new HashMap<>();
  private final SpyCompletions completions;
  private final ZoneAdmin admin;
  private final SaslCredentials sasl;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A client with default settings and the given per-operation timeout. */
  public SpyZoneClient(String zone, List<NodeAddress> nodes, Duration operationTimeout) {
    this(zone, nodes, TransportSettings.of(operationTimeout));
  }

  /** A client without authentication, on the text protocol. */
  public SpyZoneClient(String zone, List<NodeAddress> nodes, TransportSettings settings) {
    this(zone, nodes, settings, null);
  }

  /**
   * Connects to the zone's nodes, waiting at most {@link TransportSettings#connectTimeout()} for
   * them; nodes that are down keep being retried in the background.
   *
   * <p>With credentials, every connection speaks the binary protocol and authenticates with SASL
   * PLAIN, as memcached started with {@code -S} requires. The credentials are first checked on
   * every reachable node, so a wrong password fails here; the client then waits, within the
   * connect timeout, until the connected nodes have authenticated. Over SASL, {@link #keys} is
   * unavailable (the binary protocol cannot list keys) and {@link #flushAll} uses the binary
   * {@code flush}.
   *
   * @param sasl the credentials, or null for no authentication (text protocol)
   * @throws IllegalArgumentException for an empty zone name, no nodes, a duplicate node or a host
   *     that does not resolve
   * @throws RemoteAuthenticationException when a reachable node refuses the credentials or does not
   *     do SASL
   * @throws RemoteException when spymemcached cannot set up its connections
   */
  public SpyZoneClient(
      String zone, List<NodeAddress> nodes, TransportSettings settings, SaslCredentials sasl) {
    this(zone, nodes, Map.of(), settings, sasl);
  }

  /**
   * As {@link #SpyZoneClient(String, List, TransportSettings, SaslCredentials)}, with node weights
   * for the ketama ring (a node without one weighs 1; see {@link KetamaRing}).
   *
   * @throws IllegalArgumentException also for a weight out of range or of a node not in the list
   */
  public SpyZoneClient(
      String zone,
      List<NodeAddress> nodes,
      Map<NodeAddress, Integer> weights,
      TransportSettings settings,
      SaslCredentials sasl) {
    this.zone = requireNonNull(zone, "zone");
    this.settings = requireNonNull(settings, "settings");
    this.sasl = sasl;
    this.nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    if (zone.isBlank()) {
      throw new IllegalArgumentException("The zone name must not be blank");
    }
    if (this.nodes.isEmpty()) {
      throw new IllegalArgumentException("Zone " + zone + " has no memcached nodes");
    }
    this.names = resolve(zone, this.nodes);
    // Checks the weights before anything connects.
    new KetamaRing(this.nodes, weights);
    if (sasl != null) {
      SaslProbe.check(zone, this.nodes, sasl, settings.connectTimeout());
    }
    this.timer = DaemonThreads.timer("nearcache-" + zone + "-timeout");
    this.completions = new SpyCompletions(zone, settings.operationTimeout(), timer, this::nodeFor);
    this.admin = new ZoneAdmin(zone, this.nodes, settings.adminTimeout(), completions);

    ConnectionWatch watch = new ConnectionWatch(names.size());
    SpyConnectionFactory factory =
        new SpyConnectionFactory(
            names, settings, new InlineExecutorService(), watch, sasl, weights);
    try {
      this.client = new MemcachedClient(factory, new ArrayList<>(names.keySet()));
    } catch (IOException | RuntimeException e) {
      completions.close();
      timer.shutdown();
      admin.close();
      throw new RemoteException(zone, null, "connect", null, "cannot create connections", e);
    }
    this.ring = factory.ring();
    for (MemcachedNode node : ring.getAll()) {
      connections.put(names.get((InetSocketAddress) node.getSocketAddress()), node);
    }
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    watch.await(settings.connectTimeout());
    if (sasl != null) {
      awaitAuthentication(deadline);
    }
  }

  /**
   * Waits until every connected node has authenticated or the deadline passed. spymemcached
   * authenticates on its own thread right after connecting; operations sent before it is done are
   * retried until it is, and may time out.
   */
  private void awaitAuthentication(long deadline) {
    for (int poll = 0; poll < 10_000 && System.nanoTime() < deadline; poll++) {
      boolean pending = false;
      for (MemcachedNode node : connections.values()) {
        pending |= node.isActive() && !node.isAuthenticated();
      }
      if (!pending) {
        return;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether this client authenticates with SASL and speaks the binary protocol. */
  public boolean usesSasl() {
    return sasl != null;
  }

  private static Map<InetSocketAddress, NodeAddress> resolve(String zone, List<NodeAddress> nodes) {
    Map<InetSocketAddress, NodeAddress> names = new LinkedHashMap<>();
    for (NodeAddress node : nodes) {
      InetSocketAddress address = new InetSocketAddress(node.host(), node.port());
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "memcached node " + node + " of zone " + zone + ": host does not resolve");
      }
      NodeAddress previous = names.putIfAbsent(address, node);
      if (previous != null) {
        throw new IllegalArgumentException(
            "memcached nodes "
                + previous
                + " and "
                + node
                + " of zone "
                + zone
                + " are the same server");
      }
    }
    return names;
  }

  @Override
  public String zone() {
    return zone;
  }

  @Override
  public List<NodeAddress> nodes() {
    return nodes;
  }

  /** The settings this client was built with. */
  public TransportSettings settings() {
    return settings;
  }

  @Override
  public NodeAddress nodeFor(String key) {
    requireNonNull(key, "key");
    return names.get((InetSocketAddress) ring.getPrimary(key).getSocketAddress());
  }

  /**
   * Whether spymemcached holds an open connection to the node. Operations for a node that is not
   * active fail at once; a hung (for example SIGSTOPped) node stays active and times out instead.
   */
  public boolean isActive(NodeAddress node) {
    MemcachedNode connection = connections.get(requireNonNull(node, "node"));
    if (connection == null) {
      throw new IllegalArgumentException("memcached node " + node + " is not in zone " + zone);
    }
    return connection.isActive();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here a node is up while spymemcached holds an open connection to it; this client keeps no
   * failure counts.
   */
  @Override
  public List<NodeHealth> health() {
    List<NodeHealth> health = new ArrayList<>(nodes.size());
    for (NodeAddress node : nodes) {
      health.add(new NodeHealth(node, isActive(node), 0, 0L, null));
    }
    return health;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    Call call = new Call("get", requireNonNull(key, "key"), null);
    GetFuture<byte[]> future;
    try {
      future = client.asyncGet(key, BytesTranscoder.INSTANCE);
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    return completions.of(call, future, future::get);
  }

  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(Collection<String> keys) {
    requireNonNull(keys, "keys");
    if (nodes.size() == 1) {
      // Every key is on the only node: nothing to group.
      return getBulk(nodes.get(0), keys);
    }
    Map<NodeAddress, List<String>> byNode = new LinkedHashMap<>();
    // A key named twice is asked twice and answered once in the map: no need to copy the keys.
    for (String key : keys) {
      byNode.computeIfAbsent(nodeFor(key), node -> new ArrayList<>()).add(key);
    }
    return BulkGets.perGroup(byNode, this::getBulk);
  }

  /**
   * {@inheritDoc}
   *
   * <p>This client's ring is fixed, so the keys go to the node as they are.
   */
  @Override
  public CompletableFuture<Map<String, byte[]>> getBulk(
      NodeAddress node, Collection<String> keys) {
    requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    Call call = new Call("get", keys.iterator().next(), node, keys.size());
    if (!connections.get(node).isActive()) {
      // spymemcached's bulk get ignores FailureMode.Cancel; fail as a single get would.
      return CompletableFuture.failedFuture(
          completions.failure(call, "cancelled: the node is down or not connected", null));
    }
    BulkFuture<Map<String, byte[]>> future;
    try {
      future = client.asyncGetBulk(keys, BytesTranscoder.INSTANCE);
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    return completions.of(call, future, future::get);
  }

  @Override
  public CompletableFuture<CasValue> gets(String key) {
    Call call = new Call("gets", requireNonNull(key, "key"), null);
    OperationFuture<CASValue<byte[]>> future;
    try {
      future = client.asyncGets(key, BytesTranscoder.INSTANCE);
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    return completions.of(
        call,
        future,
        () -> {
          CASValue<byte[]> found = future.get();
          return found == null ? null : new CasValue(found.getValue(), found.getCas());
        });
  }

  @Override
  public CompletableFuture<Boolean> set(String key, int ttlSeconds, byte[] value) {
    requireNonNull(value, "value");
    Call call = new Call("set", requireNonNull(key, "key"), null);
    if (tooLarge(key, value)) {
      return completions.rejected(call, oversized(key, value));
    }
    return store(
        call,
        () -> client.set(key, ttlSeconds, value, BytesTranscoder.INSTANCE),
        (future, stored) -> {
          if (!stored) {
            throw completions.failure(call, "not stored: " + future.getStatus().getMessage(), null);
          }
          return true;
        });
  }

  @Override
  public CompletableFuture<Boolean> add(String key, int ttlSeconds, byte[] value) {
    requireNonNull(value, "value");
    Call call = new Call("add", requireNonNull(key, "key"), null);
    if (tooLarge(key, value)) {
      return completions.rejected(call, oversized(key, value));
    }
    return store(
        call,
        () -> client.add(key, ttlSeconds, value, BytesTranscoder.INSTANCE),
        (future, stored) -> stored);
  }

  @Override
  public CompletableFuture<CasResult> cas(String key, long cas, int ttlSeconds, byte[] value) {
    requireNonNull(value, "value");
    Call call = new Call("cas", requireNonNull(key, "key"), null);
    if (tooLarge(key, value)) {
      return completions.rejected(call, oversized(key, value));
    }
    return store(
        call,
        () -> client.asyncCAS(key, cas, ttlSeconds, value, BytesTranscoder.INSTANCE),
        (future, response) -> {
          switch (response) {
            case OK:
              return CasResult.OK;
            case EXISTS:
              return CasResult.EXISTS;
            case NOT_FOUND:
              return CasResult.NOT_FOUND;
            default:
              throw completions.failure(call, "unexpected answer " + response, null);
          }
        });
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    Call call = new Call("delete", requireNonNull(key, "key"), null);
    return store(call, () -> client.delete(key), (future, deleted) -> deleted);
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
    Call call = new Call("touch", requireNonNull(key, "key"), null);
    return store(call, () -> client.touch(key, ttlSeconds), (future, touched) -> touched);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The text protocol cannot create a counter in {@code incr}, so a missing counter takes up to
   * three round trips ({@code incr}, {@code add}, and {@code incr} again if another client created
   * it meanwhile), each bounded by the timeout.
   */
  @Override
  public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
    requireNonNull(key, "key");
    if (delta < 0 || initial < 0) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "incr of key '"
                  + key
                  + "' in zone "
                  + zone
                  + " needs delta >= 0 and initial >= 0,"
                  + " got delta "
                  + delta
                  + " and initial "
                  + initial));
    }
    byte[] start = Long.toString(initial).getBytes(StandardCharsets.US_ASCII);
    return increment(key, delta)
        .thenCompose(
            value -> {
              if (value >= 0) {
                return CompletableFuture.completedFuture(value);
              }
              return add(key, ttlSeconds, start)
                  .thenCompose(
                      created ->
                          created
                              ? CompletableFuture.completedFuture(initial)
                              : increment(key, delta)
                                  .thenApply(again -> requireCounter(key, again)));
            });
  }

  private long requireCounter(String key, long value) {
    if (value < 0) {
      throw completions.failure(
          new Call("incr", key, null), "the counter was deleted while being created", null);
    }
    return value;
  }

  private boolean tooLarge(String key, byte[] value) {
    // Cheap bound first: a UTF-8 key has at most 4 bytes per char.
    return value.length > settings.maxValueSize(4 * key.length())
        && value.length > settings.maxValueSize(key.getBytes(StandardCharsets.UTF_8).length);
  }

  private IllegalArgumentException oversized(String key, byte[] value) {
    return new IllegalArgumentException(
        "a value of "
            + value.length
            + " bytes does not fit in one memcached item of at most "
            + settings.maxItemSize()
            + " bytes with its key; the largest value for this key is "
            + settings.maxValueSize(key.getBytes(StandardCharsets.UTF_8).length)
            + " bytes");
  }

  /** {@code incr}; -1 when the key is absent. */
  private CompletableFuture<Long> increment(String key, long delta) {
    Call call = new Call("incr", key, null);
    return store(call, () -> client.asyncIncr(key, delta), (future, value) -> value);
  }

  /** Reads a completed single-key future's value and maps it to the result. */
  @FunctionalInterface
  private interface Answer<R, T> {
    T apply(OperationFuture<R> future, R value) throws Exception;
  }

  private <R, T> CompletableFuture<T> store(
      Call call, Supplier<OperationFuture<R>> send, Answer<R, T> answer) {
    OperationFuture<R> future;
    try {
      future = send.get();
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    return completions.of(call, future, () -> answer.apply(future, future.get()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Over SASL this fails at once with {@link UnsupportedRemoteOperationException}: memcached
   * with {@code -S} speaks only the binary protocol, which has no command to list keys.
   */
  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    requireNonNull(prefix, "prefix");
    if (sasl != null) {
      return CompletableFuture.failedFuture(
          new UnsupportedRemoteOperationException(
              zone,
              "lru_crawler metadump",
              "listing keys is not possible with SASL (nearcache.remote.sasl.username is set):"
                  + " memcached started with -S speaks only the binary protocol, which has no"
                  + " command to list keys"));
    }
    return admin.keys(prefix);
  }

  /** {@inheritDoc} Over SASL, the binary protocol's {@code flush} on every node. */
  @Override
  public CompletableFuture<Void> flushAll() {
    if (sasl == null) {
      return admin.flushAll();
    }
    return binaryFlush(new Call("flush", null, null), connections.values());
  }

  /** {@inheritDoc} Over SASL, the binary protocol's {@code flush}. */
  @Override
  public CompletableFuture<Void> flush(NodeAddress node) {
    MemcachedNode connection = connections.get(requireNonNull(node, "node"));
    if (connection == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("memcached node " + node + " is not in zone " + zone));
    }
    if (sasl == null) {
      return admin.flush(node);
    }
    return binaryFlush(new Call("flush", null, node), List.of(connection));
  }

  /**
   * A binary {@code flush} on each of the nodes, completed from the operations' own callbacks
   * (spymemcached's {@code flush()} future does not notify listeners that were added before it
   * completed) and bounded by the admin timeout.
   */
  private CompletableFuture<Void> binaryFlush(Call call, Collection<MemcachedNode> targets) {
    CompletableFuture<Void> raw = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(targets.size());
    Map<MemcachedNode, String> failures = new ConcurrentHashMap<>();
    try {
      client.broadcastOp(
          (node, latch) ->
              FLUSHES.flush(
                  0,
                  new OperationCallback() {
                    private volatile boolean flushed;

                    @Override
                    public void receivedStatus(OperationStatus status) {
                      flushed = status.isSuccess();
                      if (!flushed) {
                        failures.put(node, String.valueOf(status.getMessage()));
                      }
                    }

                    @Override
                    public void complete() {
                      latch.countDown();
                      if (!flushed) {
                        failures.putIfAbsent(node, "cancelled: the node is down or not connected");
                      }
                      if (pending.decrementAndGet() == 0) {
                        if (failures.isEmpty()) {
                          raw.complete(null);
                        } else {
                          raw.completeExceptionally(
                              completions.failure(call, "not flushed: " + failures, null));
                        }
                      }
                    }
                  }),
          targets);
    } catch (RuntimeException e) {
      return completions.rejected(call, e);
    }
    return completions.bounded(raw, call, null, settings.adminTimeout());
  }

  /** Shuts spymemcached down (waiting at most the operation timeout) and stops the threads. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.shutdown(Math.max(1, settings.operationTimeout().toMillis()), TimeUnit.MILLISECONDS);
    } finally {
      admin.close();
      completions.close();
      timer.shutdown();
    }
  }

  @Override
  public String toString() {
    return "SpyZoneClient{zone=" + zone + ", nodes=" + nodes + "}";
  }
}
