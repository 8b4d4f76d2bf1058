package io.nearcache.jcache.coherence;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.ZoneClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one cache's invalidation journal and applies it to the near tier. Each poll reads every
 * partition counter and the generation of the first zone that answers (local zone first) in one
 * multi-get, then fetches the new records in a second multi-get and drops exactly the named keys.
 *
 * <p>It never guesses. Whenever invalidations may have been lost it drops every near copy that
 * could be stale:
 *
 * <ul>
 *   <li>a record that expired or was evicted before it was read (still missing one poll after
 *       its sequence number was taken), a counter that went backwards
 *       (a restart or {@code flush_all}), or a gap too large to fetch: that partition;
 *   <li>a poll that no zone answered, or a switch to another zone's journal (a JVM paused longer
 *       than the journal keeps records shows up as missing records): everything;
 *   <li>a generation that changed (another JVM cleared the cache): everything.
 * </ul>
 *
 * <p>Not thread-safe: one scheduler thread polls.
 */
public final class JournalPoller {
  private static final long ABSENT = Long.MIN_VALUE;
  private static final int MAX_FETCH_PER_PARTITION = 512;

  private final Journal journal;
  private final List<ZoneClient> readOrder;
  private final NearInvalidator target;
  private final CoherenceMetrics metrics;
  private final String generationKey;
  private final long timeoutNanos;
  private final List<String> pollKeys;
  private final long[] lastSeen;
  private final OwnSequences own;
  /** Per partition, the sequence whose record was missing at the last poll, else ABSENT. */
  private final long[] missingAt;
  private ZoneClient cursorZone;
  private boolean lost = true;
  /** Set by the topology thread: drop every near copy at the next poll. */
  private volatile boolean repairNow;
  /** When to drop every near copy once more after a node list change (nanoTime); 0 for never. */
  private volatile long repairAgainAt;

  /**
   * Creates a poller.
   *
   * @param readOrder the zones, local first
   * @param generationKey the memcached key of the cache's generation counter
   * @param timeoutNanos the wait for each multi-get
   */
  public JournalPoller(
      Journal journal,
      List<ZoneClient> readOrder,
      NearInvalidator target,
      CoherenceMetrics metrics,
      String generationKey,
      long timeoutNanos) {
    this.journal = requireNonNull(journal);
    this.readOrder = List.copyOf(readOrder);
    this.target = requireNonNull(target);
    this.metrics = requireNonNull(metrics);
    this.generationKey = requireNonNull(generationKey);
    this.timeoutNanos = timeoutNanos;
    List<String> keys = new ArrayList<>();
    for (int p = 0; p < journal.partitions(); p++) {
      keys.add(journal.counterKey(p));
    }
    keys.add(generationKey);
    this.pollKeys = List.copyOf(keys);
    this.own = journal.own();
    this.lastSeen = new long[journal.partitions()];
    Arrays.fill(lastSeen, ABSENT);
    this.missingAt = new long[journal.partitions()];
    Arrays.fill(missingAt, ABSENT);
  }

  /** The metrics this poller reports to. */
  public CoherenceMetrics metrics() {
    return metrics;
  }

  /**
   * Starts from the journal's current position without dropping anything: for a near tier that is
   * still empty, when the cache is created.
   */
  public void start() {
    for (ZoneClient zone : readOrder) {
      Map<String, byte[]> counters = read(zone, pollKeys);
      if (counters != null) {
        resync(zone, counters);
        return;
      }
    }
  }

  /**
   * A zone's node list changed. Until every JVM has the new list and has handed moved keys over
   * ({@code settleNanos}), JVMs may disagree on the node of a moved journal key: two may take the
   * same sequence number on two nodes, or write a record where a reader does not look, so an
   * invalidation can be lost. The handoff keeps them on one node, but a JVM whose list lags, or a
   * record written as its key is sealed, can still miss; the poller therefore drops every near
   * copy at its next poll, and once more when the handoff is over.
   */
  public void topologyChanged(long settleNanos) {
    repairAgainAt = (System.nanoTime() + settleNanos) | 1L;
    repairNow = true;
  }

  /** One poll; never throws. */
  public void poll() {
    metrics.poll();
    if (repairNow) {
      repairNow = false;
      lost = true;
    }
    long again = repairAgainAt;
    if (again != 0 && System.nanoTime() - again >= 0) {
      repairAgainAt = 0;
      lost = true;
    }
    for (ZoneClient zone : readOrder) {
      Map<String, byte[]> counters = read(zone, pollKeys);
      if (counters == null) {
        continue;
      }
      Long generation = number(counters.get(generationKey));
      if (generation != null && generation > target.generation()) {
        metrics.fullRepair(); // counted first, so whoever sees the effect sees the count
        target.generationChanged(generation);
        resync(zone, counters);
        return;
      }
      if (generation != null && generation < target.generation()) {
        // The zone missed a clear(): a generation never goes back, the zone is raised instead.
        target.generationBehind(zone, generation);
      }
      if (lost || zone != cursorZone) {
        metrics.fullRepair();
        target.invalidateAll();
        resync(zone, counters);
        return;
      }
      apply(zone, counters);
      return;
    }
    metrics.pollFailure();
    lost = true;
  }

  private void resync(ZoneClient zone, Map<String, byte[]> counters) {
    Arrays.fill(missingAt, ABSENT);
    for (int p = 0; p < lastSeen.length; p++) {
      Long seq = number(counters.get(journal.counterKey(p)));
      lastSeen[p] = seq == null ? ABSENT : seq;
      if (seq != null) {
        own.forgetThrough(zone.zone(), p, seq);
      }
    }
    cursorZone = zone;
    lost = false;
  }

  private void apply(ZoneClient zone, Map<String, byte[]> counters) {
    List<String> recordKeys = new ArrayList<>();
    long[] next = new long[lastSeen.length];
    long[][] others = new long[lastSeen.length][];
    boolean[] repair = new boolean[lastSeen.length];
    for (int p = 0; p < lastSeen.length; p++) {
      Long seq = number(counters.get(journal.counterKey(p)));
      long now = seq == null ? ABSENT : seq;
      next[p] = now;
      long last = lastSeen[p];
      if (now == last) {
        continue;
      }
      // This JVM's own records are passed by: it has nothing to drop for them.
      others[p] =
          now == ABSENT || last == ABSENT || now < last
              ? null
              : own.others(zone.zone(), p, last, now, MAX_FETCH_PER_PARTITION);
      if (others[p] == null) {
        // A counter that appeared, vanished, went backwards or jumped past what can be fetched:
        // records were lost.
        repair[p] = true;
        continue;
      }
      for (long s : others[p]) {
        recordKeys.add(journal.recordKey(p, s));
      }
    }
    Map<String, byte[]> records = recordKeys.isEmpty() ? Map.of() : read(zone, recordKeys);
    if (records == null) {
      metrics.pollFailure();
      lost = true;
      return;
    }
    long nowMillis = System.currentTimeMillis();
    for (int p = 0; p < lastSeen.length; p++) {
      long reached = next[p];
      if (!repair[p] && others[p] != null) {
        for (long s : others[p]) {
          Journal.Record record = journal.read(records.get(journal.recordKey(p, s)));
          if (record == null && missingAt[p] != s) {
            // A writer takes its sequence number before it writes the record: give the record
            // one poll to land before calling it lost, and resume from it then.
            missingAt[p] = s;
            reached = s - 1;
            break;
          }
          if (record == null) {
            repair[p] = true;
            break;
          } else if (record.origin() != journal.originId()) {
            target.invalidate(record.canonicalKey());
            metrics.applied(nowMillis - HybridLogicalClock.physicalMillis(record.stamp()));
          }
        }
      }
      if (repair[p]) {
        // Counted once done, so that whoever sees the count sees the partition dropped.
        target.invalidatePartition(p);
        metrics.partitionRepair();
        reached = next[p];
      }
      if (reached == next[p]) {
        missingAt[p] = ABSENT;
      }
      lastSeen[p] = reached;
      if (reached != ABSENT) {
        own.forgetThrough(zone.zone(), p, reached);
      }
    }
  }

  private Map<String, byte[]> read(ZoneClient zone, List<String> keys) {
    CompletableFuture<Map<String, byte[]>> future = zone.getBulk(keys);
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      future.cancel(false);
      return null;
    }
  }

  private static Long number(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
