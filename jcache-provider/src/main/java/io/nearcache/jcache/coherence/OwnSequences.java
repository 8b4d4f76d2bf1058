package io.nearcache.jcache.coherence;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal sequence numbers this JVM took itself, per zone and partition, so that its poller
 * neither fetches its own records nor mistakes a burst of its own writes (a bulk load) for lost
 * records: without them, a JVM writing more records per partition between two polls than a poll
 * fetches dropped its near copies of that partition at every poll.
 *
 * <p>Numbers are kept as runs of consecutive numbers, so a burst from one JVM costs one entry
 * however long it is; numbers taken by other JVMs in between split runs. At most {@value #LIMIT}
 * runs are kept per zone and partition, the oldest forgotten first (a forgotten number is fetched
 * and read like anyone's record, as before). The poller forgets what it has passed in the zone it
 * reads.
 */
final class OwnSequences {
  static final int LIMIT = 4096;

  /** One zone's and partition's runs: first number to last number, both included. */
  private static final class Runs {
    private final TreeMap<Long, Long> runs = new TreeMap<>();

    synchronized void add(long sequence) {
      Map.Entry<Long, Long> before = runs.floorEntry(sequence);
      if (before != null && before.getValue() >= sequence) {
        return;
      }
      long first = sequence;
      long last = sequence;
      if (before != null && before.getValue() == sequence - 1) {
        first = before.getKey();
      }
      Long nextLast = runs.remove(sequence + 1);
      if (nextLast != null) {
        last = nextLast;
      }
      runs.put(first, last);
      if (runs.size() > LIMIT) {
        runs.pollFirstEntry();
      }
    }

    synchronized boolean contains(long sequence) {
      Map.Entry<Long, Long> run = runs.floorEntry(sequence);
      return run != null && run.getValue() >= sequence;
    }

    /**
     * The numbers after {@code after}, up to {@code through}, that this JVM did not take, in
     * order; null when there are more than {@code limit}.
     */
    synchronized long[] others(long after, long through, int limit) {
      long[] others = new long[16];
      int count = 0;
      long s = after + 1;
      while (s <= through) {
        Map.Entry<Long, Long> run = runs.floorEntry(s);
        if (run != null && run.getValue() >= s) {
          s = run.getValue() + 1;
          continue;
        }
        Long nextOwn = runs.ceilingKey(s);
        long end = nextOwn == null ? through : Math.min(through, nextOwn - 1);
        if (count + (end - s + 1) > limit) {
          return null;
        }
        for (; s <= end; s++) {
          if (count == others.length) {
            others = java.util.Arrays.copyOf(others, count * 2);
          }
          others[count++] = s;
        }
      }
      return java.util.Arrays.copyOf(others, count);
    }

    synchronized void forgetThrough(long through) {
      while (!runs.isEmpty() && runs.firstKey() <= through) {
        Map.Entry<Long, Long> first = runs.pollFirstEntry();
        if (first.getValue() > through) {
          runs.put(through + 1, first.getValue());
        }
      }
    }
  }

  private final int partitions;
  private final Map<String, Runs[]> zones = new ConcurrentHashMap<>();

  OwnSequences(int partitions) {
    this.partitions = partitions;
  }

  private Runs runs(String zone, int partition) {
    return zones.computeIfAbsent(
        zone,
        z -> {
          Runs[] all = new Runs[partitions];
          for (int p = 0; p < partitions; p++) {
            all[p] = new Runs();
          }
          return all;
        })[partition];
  }

  /** Remembers that this JVM took {@code sequence} of the partition in the zone. */
  void add(String zone, int partition, long sequence) {
    runs(zone, partition).add(sequence);
  }

  /** Whether this JVM took {@code sequence} of the partition in the zone. */
  boolean contains(String zone, int partition, long sequence) {
    return runs(zone, partition).contains(sequence);
  }

  /**
   * The numbers after {@code after}, up to {@code through}, that this JVM did not take (so that
   * other JVMs did), in order; null when there are more than {@code limit}.
   */
  long[] others(String zone, int partition, long after, long through, int limit) {
    return runs(zone, partition).others(after, through, limit);
  }

  /** Forgets the numbers up to {@code through}: the poller has passed them. */
  void forgetThrough(String zone, int partition, long through) {
    runs(zone, partition).forgetThrough(through);
  }
}
