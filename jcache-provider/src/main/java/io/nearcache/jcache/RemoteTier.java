package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.EntrySigner;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.codec.SigningKey;
import io.nearcache.jcache.codec.ValueCodec;
import io.nearcache.jcache.coherence.CoherenceMetrics;
import io.nearcache.jcache.coherence.HybridLogicalClock;
import io.nearcache.jcache.coherence.InvalidationTransport;
import io.nearcache.jcache.coherence.Journal;
import io.nearcache.jcache.coherence.JournalPoller;
import io.nearcache.jcache.coherence.NearInvalidator;
import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.config.NearcacheProperties;
import io.nearcache.jcache.config.RemoteSettings;
import io.nearcache.jcache.config.Topology;
import io.nearcache.jcache.near.NearStore;
import io.nearcache.jcache.remote.DaemonThreads;
import io.nearcache.jcache.remote.HandoffExecutor;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.RemoteAuthenticationException;
import io.nearcache.jcache.remote.SaslCredentials;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.TransportSettings;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.remote.routing.FailoverSettings;
import io.nearcache.jcache.remote.routing.FailoverZoneClient;
import io.nearcache.jcache.remote.routing.ZoneRouter;
import io.nearcache.jcache.remote.topology.LiveTopology;
import io.nearcache.jcache.remote.topology.ServerList;
import io.nearcache.jcache.remote.topology.TopologyMetrics;
import io.nearcache.jcache.config.SettingKey;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.Function;
import io.nearcache.jcache.stats.RemoteCounters;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The memcached side of one CacheManager: a client per zone, the router over them, the version
 * clock, and one scheduler thread that polls every cache's invalidation journal and replays
 * writes that missed a zone. Its caches share all of it; each cache gets its own {@link
 * TwoTierStore}.
 */
public final class RemoteTier implements AutoCloseable {
  /** The namespace every memcached key starts with. */
  public static final String NAMESPACE = "nc";

  private static final Logger LOG = System.getLogger(RemoteTier.class.getName());
  private static final long REPLAY_INTERVAL_MILLIS = 500;
  /** The name the gutter pool's client carries in logs and failures. */
  private static final String GUTTER_ZONE = "gutter";
  private static final TopologyMetrics STATIC_METRICS = new TopologyMetrics();

  private final Topology topology;
  private final Map<String, ZoneRouter> routers;
  private final ZoneRouter router;
  private final Function<String, String> poolOf;
  private final LiveTopology live;
  private final HybridLogicalClock clock;
  private final long originId;
  private final ScheduledExecutorService scheduler;
  private final HandoffExecutor completions;
  private final ThreadPoolExecutor stages;
  private final InvalidationTransport transport;
  private final SigningKey signingKey;
  private final Map<String, NearInvalidator> invalidators = new ConcurrentHashMap<>();
  private final ZoneClient gutter;

  private RemoteTier(
      Topology topology,
      Map<String, ZoneRouter> routers,
      Function<String, String> poolOf,
      LiveTopology live,
      InvalidationTransport transport,
      ZoneClient gutter,
      SigningKey signingKey) {
    this.topology = requireNonNull(topology);
    this.gutter = gutter;
    this.signingKey = signingKey;
    this.routers = Map.copyOf(routers);
    this.router = requireNonNull(routers.get(ServerList.DEFAULT_POOL));
    this.poolOf = requireNonNull(poolOf);
    this.live = live;
    this.clock = new HybridLogicalClock(System::currentTimeMillis);
    this.originId = new SecureRandom().nextLong();
    this.transport = transport;
    this.completions = completionPool();
    this.stages = stagePool();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "nearcache-coherence");
              thread.setDaemon(true);
              return thread;
            });
    if (transport != null) {
      transport.subscribe(
          (cacheName, canonicalKey, stamp) -> {
            NearInvalidator target = invalidators.get(cacheName);
            if (target != null) {
              target.invalidate(canonicalKey);
            }
          });
    }
  }

  /**
   * Connects to every zone of the topology, each zone's nodes watched for failures, and to the
   * gutter pool when one is configured; nodes that are down are retried in the background. With
   * {@code nearcache.remote.sasl.*} every connection, the gutter's too, authenticates with SASL;
   * with {@code nearcache.security.signing-key} every cache signs its entries.
   *
   * @throws NearcacheConfigurationException when a node refuses the SASL credentials
   */
  public static RemoteTier connect(
      Topology topology, NearcacheProperties config, ClassLoader classLoader) {
    SaslCredentials sasl =
        config.saslUsername() == null
            ? null
            : new SaslCredentials(config.saslUsername(), config.saslPassword());
    byte[] keyBytes = config.signingKey();
    SigningKey signingKey = keyBytes == null ? null : new SigningKey(keyBytes);
    Duration timeout = config.settingsFor("").remote().timeout();
    FailoverSettings failover =
        new FailoverSettings(
            config.failureThreshold(),
            config.probeInterval(),
            (int) Math.max(1, config.gutterTtl().toSeconds()),
            FailoverSettings.DEFAULTS.maxGutterKeys());
    TransportSettings transport = TransportSettings.of(timeout);
    List<ZoneClient> zones = new ArrayList<>();
    Map<String, ZoneRouter> routers = new LinkedHashMap<>();
    ZoneClient gutter = null;
    InvalidationTransport invalidations = null;
    LiveTopology live = null;
    ServerList lists = ServerList.parse(config.serverListProperties());
    String source = config.managerSetting(SettingKey.TOPOLOGY_SOURCE);
    try {
      if (!config.gutterServers().isEmpty()) {
        gutter =
            new SpyZoneClient(GUTTER_ZONE, addresses(config.gutterServers()), transport, sasl);
      }
      if (!"static".equals(source)) {
        live =
            new LiveTopology(
                LiveTopology.source(source, classLoader),
                config.topologyRefreshInterval(),
                config.migrationWindow(),
                config.prewarm());
      }
      for (Map.Entry<String, Map<String, List<NodeAddress>>> pool : lists.pools().entrySet()) {
        List<ZoneClient> poolZones = new ArrayList<>();
        for (Map.Entry<String, List<NodeAddress>> zone : pool.getValue().entrySet()) {
          Map<NodeAddress, Integer> weights = lists.weights(pool.getKey(), zone.getKey());
          // The static path keeps one spymemcached client per zone, exactly as without pools.
          ZoneClient client =
              live == null
                  ? new SpyZoneClient(zone.getKey(), zone.getValue(), weights, transport, sasl)
                  : live.zone(
                      pool.getKey(),
                      zone.getKey(),
                      zone.getValue(),
                      weights,
                      (name, node) -> new SpyZoneClient(name, List.of(node), transport, sasl));
          ZoneClient watched = new FailoverZoneClient(client, gutter, failover);
          zones.add(watched);
          poolZones.add(watched);
        }
        Set<String> names = pool.getValue().keySet();
        String local = names.contains(topology.localZone()) ? topology.localZone() : null;
        String primary = names.contains(topology.primaryZone()) ? topology.primaryZone() : null;
        String first = names.iterator().next();
        routers.put(
            pool.getKey(),
            new ZoneRouter(
                poolZones, local != null ? local : first, primary != null ? primary : first));
      }
      String transportClass = config.coherenceTransport();
      invalidations = transportClass == null ? null : instantiate(transportClass, classLoader);
      if (live != null) {
        live.start();
      }
    } catch (RuntimeException e) {
      if (live != null) {
        live.close();
      }
      zones.forEach(ZoneClient::close);
      if (gutter != null) {
        gutter.close();
      }
      if (e instanceof RemoteAuthenticationException) {
        throw new NearcacheConfigurationException(
            "nearcache cannot authenticate to memcached: " + e.getMessage(), e);
      }
      throw e;
    }
    return new RemoteTier(
        topology,
        routers,
        config::poolFor,
        live,
        invalidations,
        gutter,
        signingKey);
  }

  private static List<NodeAddress> addresses(List<String> nodes) {
    List<NodeAddress> addresses = new ArrayList<>();
    nodes.forEach(n -> addresses.add(NodeAddress.parse(n)));
    return addresses;
  }

  private static InvalidationTransport instantiate(String className, ClassLoader classLoader) {
    try {
      Class<?> type = Class.forName(className, true, classLoader);
      return (InvalidationTransport) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new NearcacheConfigurationException(
          "nearcache.coherence.transport="
              + className
              + " cannot be used: it must name a public class implementing "
              + InvalidationTransport.class.getName()
              + " with a public no-argument constructor ("
              + e
              + ")",
          e);
    }
  }

  /** The topology this tier connects to. */
  public Topology topology() {
    return topology;
  }

  /** The zone router of the default pool ({@code nearcache.zones.*}). */
  public ZoneRouter router() {
    return router;
  }

  /**
   * The zone router of a pool.
   *
   * @throws IllegalArgumentException when no such pool is configured
   */
  public ZoneRouter router(String pool) {
    ZoneRouter found = routers.get(requireNonNull(pool, "pool"));
    if (found == null) {
      throw new IllegalArgumentException(
          "No memcached pool " + pool + "; configured pools are " + routers.keySet());
    }
    return found;
  }

  /** The names of every pool, the default pool first. */
  public java.util.List<String> pools() {
    java.util.List<String> names = new java.util.ArrayList<>();
    names.add(ServerList.DEFAULT_POOL);
    routers.keySet().stream()
        .filter(pool -> !ServerList.DEFAULT_POOL.equals(pool))
        .sorted()
        .forEach(names::add);
    return names;
  }

  /** Server list changes and pre-warm copies; all zero with the static topology. */
  public TopologyMetrics topologyMetrics() {
    return live == null ? STATIC_METRICS : live.metrics();
  }

  /**
   * Asks the topology source for the node lists now and applies what changed, instead of waiting
   * for the next refresh; nothing with the static topology.
   */
  public void refreshTopology() {
    if (live != null) {
      live.refresh();
    }
  }

  /**
   * Creates the two-tier store of one cache over its near tier and starts its journal polling and
   * its replays.
   */
  <K, V> TwoTierStore<K, V> storeFor(
      String cacheName,
      NearStore<K, V> near,
      CacheSettings cacheSettings,
      ClassLoader classLoader,
      Class<K> keyType,
      Class<V> valueType,
      long capNanos,
      boolean storeByReference) {
    RemoteSettings settings = cacheSettings.remote();
    ValueCodec codec =
        new SerializationCodec(
            cacheName,
            classLoader,
            settings.serializationAllow() == null
                ? SerializationCodec.DEFAULT_ALLOWLIST
                : SerializationCodec.allowlist(settings.serializationAllow()));
    KeyEncoder keys = new KeyEncoder(NAMESPACE, cacheName, codec);
    RemoteCounters counters = new RemoteCounters();
    EntrySigner signer =
        signingKey == null
            ? null
            : new EntrySigner(cacheName, signingKey, counters::signatureFailure);
    ZoneRouter router = router(poolOf.apply(cacheName));
    Journal journal = new Journal(keys.cachePrefix(), settings.partitions(), originId, signer);
    TwoTierStore<K, V> store =
        new TwoTierStore<>(
            cacheName,
            near,
            router,
            settings,
            keys,
            codec,
            codec,
            new EnvelopeCodec(
                cacheName,
                EnvelopeCodec.DEFAULT_COMPRESSION_THRESHOLD,
                (int) Math.min(Integer.MAX_VALUE, settings.maxItemSize()),
                EnvelopeCodec.DEFAULT_MAX_PAYLOAD_BYTES,
                signer),
            clock,
            counters,
            keyType,
            valueType,
            capNanos,
            storeByReference,
            cacheSettings.nearEnabled(),
            journal,
            transport);
    List<ScheduledFuture<?>> tasks = new ArrayList<>();
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            guarded(cacheName, store::replayFailedReplications),
            REPLAY_INTERVAL_MILLIS,
            REPLAY_INTERVAL_MILLIS,
            TimeUnit.MILLISECONDS));
    NearInvalidator invalidator = store.invalidator();
    JournalPoller poller =
        new JournalPoller(
            journal,
            router.readOrder(),
            invalidator,
            new CoherenceMetrics(),
            keys.generationKey(),
            settings.timeout().toNanos());
    store.coherence(poller.metrics());
    if (cacheSettings.nearEnabled()) {
      poller.start();
      long interval = Math.max(1, settings.pollInterval().toMillis());
      tasks.add(
          scheduler.scheduleWithFixedDelay(
              guarded(cacheName, poller::poll), interval, interval, TimeUnit.MILLISECONDS));
      invalidators.put(cacheName, invalidator);
    }
    Runnable repairOnChange =
        () ->
            // Once the handoff is over (two periods of two refresh intervals) and a poll later.
            poller.topologyChanged(
                live.refreshInterval().multipliedBy(4).plus(settings.pollInterval()).toNanos());
    if (live != null && cacheSettings.nearEnabled()) {
      live.onChange(repairOnChange);
    }
    store.onClose(
        () -> {
          invalidators.remove(cacheName, invalidator);
          if (live != null) {
            live.removeListener(repairOnChange);
          }
          tasks.forEach(task -> task.cancel(false));
        });
    return store;
  }

  private static Runnable guarded(String cacheName, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "nearcache background task of cache " + cacheName + " failed", e);
      }
    };
  }

  /**
   * Runs nearcache's steps after a remote answer to an asynchronous read (decoding, filling the
   * near tier, completing the caller's future) for caches that set no executor of their own: never
   * a memcached I/O thread, whose stalls would hold every other answer up, and lanes of its own
   * rather than the common pool, which has a single worker on a two-core machine and then handed
   * over about a tenth of the answers per second in the pipelined get benchmark. See {@link
   * HandoffExecutor} for why not a {@code ThreadPoolExecutor}. Runs no caller code: see {@link
   * #stageExecutor()}.
   */
  public Executor completionExecutor() {
    return completions;
  }

  /**
   * Runs the stages callers attach to the futures of asynchronous reads, which may block: a pool
   * of daemon threads ({@code nearcache-stage-*}), one per core and at least two, idle ones
   * stopping after 30 seconds.
   */
  public Executor stageExecutor() {
    return stages;
  }

  /** One lane per two cores, at most four: a lane hands over about a million answers a second. */
  private static HandoffExecutor completionPool() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new HandoffExecutor("nearcache-completion", Math.max(1, Math.min(4, cores / 2)));
  }

  private static ThreadPoolExecutor stagePool() {
    return DaemonThreads.pool(
        "nearcache-stage", Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    completions.close();
    stages.shutdown();
    if (live != null) {
      live.close();
    }
    if (transport != null) {
      try {
        transport.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Failed to close the invalidation transport", e);
      }
    }
    routers.values().forEach(ZoneRouter::close);
    if (gutter != null) {
      gutter.close();
    }
  }
}
