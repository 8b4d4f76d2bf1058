package io.nearcache.jcache.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the remote tier of one cache did, per tier and per zone, always on (they are cheap
 * and they are how a degraded remote tier shows up). The JCache statistics count both tiers
 * together; these say where hits came from and what failed.
 */
public final class RemoteCounters {
  private final LongAdder nearHits = new LongAdder();
  private final LongAdder remoteMisses = new LongAdder();
  private final LongAdder warmUps = new LongAdder();
  private final LongAdder casRetries = new LongAdder();
  private final LongAdder skippedWrites = new LongAdder();
  private final LongAdder rejectedValues = new LongAdder();
  private final LongAdder signatureFailures = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder leasesGranted = new LongAdder();
  private final LongAdder leaseWaits = new LongAdder();
  private final LongAdder leaseWaitsExpired = new LongAdder();
  private final LongAdder staleSetsPrevented = new LongAdder();
  private final Map<String, LongAdder> droppedReplays = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> remoteHits = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failedReplications = new ConcurrentHashMap<>();

  /** A read served by the near tier. */
  public void nearHit() {
    nearHits.increment();
  }

  /** A read served by a zone. */
  public void remoteHit(String zone) {
    remoteHits.computeIfAbsent(zone, z -> new LongAdder()).increment();
  }

  /** Reads served by a zone, counted at once: the keys one bulk answer had. */
  public void remoteHits(String zone, long count) {
    if (count > 0) {
      remoteHits.computeIfAbsent(zone, z -> new LongAdder()).add(count);
    }
  }

  /** A read that no reachable zone could serve. */
  public void remoteMiss() {
    remoteMisses.increment();
  }

  /** Reads that no reachable zone could serve, counted at once. */
  public void remoteMisses(long count) {
    if (count > 0) {
      remoteMisses.add(count);
    }
  }

  /** An operation on a zone that failed or timed out. */
  public void failure(String zone) {
    failures.computeIfAbsent(zone, z -> new LongAdder()).increment();
  }

  /** A write that reached the arbiter but not this zone. */
  public void failedReplication(String zone) {
    failedReplications.computeIfAbsent(zone, z -> new LongAdder()).increment();
  }

  /** A lease taken to fill a missing key: one load fleet-wide. */
  public void leaseGranted() {
    leasesGranted.increment();
  }

  /** A read-through miss that waited for another caller's lease instead of loading. */
  public void leaseWait() {
    leaseWaits.increment();
  }

  /** A wait for another caller's lease that ran out, so the caller loaded the key itself. */
  public void leaseWaitExpired() {
    leaseWaitsExpired.increment();
  }

  /** A loaded value not stored because the key was written or removed while it loaded. */
  public void staleSetPrevented() {
    staleSetsPrevented.increment();
  }

  /** Leases taken. */
  public long leasesGranted() {
    return leasesGranted.sum();
  }

  /** Misses that waited for another caller's lease. */
  public long leaseWaits() {
    return leaseWaits.sum();
  }

  /** Waits for a lease that ran out. */
  public long leaseWaitsExpired() {
    return leaseWaitsExpired.sum();
  }

  /** Loaded values not stored because they raced a write or removal. */
  public long staleSetsPrevented() {
    return staleSetsPrevented.sum();
  }

  /** A value found in another zone and copied to the local zone. */
  public void warmUp() {
    warmUps.increment();
  }

  /** A conditional write that lost a race and started over. */
  public void casRetry() {
    casRetries.increment();
  }

  /** A write that no zone accepted; only the near tier has it. */
  public void skippedWrite() {
    skippedWrites.increment();
  }

  /** Bytes in memcached that could not be used: corrupt, foreign, or a class not allowed. */
  public void rejectedValue() {
    rejectedValues.increment();
  }

  /**
   * An entry or journal record whose signature was missing or wrong ({@code
   * nearcache.security.signing-key}); an entry is also counted as a rejected value.
   */
  public void signatureFailure() {
    signatureFailures.increment();
  }

  /** A write that missed a zone and was replayed into it later. */
  public void replay() {
    replayed.increment();
  }

  /** A write that missed a zone and could not even be queued for replay. */
  public void droppedReplay(String zone) {
    droppedReplays.computeIfAbsent(zone, z -> new LongAdder()).increment();
  }

  /** Writes replayed into zones that missed them. */
  public long replayed() {
    return replayed.sum();
  }

  /** Writes that missed a zone and were dropped from the replay queue, per zone. */
  public Map<String, Long> droppedReplays() {
    return snapshot(droppedReplays);
  }

  /** Near-tier hits so far. */
  public long nearHits() {
    return nearHits.sum();
  }

  /** Remote hits so far, per zone. */
  public Map<String, Long> remoteHits() {
    return snapshot(remoteHits);
  }

  /** Reads that missed in every reachable zone. */
  public long remoteMisses() {
    return remoteMisses.sum();
  }

  /** Failed or timed-out operations so far, per zone. */
  public Map<String, Long> failures() {
    return snapshot(failures);
  }

  /** Replications that did not reach a zone, per zone. */
  public Map<String, Long> failedReplications() {
    return snapshot(failedReplications);
  }

  /** Warm-up copies into the local zone so far. */
  public long warmUps() {
    return warmUps.sum();
  }

  /** Conditional writes that started over. */
  public long casRetries() {
    return casRetries.sum();
  }

  /** Writes that only the near tier took. */
  public long skippedWrites() {
    return skippedWrites.sum();
  }

  /** Remote values rejected as unusable. */
  public long rejectedValues() {
    return rejectedValues.sum();
  }

  /** Entries and journal records rejected because their signature was missing or wrong. */
  public long signatureFailures() {
    return signatureFailures.sum();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
    Map<String, Long> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  @Override
  public String toString() {
    return "near hits "
        + nearHits()
        + ", remote hits "
        + remoteHits()
        + ", remote misses "
        + remoteMisses()
        + ", failures "
        + failures()
        + ", warm-ups "
        + warmUps()
        + ", skipped writes "
        + skippedWrites()
        + ", rejected values "
        + rejectedValues()
        + ", signature failures "
        + signatureFailures();
  }
}
