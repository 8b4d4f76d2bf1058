package io.nearcache.jcache.processor;

/** What an entry processor did to its entry, decided when it returns. */
public enum EntryAction {
  /** Nothing, or only checked existence. */
  NONE,
  /** Read an existing value. */
  READ,
  /** Read a value that the loader supplied for a missing key. */
  LOADED,
  /** Set a value where there was none. */
  CREATED,
  /** Set a value over an existing one. */
  UPDATED,
  /** Removed an existing entry. */
  DELETED
}
