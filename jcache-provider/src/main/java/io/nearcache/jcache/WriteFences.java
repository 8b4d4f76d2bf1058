package io.nearcache.jcache;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Fences on the keys this JVM wrote that its local zone may not hold yet. A write is arbitrated on
 * one zone and copied to the others afterwards, so until the local zone acknowledges its copy (or
 * a replay lands it), a read there could return the value the write replaced, and the near tier
 * would keep it. A read takes the key's fence before it is sent, skips an answer older than it and
 * asks the next zone, which ends at the arbiter that took the write. A fence lives from the win
 * until the local zone holds the copy; their number is bounded by the writes in flight plus the
 * replays queued.
 */
final class WriteFences {
  private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();

  /** Records that this JVM wrote {@code version} of the key and its local zone may lack it. */
  void wrote(String memcachedKey, long version) {
    pending.merge(memcachedKey, version, Math::max);
  }

  /** The local zone holds {@code version} (or newer) of the key. */
  void landed(String memcachedKey, long version) {
    pending.computeIfPresent(memcachedKey, (key, wrote) -> wrote <= version ? null : wrote);
  }

  /**
   * The newest version of the key this JVM wrote that its local zone may lack, or {@link
   * Long#MIN_VALUE}: an answer older than it is not an answer. Take it before the read is sent.
   */
  long fence(String memcachedKey) {
    if (pending.isEmpty()) {
      return Long.MIN_VALUE;
    }
    Long wrote = pending.get(memcachedKey);
    return wrote == null ? Long.MIN_VALUE : wrote;
  }

  /** Forgets every write: the cache moved to a new generation, whose keys are all new. */
  void clear() {
    pending.clear();
  }
}
