package io.nearcache.benchmarks;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.KeyEncoder;
import io.nearcache.jcache.codec.SerializationCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.MemcachedClient;

/**
 * The ways {@link RemoteGetBenchmark} reads from memcached with one call at a time per thread, by
 * their JMH parameter name.
 *
 * <p>The bare client and spymemcached read the same items: {@link #memcachedKey} keys holding the
 * value's UTF-8 bytes with flags 0, which is how spymemcached's default transcoder stores and
 * reads a String. nearcache stores the same key and value in its own format: its key encoder's
 * key, and an envelope (fixed fields, varint lengths, tagged payload; no canonical key under a
 * readable key) 21 bytes larger than the
 * value. Every implementation hands back a String equal to the value that was stored.
 */
enum RemoteImplementation {

  /** The floor: a blocking socket per thread, requests prepared in advance. */
  RAW_SOCKET("raw-socket") {
    @Override
    RemoteUnderTest open(String host, int port, int size) {
      return new RawSocketUnderTest(host, port, size);
    }
  },

  /** Stock spymemcached, default connection factory, its blocking {@code get}. */
  SPYMEMCACHED_SYNC("spymemcached-sync") {
    @Override
    RemoteUnderTest open(String host, int port, int size) {
      return new SpymemcachedUnderTest(stockClient(host, port), size);
    }
  },

  /** nearcache with the near tier off: every {@code Cache.get} goes to memcached. */
  NEARCACHE("nearcache") {
    @Override
    RemoteUnderTest open(String host, int port, int size) {
      return new NearcacheUnderTest(host, port);
    }
  };

  /** The nearcache cache behind an implementation that {@link #NEARCACHE} opened. */
  @SuppressWarnings("unchecked")
  static io.nearcache.jcache.NearCache<Integer, String> nearCache(RemoteUnderTest opened) {
    return ((NearcacheUnderTest) opened).cache.unwrap(io.nearcache.jcache.NearCache.class);
  }

  /** The JCache cache nearcache reads from. */
  static final String CACHE_NAME = "remote-get-benchmark";

  /** How long the bare client and the benchmark's own checks wait for memcached. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String parameterName;

  RemoteImplementation(String parameterName) {
    this.parameterName = parameterName;
  }

  /** Connects to the memcached node; {@code size} keys, {@code 0..size-1}, will be read. */
  abstract RemoteUnderTest open(String host, int port, int size);

  /** Parses a JMH parameter value such as {@code spymemcached-sync}. */
  static RemoteImplementation fromParameter(String name) {
    for (RemoteImplementation implementation : values()) {
      if (implementation.parameterName.equals(name)) {
        return implementation;
      }
    }
    throw new IllegalArgumentException(
        "Unknown implementation '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(implementation -> implementation.parameterName)
                .collect(Collectors.joining(", ")));
  }

  /**
   * The memcached keys under which nearcache's cache {@code cacheName} stores the Integer keys
   * {@code 0..size-1}, encoded by nearcache's own {@link KeyEncoder} in the generation read through
   * {@code client} from the cache's generation counter (created with the cache).
   */
  static String[] nearcacheKeys(MemcachedClient client, String cacheName, int size) {
    KeyEncoder encoder =
        new KeyEncoder(
            cacheName,
            new SerializationCodec(
                cacheName, KeyEncoder.class.getClassLoader(), SerializationCodec.DEFAULT_ALLOWLIST));
    Object generation = client.get(encoder.generationKey());
    if (generation == null) {
      throw new IllegalStateException("nearcache left no generation counter for cache " + cacheName);
    }
    long current = Long.parseLong(generation.toString().trim());
    String[] keys = new String[size];
    for (int key = 0; key < size; key++) {
      keys[key] = encoder.encode(key, current).memcachedKey();
    }
    return keys;
  }

  /** The memcached key of key number {@code key} for the bare client and spymemcached. */
  static String memcachedKey(int key) {
    return "remote-get:" + key;
  }

  /**
   * spymemcached as it comes: {@link DefaultConnectionFactory} (text protocol, its default
   * transcoder, operation timeout and queues), no tuning.
   */
  static MemcachedClient stockClient(String host, int port) {
    try {
      return new MemcachedClient(
          new DefaultConnectionFactory(), List.of(new InetSocketAddress(host, port)));
    } catch (IOException e) {
      throw new UncheckedIOException("spymemcached cannot connect to " + host + ":" + port, e);
    }
  }

  /** The bare text-protocol client, one connection per reader. */
  private static final class RawSocketUnderTest implements RemoteUnderTest {
    private final String host;
    private final int port;
    private final String[] keys;
    private final byte[][] requests;
    private final List<TextProtocolConnection> connections = new ArrayList<>();
    private TextProtocolConnection preloader;

    RawSocketUnderTest(String host, int port, int size) {
      this.host = requireNonNull(host);
      this.port = port;
      this.keys = new String[size];
      this.requests = new byte[size][];
      for (int i = 0; i < size; i++) {
        keys[i] = memcachedKey(i);
        requests[i] = TextProtocolConnection.getRequest(keys[i]);
      }
    }

    @Override
    public synchronized void put(Integer key, String value) {
      if (preloader == null) {
        preloader = open();
      }
      preloader.set(keys[key], value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized Reader reader() {
      TextProtocolConnection connection = open();
      return key -> connection.get(requests[key]);
    }

    private TextProtocolConnection open() {
      TextProtocolConnection connection = new TextProtocolConnection(host, port, TIMEOUT);
      connections.add(connection);
      return connection;
    }

    @Override
    public synchronized void close() {
      connections.forEach(TextProtocolConnection::close);
    }
  }

  /** A spymemcached client shared by every thread, read with its blocking {@code get}. */
  private static final class SpymemcachedUnderTest implements RemoteUnderTest {
    private final MemcachedClient client;
    private final String[] keys;

    SpymemcachedUnderTest(MemcachedClient client, int size) {
      this.client = requireNonNull(client);
      this.keys = new String[size];
      Arrays.setAll(keys, RemoteImplementation::memcachedKey);
    }

    @Override
    public void put(Integer key, String value) {
      try {
        if (!client.set(keys[key], 0, value).get()) {
          throw new IllegalStateException("spymemcached could not store " + keys[key]);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while preloading", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("spymemcached could not store " + keys[key], e);
      }
    }

    @Override
    public Reader reader() {
      return key -> (String) client.get(keys[key]);
    }

    @Override
    public void close() {
      client.shutdown();
    }
  }

  /**
   * nearcache as an application would configure it for remote-only reads: one zone of one node,
   * near tier off; statistics and management off and store-by-reference, as in {@link
   * NearHitBenchmark}, so a get does only what every remote get must do.
   */
  private static final class NearcacheUnderTest implements RemoteUnderTest {
    private final CacheManager manager;
    private final Cache<Integer, String> cache;

    NearcacheUnderTest(String host, int port) {
      CachingProvider provider = Caching.getCachingProvider(Implementation.NEARCACHE_PROVIDER);
      var properties = new Properties();
      properties.setProperty("nearcache.zones.a", host + ":" + port);
      properties.setProperty("nearcache.local-zone", "a");
      properties.setProperty("nearcache.near.enabled", "false");
      properties.setProperty("nearcache.remote.timeout", LocalMemcached.REMOTE_TIMEOUT);
      manager =
          provider.getCacheManager(
              provider.getDefaultURI(), provider.getDefaultClassLoader(), properties);
      cache =
          manager.createCache(
              CACHE_NAME,
              new MutableConfiguration<Integer, String>()
                  .setTypes(Integer.class, String.class)
                  .setStoreByValue(false)
                  .setStatisticsEnabled(false)
                  .setManagementEnabled(false));
    }

    @Override
    public void put(Integer key, String value) {
      cache.put(key, value);
    }

    @Override
    public Reader reader() {
      return cache::get;
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
