package io.nearcache.jcache.remote.topology;

/**
 * Where a CacheManager learns its memcached node lists at run time. The remote tier asks {@link
 * #load()} every {@code nearcache.topology.refresh-interval} and applies what changed: zones whose
 * list changed get a new ring; the others are untouched.
 *
 * <p>Built in: the static configuration ({@code nearcache.topology.source=static}, the default)
 * and a watched properties file ({@code file:<path>}, see {@link FileServerListSource}). A service
 * registry (Consul, ZooKeeper, Eureka, a Kubernetes endpoints watch, ...) plugs in as a public
 * class implementing this interface with a public no-argument constructor, named by {@code
 * nearcache.topology.source=<class name>}: it keeps the registry's latest answer (typically from
 * its own watch thread) and returns it from {@code load()}, which must not block for long.
 *
 * <p>A list is rejected, with a warning naming the zone and the reason, and the last good list
 * stays, when {@code load()} throws, a pool or zone the configuration has is missing or empty, or
 * an added node cannot be set up. Pools and zones are fixed at start-up; only their nodes change.
 */
public interface ServerListSource extends AutoCloseable {
  /**
   * The lists now.
   *
   * @throws Exception when the lists cannot be read; the last good lists stay
   */
  ServerList load() throws Exception;

  /** Releases what the source holds (watch threads, connections); nothing by default. */
  @Override
  default void close() {}
}
