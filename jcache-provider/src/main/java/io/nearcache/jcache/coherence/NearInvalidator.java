package io.nearcache.jcache.coherence;

import io.nearcache.jcache.remote.ZoneClient;

/** What the coherence machinery may do to one cache's near tier. */
public interface NearInvalidator {
  /** Drops the near copy of one key, given its canonical bytes. */
  void invalidate(byte[] canonicalKey);

  /** Drops every near copy whose key falls in the partition. */
  void invalidatePartition(int partition);

  /** Drops every near copy. */
  void invalidateAll();

  /** The generation this JVM reads and writes. */
  long generation();

  /**
   * Another JVM cleared the cache: adopt its generation, which is newer than {@link
   * #generation()}, and drop every near copy.
   */
  void generationChanged(long generation);

  /**
   * A zone holds an older generation than this JVM's: it missed a {@code clear()} (the copy of the
   * new generation did not reach it). Generations only move forward: raise the zone's counter,
   * never go back to it.
   */
  default void generationBehind(ZoneClient zone, long generation) {}
}
