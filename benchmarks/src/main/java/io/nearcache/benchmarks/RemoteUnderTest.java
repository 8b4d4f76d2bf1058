package io.nearcache.benchmarks;

/**
 * One way of reading values from memcached, as {@link RemoteGetBenchmark} drives it.
 *
 * <p>Each benchmark thread reads through its own {@link Reader}: a client that is shared between
 * threads hands every thread the same object, a client that is one connection per thread (the
 * bare text-protocol floor) hands each thread its own.
 */
interface RemoteUnderTest extends AutoCloseable {

  /** Stores {@code value} under key number {@code key}; used only to preload, never timed. */
  void put(Integer key, String value);

  /** A reader for one benchmark thread; closed with this object. */
  Reader reader();

  /** Closes every reader and connection. */
  @Override
  void close();

  /** Reads for one thread. */
  interface Reader {
    /**
     * Returns the value of key number {@code key}, or null on a miss. The key is the trace's own
     * instance (see {@link AccessTrace}), so passing it on to a JCache boxes nothing.
     */
    String get(Integer key);
  }
}
