package io.nearcache.jcache;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.codec.ValueCodec;
import io.nearcache.jcache.coherence.HybridLogicalClock;
import io.nearcache.jcache.config.CacheSettings;
import io.nearcache.jcache.config.RemoteSettings;
import io.nearcache.jcache.config.Topology;
import io.nearcache.jcache.near.NearStore;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.remote.routing.ZoneRouter;
import io.nearcache.jcache.stats.RemoteCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The memcached side of one CacheManager: a client per zone, the router over them and the version
 * clock. Its caches share the connections; each cache gets its own {@link TwoTierStore}.
 */
public final class RemoteTier implements AutoCloseable {
  /** The namespace every memcached key starts with. */
  public static final String NAMESPACE = "nc";

  private final Topology topology;
  private final ZoneRouter router;
  private final HybridLogicalClock clock;

  private RemoteTier(Topology topology, ZoneRouter router) {
    this.topology = requireNonNull(topology);
    this.router = requireNonNull(router);
    this.clock = new HybridLogicalClock(System::currentTimeMillis);
  }

  /** Connects to every zone of the topology; nodes that are down are retried in the background. */
  public static RemoteTier connect(Topology topology, Duration timeout) {
    List<ZoneClient> zones = new ArrayList<>();
    try {
      for (Map.Entry<String, List<String>> zone : topology.zones().entrySet()) {
        List<NodeAddress> nodes = new ArrayList<>();
        zone.getValue().forEach(n -> nodes.add(NodeAddress.parse(n)));
        zones.add(new SpyZoneClient(zone.getKey(), nodes, timeout));
      }
    } catch (RuntimeException e) {
      zones.forEach(ZoneClient::close);
      throw e;
    }
    return new RemoteTier(
        topology, new ZoneRouter(zones, topology.localZone(), topology.primaryZone()));
  }

  /** The topology this tier connects to. */
  public Topology topology() {
    return topology;
  }

  /** The zone router. */
  public ZoneRouter router() {
    return router;
  }

  /** Creates the two-tier store of one cache over its near tier. */
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
    return new TwoTierStore<>(
        cacheName,
        near,
        router,
        settings,
        new KeyEncoder(NAMESPACE, cacheName, codec),
        codec,
        codec,
        new EnvelopeCodec(
            cacheName,
            EnvelopeCodec.DEFAULT_COMPRESSION_THRESHOLD,
            (int) Math.min(Integer.MAX_VALUE, settings.maxItemSize()),
            EnvelopeCodec.DEFAULT_MAX_PAYLOAD_BYTES),
        clock,
        new RemoteCounters(),
        keyType,
        valueType,
        capNanos,
        storeByReference,
        cacheSettings.nearEnabled());
  }

  @Override
  public void close() {
    router.close();
  }
}
