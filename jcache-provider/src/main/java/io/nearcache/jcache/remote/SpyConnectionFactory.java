package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.topology.KetamaRing;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import javax.security.auth.callback.CallbackHandler;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.OperationFactory;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;
import net.spy.memcached.protocol.binary.BinaryOperationFactory;
import net.spy.memcached.util.DefaultKetamaNodeLocatorConfiguration;

/**
 * spymemcached's configuration for one zone: text protocol (binary with SASL PLAIN when credentials
 * are given), ketama over the configured {@code host:port} names, {@link FailureMode#Cancel}, no
 * blocking when a node's queue is full, daemon threads, and our own executor for completion
 * listeners.
 */
final class SpyConnectionFactory extends DefaultConnectionFactory {
  private final Map<InetSocketAddress, NodeAddress> names;
  private final TransportSettings settings;
  private final ExecutorService listenerExecutor;
  private final ConnectionObserver observer;
  private final SaslCredentials sasl;
  /** The weighted ring of the zone's nodes, or null when they all weigh the same. */
  private final KetamaRing weighted;
  private volatile NodeLocator ring;

  /**
   * Creates the factory.
   *
   * @param sasl the credentials to authenticate every connection with, or null for none (text
   *     protocol)
   */
  SpyConnectionFactory(
      Map<InetSocketAddress, NodeAddress> names,
      TransportSettings settings,
      ExecutorService listenerExecutor,
      ConnectionObserver observer,
      SaslCredentials sasl,
      Map<NodeAddress, Integer> weights) {
    super(DEFAULT_OP_QUEUE_LEN, DEFAULT_READ_BUFFER_SIZE, DefaultHashAlgorithm.KETAMA_HASH);
    this.names = Map.copyOf(names);
    // The ring from the nodes in configured order (names is ordered; its copy is not).
    KetamaRing candidate = new KetamaRing(List.copyOf(names.values()), weights);
    this.weighted = candidate.isWeighted() ? candidate : null;
    this.settings = requireNonNull(settings);
    this.listenerExecutor = requireNonNull(listenerExecutor);
    this.observer = requireNonNull(observer);
    this.sasl = sasl;
  }

  /**
   * The binary protocol when authenticating: memcached with {@code -S} refuses the text protocol.
   * spymemcached picks its node implementation from this factory's type.
   */
  @Override
  public OperationFactory getOperationFactory() {
    return sasl == null ? super.getOperationFactory() : new BinaryOperationFactory();
  }

  /** SASL PLAIN with the configured user, or none. */
  @Override
  public AuthDescriptor getAuthDescriptor() {
    if (sasl == null) {
      return null;
    }
    CallbackHandler handler = new PlainCallbackHandler(sasl.username(), sasl.password());
    return new AuthDescriptor(new String[] {"PLAIN"}, handler);
  }

  /**
   * How long an operation for a node that is still authenticating may block its caller in
   * spymemcached before it is cancelled: no longer than the operation may take anyway.
   */
  @Override
  public long getAuthWaitTime() {
    return Math.max(1, settings.operationTimeout().toMillis());
  }

  /** The ring spymemcached routes with; set when the connection is created. */
  NodeLocator ring() {
    NodeLocator current = ring;
    if (current == null) {
      throw new IllegalStateException("The memcached connection has not been created yet");
    }
    return current;
  }

  /**
   * spymemcached's ketama for a zone whose nodes weigh the same; our {@link KetamaRing} for weighted
   * nodes, because spymemcached's weighted ring asserts 160 points per node, which fails whenever
   * assertions are on (weighted nodes get other counts by design).
   */
  @Override
  public NodeLocator createLocator(List<MemcachedNode> nodes) {
    NodeLocator created =
        new PrimaryOnlyLocator(
            weighted != null
                ? new WeightedLocator(weighted, nodes, names)
                : new KetamaNodeLocator(
                    nodes, DefaultHashAlgorithm.KETAMA_HASH, new HostPortKeys(names)));
    ring = created;
    return created;
  }

  @Override
  public FailureMode getFailureMode() {
    return FailureMode.Cancel;
  }

  @Override
  public long getOperationTimeout() {
    return Math.max(1, settings.operationTimeout().toMillis());
  }

  @Override
  public long getMaxReconnectDelay() {
    return settings.maxReconnectDelay().toSeconds();
  }

  @Override
  public long getOpQueueMaxBlockTime() {
    // A full queue fails the operation at once instead of blocking the caller.
    return 0;
  }

  @Override
  public boolean isDaemon() {
    return true;
  }

  @Override
  public ExecutorService getListenerExecutorService() {
    return listenerExecutor;
  }

  @Override
  public boolean isDefaultExecutorService() {
    return false;
  }

  @Override
  public Collection<ConnectionObserver> getInitialObservers() {
    return List.of(observer);
  }

  @Override
  protected String getName() {
    return "nearcache";
  }

  /** Names each node on the ring by its configured {@code host:port}, not by its socket address. */
  private static final class HostPortKeys extends DefaultKetamaNodeLocatorConfiguration {
    private final Map<InetSocketAddress, NodeAddress> names;

    HostPortKeys(Map<InetSocketAddress, NodeAddress> names) {
      this.names = names;
    }

    @Override
    public String getKeyForNode(MemcachedNode node, int repetition) {
      NodeAddress name = names.get((InetSocketAddress) node.getSocketAddress());
      if (name == null) {
        throw new IllegalStateException("No configured name for memcached node " + node);
      }
      return name + "-" + repetition;
    }
  }

  /**
   * Routes with a weighted {@link KetamaRing} over the zone's connected nodes. Its read-only copy
   * is itself: nothing outside the connection ever changes it.
   */
  static final class WeightedLocator implements NodeLocator {
    private final KetamaRing ring;
    private final Map<NodeAddress, MemcachedNode> byName = new java.util.HashMap<>();
    private final List<MemcachedNode> all;

    WeightedLocator(
        KetamaRing ring, List<MemcachedNode> nodes, Map<InetSocketAddress, NodeAddress> names) {
      this.ring = ring;
      this.all = List.copyOf(nodes);
      for (MemcachedNode node : nodes) {
        NodeAddress name = names.get((InetSocketAddress) node.getSocketAddress());
        if (name == null) {
          throw new IllegalStateException("No configured name for memcached node " + node);
        }
        byName.put(name, node);
      }
    }

    @Override
    public MemcachedNode getPrimary(String key) {
      return byName.get(ring.nodeFor(key));
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String key) {
      return Collections.emptyIterator();
    }

    @Override
    public Collection<MemcachedNode> getAll() {
      return all;
    }

    @Override
    public NodeLocator getReadonlyCopy() {
      return this;
    }

    @Override
    public void updateLocator(List<MemcachedNode> nodes) {
      throw new UnsupportedOperationException("a zone's weighted ring is fixed");
    }
  }

  /**
   * The ketama ring without failover: spymemcached's bulk get walks a key's node sequence when the
   * primary node is down, whatever the failure mode, and would read from the wrong node. Without a
   * sequence, such keys stay on their primary node.
   */
  static final class PrimaryOnlyLocator implements NodeLocator {
    private final NodeLocator ketama;

    /**
     * The zone's only node, or null when it has several. A ring of one node maps every key to it,
     * so there is no need to hash the key (an MD5 and a tree lookup per operation).
     */
    private volatile MemcachedNode onlyNode;

    PrimaryOnlyLocator(NodeLocator ketama) {
      this.ketama = ketama;
      this.onlyNode = onlyNode(ketama);
    }

    @Override
    public MemcachedNode getPrimary(String key) {
      MemcachedNode only = onlyNode;
      return only != null ? only : ketama.getPrimary(key);
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String key) {
      return Collections.emptyIterator();
    }

    @Override
    public Collection<MemcachedNode> getAll() {
      return ketama.getAll();
    }

    @Override
    public NodeLocator getReadonlyCopy() {
      return ketama.getReadonlyCopy();
    }

    @Override
    public void updateLocator(List<MemcachedNode> nodes) {
      ketama.updateLocator(nodes);
      onlyNode = onlyNode(ketama);
    }

    private static MemcachedNode onlyNode(NodeLocator ring) {
      Collection<MemcachedNode> all = ring.getAll();
      return all.size() == 1 ? all.iterator().next() : null;
    }
  }
}
