package io.nearcache.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the JDK's hash maps the call-site profile they have in any application before a benchmark
 * measures a cache built on them.
 *
 * <p>Caffeine keeps its entries in a {@link ConcurrentHashMap}. The JIT compiles {@code
 * ConcurrentHashMap.get} once for the whole JVM and inlines the key's {@code hashCode} and {@code
 * equals} only while that shared code has seen a single key class. A fork that runs nothing but
 * plain Caffeine over {@code Integer} keys is such a JVM; a fork that also started a JCache
 * provider, which keeps its own maps keyed by strings, is not, and neither is any service that
 * uses a framework. The suite runs the near-hit target's configuration both ways in one run, so
 * the report shows what this profile is worth to each implementation.
 *
 * <p>{@link NearHitBenchmark} runs this in every fork of every implementation by default ({@code
 * -p jitProfile=application}); {@code -p jitProfile=pristine} skips it.
 */
final class SharedCodeProfile {
  private static final int ROUNDS = 200_000;

  private SharedCodeProfile() {}

  /**
   * Reads and writes JDK hash maps with keys of several classes, as an application's libraries
   * do, until the JIT has profiled those call sites as shared by many key classes.
   *
   * @return a count derived from the reads, so that none is optimised away
   */
  static long warmUp() {
    Object[] keys = {
      "key", 1L, 'k', UUID.nameUUIDFromBytes(new byte[] {1}), List.of(1), 2.0d, 3, (short) 4
    };
    Map<Object, Object> concurrent = new ConcurrentHashMap<>();
    Map<Object, Object> plain = new HashMap<>();
    for (Object key : keys) {
      concurrent.put(key, key);
      plain.put(key, key);
    }
    long found = 0;
    for (int i = 0; i < ROUNDS; i++) {
      Object key = keys[i % keys.length];
      if (concurrent.get(key) != null) {
        found++;
      }
      if (plain.get(key) != null) {
        found++;
      }
    }
    return found;
  }
}
