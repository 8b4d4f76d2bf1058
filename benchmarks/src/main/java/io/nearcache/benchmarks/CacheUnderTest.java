package io.nearcache.benchmarks;

/**
 * The two operations a benchmark needs from a cache implementation, behind one small interface.
 *
 * <p>The hot loop calls {@link #get} through this interface. That costs nothing: every JMH fork
 * creates exactly one implementation, so the call site stays monomorphic and is inlined. (This is
 * one reason the benchmarks must run forked; with {@code -f 0} several implementations would share
 * one JVM and pollute each other's profiles.)
 *
 * <p>There is deliberately no {@code close}: JMH runs a trial's teardown inside its last measured
 * iteration (outside the timed loop, but inside {@code -prof gc}'s window), and closing a cache of
 * a million entries allocates enough to show up as bytes per read. Each fork's JVM ends with its
 * trial and drops the cache with it.
 */
interface CacheUnderTest {

  /** Stores a value; used only to preload, never timed. */
  void put(Integer key, String value);

  /** Stores several values at once; used only to preload, never timed. */
  default void putAll(java.util.Map<Integer, String> entries) {
    entries.forEach(this::put);
  }

  /** Returns the value for {@code key}, or null if it is absent. */
  String get(Integer key);
}
