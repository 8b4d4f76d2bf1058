package io.nearcache.jcache.config;

/** How many zones must acknowledge a write before the call returns. */
public enum WriteAck {
  /** Return at once; every zone is written in the background. */
  NONE,
  /** Return when one zone, the local one first, has the write. */
  ONE,
  /** Return when a majority of zones (more than half) have the write. */
  QUORUM,
  /** Return when every zone has the write. */
  ALL;

  /** The number of zone acknowledgements needed out of {@code zones}. */
  public int required(int zones) {
    switch (this) {
      case NONE:
        return 0;
      case ONE:
        return Math.min(1, zones);
      case QUORUM:
        return zones / 2 + 1;
      default:
        return zones;
    }
  }
}
