package io.nearcache.jcache.remote;

/** The outcome of a compare-and-swap. */
public enum CasResult {
  /** The value was stored: the CAS unique still matched. */
  OK,
  /** Not stored: the item changed since the unique was read. */
  EXISTS,
  /** Not stored: the item is gone (deleted, expired or evicted). */
  NOT_FOUND
}
