package io.nearcache.jcache.remote.topology;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of server list changes and of the pre-warm copies they caused, for one CacheManager. */
public final class TopologyMetrics {
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong nodesAdded = new AtomicLong();
  private final AtomicLong nodesRemoved = new AtomicLong();
  private final AtomicLong rejectedLists = new AtomicLong();
  private final LongAdder prewarmCopies = new LongAdder();
  private final LongAdder prewarmReads = new LongAdder();
  private volatile double lastMovedShare;

  void changed(int added, int removed, double movedShare) {
    changes.incrementAndGet();
    nodesAdded.addAndGet(added);
    nodesRemoved.addAndGet(removed);
    lastMovedShare = movedShare;
  }

  void rejected() {
    rejectedLists.incrementAndGet();
  }

  void prewarmRead() {
    prewarmReads.increment();
  }

  void prewarmCopy() {
    prewarmCopies.increment();
  }

  /** Server list changes applied to a zone. */
  public long changes() {
    return changes.get();
  }

  /** Nodes added to zones by changes. */
  public long nodesAdded() {
    return nodesAdded.get();
  }

  /** Nodes removed from zones by changes. */
  public long nodesRemoved() {
    return nodesRemoved.get();
  }

  /**
   * Problems with the server lists (unreadable or invalid, a node that cannot be connected, a zone
   * missing or not configured), each counted once when it appears, however many refreshes it
   * lasts; the last good lists stayed.
   */
  public long rejectedLists() {
    return rejectedLists.get();
  }

  /** Misses on a key's new node that read the key's node on the previous ring. */
  public long prewarmReads() {
    return prewarmReads.sum();
  }

  /** Values copied from a key's previous node to its new node with {@code add}. */
  public long prewarmCopies() {
    return prewarmCopies.sum();
  }

  /** The share of keys (0 to 1) the last change placed on another node. */
  public double lastMovedShare() {
    return lastMovedShare;
  }

  @Override
  public String toString() {
    return "TopologyMetrics{changes="
        + changes()
        + ", nodesAdded="
        + nodesAdded()
        + ", nodesRemoved="
        + nodesRemoved()
        + ", rejectedLists="
        + rejectedLists()
        + ", prewarmReads="
        + prewarmReads()
        + ", prewarmCopies="
        + prewarmCopies()
        + ", lastMovedShare="
        + lastMovedShare
        + "}";
  }
}
