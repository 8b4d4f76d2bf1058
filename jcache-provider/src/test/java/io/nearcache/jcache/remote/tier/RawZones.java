package io.nearcache.jcache.remote.tier;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.RemoteTier;
import io.nearcache.jcache.codec.Envelope;
import io.nearcache.jcache.codec.EnvelopeCodec;
import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.SerializationCodec;
import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.SpyZoneClient;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.testsupport.MemcachedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every zone of a test cluster seen raw, as an operator's tools see memcached: one client per zone,
 * and the provider's own key and envelope codecs to name and read what the caches stored. Every
 * call waits at most 5 seconds.
 */
final class RawZones implements AutoCloseable {
  private static final long WAIT_SECONDS = 5;

  private final Map<String, SpyZoneClient> clients = new LinkedHashMap<>();

  /** Connects to every zone of the cluster. */
  RawZones(MemcachedCluster cluster) {
    try {
      for (String zone : cluster.zones()) {
        List<NodeAddress> nodes = new ArrayList<>();
        cluster.nodes(zone).forEach(n -> nodes.add(NodeAddress.parse(n)));
        clients.put(zone, new SpyZoneClient(zone, nodes, Duration.ofSeconds(2)));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The zone names in order. */
  List<String> zones() {
    return List.copyOf(clients.keySet());
  }

  /** The client of one zone. */
  ZoneClient zone(String zone) {
    return requireNonNull(clients.get(zone), () -> "no zone " + zone);
  }

  /** The raw bytes under a memcached key in one zone, or null on a miss. */
  byte[] get(String zone, String memcachedKey) {
    return await(zone(zone).get(memcachedKey));
  }

  /** The envelope under a memcached key in one zone, or null on a miss. */
  Envelope envelope(String zone, String memcachedKey) {
    byte[] bytes = get(zone, memcachedKey);
    return bytes == null ? null : new EnvelopeCodec("raw").decode(bytes);
  }

  /** Stores raw bytes under a memcached key in one zone, with no expiry. */
  void set(String zone, String memcachedKey, byte[] bytes) {
    await(zone(zone).set(memcachedKey, 0, bytes));
  }

  /** Deletes a memcached key in one zone; true when it was there. */
  boolean delete(String zone, String memcachedKey) {
    return await(zone(zone).delete(memcachedKey));
  }

  /**
   * Deletes a key's copy from one zone once the zone holds it: a write acknowledged by every zone
   * may still reach a zone later, by replay, when that zone's acknowledgement came too late (a
   * saturated machine); a test that removes the copy to set up a fallback waits for it first.
   */
  void deleteCopy(String zone, String memcachedKey) {
    Eventually.await(
        "zone " + zone + " holds " + memcachedKey, () -> get(zone, memcachedKey) != null);
    if (!delete(zone, memcachedKey)) {
      throw new AssertionError("zone " + zone + " lost " + memcachedKey + " before the delete");
    }
  }

  /** Every memcached key of one zone that starts with the prefix ({@code lru_crawler metadump}). */
  List<String> keys(String zone, String prefix) {
    return await(zone(zone).keys(prefix));
  }

  /**
   * The generation a cache now writes under, read from the first zone that holds its counter in
   * the default arbitration order (a, b, c, ...).
   */
  long generation(String cacheName) {
    for (String zone : clients.keySet()) {
      try {
        Long counter = generation(zone, cacheName);
        if (counter != null) {
          return counter;
        }
      } catch (AssertionError zoneDown) {
        // try the next zone
      }
    }
    throw new AssertionError("no zone holds the generation counter of cache " + cacheName);
  }

  /** The generation counter of a cache in one zone, or null when the zone has none. */
  Long generation(String zone, String cacheName) {
    byte[] counter = get(zone, encoder(cacheName).generationKey());
    return counter == null
        ? null
        : Long.parseLong(new String(counter, StandardCharsets.US_ASCII).trim());
  }

  /** The memcached key of a cache key in the cache's current generation. */
  String memcachedKey(String cacheName, Object key) {
    return memcachedKey(cacheName, key, generation(cacheName));
  }

  /** The memcached key of a cache key in a given generation. */
  String memcachedKey(String cacheName, Object key, long generation) {
    return encoder(cacheName).encode(key, generation).memcachedKey();
  }

  /** The prefix of every memcached key of one generation of a cache. */
  String prefix(String cacheName, long generation) {
    return encoder(cacheName).prefix(generation);
  }

  /** The prefix of every memcached key of a cache, whatever the generation. */
  String cachePrefix(String cacheName) {
    return encoder(cacheName).cachePrefix();
  }

  /** The value an envelope holds, decoded with the default allowlist. */
  static Object value(String cacheName, Envelope envelope) {
    return SerializationCodec.withDefaults(cacheName, RawZones.class.getClassLoader())
        .decode(envelope.payload());
  }

  private static KeyEncoder encoder(String cacheName) {
    return new KeyEncoder(
        RemoteTier.NAMESPACE,
        cacheName,
        SerializationCodec.withDefaults(cacheName, RawZones.class.getClassLoader()));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("raw memcached operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("raw memcached operation took over " + WAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    clients.values().forEach(ZoneClient::close);
  }
}
