package io.nearcache.benchmarks;

import static java.util.Objects.requireNonNull;

import io.nearcache.testsupport.ZipfSampler;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The keys, values and precomputed read sequence of one benchmark trial.
 *
 * <p>Everything is derived from a fixed seed, so every implementation, fork and run sees the same
 * key set, the same values and the same order of reads. The key and value objects are created once:
 * the hot loop only indexes an array of those same {@link Integer} instances, so it neither boxes,
 * allocates nor draws random numbers.
 */
final class AccessTrace {

  /** Number of reads in the trace; a power of two so a cursor wraps with a mask. */
  static final int LENGTH = 1 << 20;

  /** Mask that wraps any int position into the trace. */
  static final int MASK = LENGTH - 1;

  /** Skew of the Zipf distribution: close to 1, the usual model of web and key-value traffic. */
  static final double ZIPF_EXPONENT = 0.99;

  /** Seed of every random choice, so traces are identical across runs. */
  static final long SEED = 0x6E65_6172_6361_6368L;

  /** Length of every value in bytes (ASCII, so a compact String holds one byte per char). */
  static final int VALUE_LENGTH = 100;

  /** How reads are spread over the keys. */
  enum Distribution {
    /** A few hot keys take most reads. */
    ZIPF,
    /** Every key is equally likely. */
    UNIFORM;

    /** Parses a JMH parameter value such as {@code zipf}. */
    static Distribution fromParameter(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown distribution '" + name + "'; expected one of zipf, uniform", e);
      }
    }
  }

  private final Distribution distribution;
  private final Integer[] keys;
  private final String[] values;
  private final Integer[] reads;

  private AccessTrace(Distribution distribution, Integer[] keys, String[] values, Integer[] reads) {
    this.distribution = requireNonNull(distribution);
    this.keys = requireNonNull(keys);
    this.values = requireNonNull(values);
    this.reads = requireNonNull(reads);
  }

  /**
   * Builds the trace for {@code size} keys, {@code 0..size-1}.
   *
   * <p>Zipf ranks are mapped to keys through a seeded shuffle. Otherwise the hottest keys would be
   * the smallest integers: adjacent in every hash table (an Integer hashes to itself) and allocated
   * next to each other, which would flatter every implementation with a locality real keys lack.
   */
  static AccessTrace generate(int size, Distribution distribution) {
    if (size < 1) {
      throw new IllegalArgumentException("A trace needs at least one key, not " + size);
    }
    var random = new SplittableRandom(SEED);
    var keys = new Integer[size];
    var values = new String[size];
    for (int i = 0; i < size; i++) {
      keys[i] = i; // boxed once here; the trace holds references to these instances
      values[i] = valueFor(i);
    }
    int[] keyOfRank = shuffledIdentity(size, random);
    var reads = new Integer[LENGTH];
    switch (distribution) {
      case ZIPF -> {
        var zipf = new ZipfSampler(size, ZIPF_EXPONENT);
        for (int i = 0; i < LENGTH; i++) {
          reads[i] = keys[keyOfRank[zipf.rank(random.nextDouble())]];
        }
      }
      case UNIFORM -> {
        for (int i = 0; i < LENGTH; i++) {
          reads[i] = keys[keyOfRank[random.nextInt(size)]];
        }
      }
      default -> throw new AssertionError(distribution);
    }
    return new AccessTrace(distribution, keys, values, reads);
  }

  /** Returns the number of keys. */
  int size() {
    return keys.length;
  }

  /** Returns key number {@code index}, the instance the trace reads. */
  Integer key(int index) {
    return keys[index];
  }

  /** Returns the value stored under key number {@code index}. */
  String value(int index) {
    return values[index];
  }

  /**
   * Returns the read sequence itself, for the per-thread cursors. Callers must not modify it: it is
   * shared, and copying it per thread would cost 4 MiB of cache footprint each.
   */
  Integer[] reads() {
    return reads;
  }

  /** Describes the trace in one line, so a run's log shows what was measured. */
  String describe() {
    int[] hits = new int[keys.length];
    for (Integer key : reads) {
      hits[key]++;
    }
    int distinct = 0;
    int hottest = 0;
    for (int count : hits) {
      distinct += count > 0 ? 1 : 0;
      hottest = Math.max(hottest, count);
    }
    String shape =
        distribution == Distribution.ZIPF
            ? String.format(
                Locale.ROOT,
                "zipf(s=%.2f): hottest key %.2f%% of reads (expected %.2f%%)",
                ZIPF_EXPONENT,
                100.0 * hottest / LENGTH,
                100.0 * new ZipfSampler(keys.length, ZIPF_EXPONENT).probability(0))
            : String.format(
                Locale.ROOT, "uniform: hottest key %.4f%% of reads", 100.0 * hottest / LENGTH);
    return String.format(
        Locale.ROOT,
        "trace: %d reads over %d keys, %d distinct keys read; %s",
        LENGTH,
        keys.length,
        distinct,
        shape);
  }

  private static String valueFor(int key) {
    var value = new StringBuilder(VALUE_LENGTH).append("value-").append(key).append('-');
    while (value.length() < VALUE_LENGTH) {
      value.append((char) ('a' + value.length() % 26));
    }
    return value.toString();
  }

  private static int[] shuffledIdentity(int size, SplittableRandom random) {
    int[] permutation = new int[size];
    Arrays.setAll(permutation, i -> i);
    for (int i = size - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    return permutation;
  }
}
