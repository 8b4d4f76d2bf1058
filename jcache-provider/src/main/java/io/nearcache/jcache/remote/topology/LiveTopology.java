package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.remote.NodeAddress;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node lists of one CacheManager kept up to date: asks a {@link ServerListSource} every refresh
 * interval, on a thread of its own (connecting an added node may take the connect timeout), and
 * applies each pool's and zone's list to its {@link DynamicZoneClient}.
 */
public final class LiveTopology implements AutoCloseable {
  private static final Logger LOG = System.getLogger(LiveTopology.class.getName());

  private final ServerListSource source;
  private final Duration refreshInterval;
  private final Duration migrationWindow;
  private final boolean prewarm;
  private final TopologyMetrics metrics = new TopologyMetrics();
  private final Map<String, Map<String, DynamicZoneClient>> zones = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ScheduledExecutorService refresher;
  /** The problems the last refresh logged; logged again only once they went away and came back. */
  private Set<String> reported = Set.of();

  /** A topology fed by {@code source}; call {@link #zone} for each zone, then {@link #start}. */
  public LiveTopology(
      ServerListSource source, Duration refreshInterval, Duration migrationWindow, boolean prewarm) {
    this.source = requireNonNull(source, "source");
    this.refreshInterval = requireNonNull(refreshInterval, "refreshInterval");
    this.migrationWindow = requireNonNull(migrationWindow, "migrationWindow");
    this.prewarm = prewarm;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "nearcache-topology");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The source a {@code nearcache.topology.source} value names: {@code file:<path>} or the name of
   * a public {@link ServerListSource} class with a public no-argument constructor.
   *
   * @throws NearcacheConfigurationException naming the key when the class cannot be used
   */
  public static ServerListSource source(String value, ClassLoader classLoader) {
    if (value.startsWith("file:")) {
      return new FileServerListSource(Path.of(value.substring("file:".length())));
    }
    try {
      Class<?> type = Class.forName(value, true, classLoader);
      return (ServerListSource) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new NearcacheConfigurationException(
          "nearcache.topology.source="
              + value
              + " cannot be used: it must be static, file:<path>, or name a public class"
              + " implementing "
              + ServerListSource.class.getName()
              + " with a public no-argument constructor ("
              + e
              + ")",
          e);
    }
  }

  /** Creates the live client of one zone of one pool, with its configured first list. */
  public DynamicZoneClient zone(
      String pool,
      String zone,
      List<NodeAddress> nodes,
      Map<NodeAddress, Integer> weights,
      DynamicZoneClient.NodeConnector connector) {
    DynamicZoneClient client =
        new DynamicZoneClient(
            zone,
            nodes,
            weights,
            connector,
            migrationWindow,
            // Every JVM learns a change within one refresh interval; twice that leaves a margin.
            refreshInterval.multipliedBy(2),
            prewarm,
            metrics,
            System::nanoTime);
    zones.computeIfAbsent(pool, p -> new ConcurrentHashMap<>()).put(zone, client);
    return client;
  }

  /** Applies the source's lists now, then every refresh interval. */
  public void start() {
    refresh();
    long every = Math.max(1, refreshInterval.toMillis());
    refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks the source and applies every zone's list; a list that cannot be read or applied is logged
   * and the zone keeps its last good list. Pools and zones are fixed at start-up: a list naming one
   * the configuration does not have is logged and that part is ignored. A problem is logged (and
   * counted as a rejection) when it appears, not again on every refresh while it lasts.
   */
  public synchronized void refresh() {
    Set<String> problems = new LinkedHashSet<>();
    try {
      apply(source.load(), problems);
    } catch (Exception e) {
      problems.add(
          "memcached server lists from "
              + source
              + " cannot be read; the last good lists stay: "
              + e.getMessage());
    }
    for (String problem : problems) {
      if (!reported.contains(problem)) {
        metrics.rejected();
        LOG.log(Level.WARNING, problem);
      }
    }
    reported = problems;
  }

  private void apply(ServerList lists, Set<String> problems) {
    lists.pools().forEach(
        (pool, listed) ->
            listed.keySet().stream()
                .filter(zone -> !zones.getOrDefault(pool, Map.of()).containsKey(zone))
                .forEach(
                    zone ->
                        problems.add(
                            "memcached server list from "
                                + source
                                + " names zone "
                                + zone
                                + " of pool "
                                + pool
                                + ", which the configuration does not have; pools and zones are"
                                + " fixed at start-up, so it is ignored (add it to the"
                                + " configuration and restart to use it)")));
    zones.forEach(
        (pool, clients) ->
            clients.forEach(
                (zone, client) -> {
                  List<NodeAddress> nodes = lists.zones(pool).get(zone);
                  if (nodes == null) {
                    problems.add(
                        "memcached server list from "
                            + source
                            + " has no nodes for zone "
                            + zone
                            + " of pool "
                            + pool
                            + "; the zone keeps its last good list "
                            + client.nodes());
                    return;
                  }
                  try {
                    if (client.apply(nodes, lists.weights(pool, zone))) {
                      listeners.forEach(Runnable::run);
                    }
                  } catch (RuntimeException e) {
                    problems.add(
                        "memcached server list "
                            + nodes
                            + " for zone "
                            + zone
                            + " of pool "
                            + pool
                            + " from "
                            + source
                            + " is rejected, the zone keeps its last good list "
                            + client.nodes()
                            + ": "
                            + e.getMessage());
                  }
                }));
  }

  /** Runs {@code listener} after each change of a zone's node list, on the refresh thread. */
  public void onChange(Runnable listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Stops running a listener given to {@link #onChange}. */
  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** How often the source is asked: the longest two JVMs may disagree on a node list. */
  public Duration refreshInterval() {
    return refreshInterval;
  }

  /** Counters of the changes applied. */
  public TopologyMetrics metrics() {
    return metrics;
  }

  /** Stops asking the source and closes it; the zone clients are closed by their owner. */
  @Override
  public void close() {
    refresher.shutdownNow();
    source.close();
  }
}
