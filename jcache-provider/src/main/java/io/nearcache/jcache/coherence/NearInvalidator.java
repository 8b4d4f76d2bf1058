package io.nearcache.jcache.coherence;

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

  /** Another JVM cleared the cache: adopt its generation and drop every near copy. */
  void generationChanged(long generation);
}
