package io.nearcache.jcache.remote.topology;

import io.nearcache.jcache.remote.CasResult;
import io.nearcache.jcache.remote.ZoneClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a key that a node list change moved from its previous node to its new one, so that JVMs
 * that switch at different moments never decide the key on two nodes at once.
 *
 * <p>Every JVM learns a change within one refresh interval. For a handoff time after it learned
 * (two refresh intervals), a JVM keeps using the previous node for moved keys, as the JVMs that
 * have not learned it yet do. Then, for as long again, it <em>seals</em> a moved key before it
 * uses the new node: it copies the previous node's value over (unless the new node holds a newer
 * one) and replaces it with a {@link #MOVED} marker by compare-and-swap. A JVM still in its first
 * period that reads the marker follows the key to its new node. After both periods the previous
 * node is no longer consulted, except by pre-warm reads. The two periods need the refresh interval
 * to bound when JVMs learn a change; a JVM whose list lags longer reads markers it cannot follow
 * as misses and fails writes it would otherwise decide on the wrong node.
 */
final class Handoff {
  /** What a sealed previous node holds for a moved key: not an envelope, a counter or a record. */
  static final byte[] MOVED = "\0nearcache:moved".getBytes(StandardCharsets.US_ASCII);

  /** Attempts to seal one key before the operation goes on without the seal. */
  private static final int SEAL_ATTEMPTS = 8;

  /** The envelope header: two magic bytes, format, flags, codec id, then the version stamp. */
  private static final int VERSION_OFFSET = 5;

  private static final int HEADER_BYTES = VERSION_OFFSET + Long.BYTES;

  private Handoff() {}

  /** Whether the bytes are the marker a sealed previous node holds. */
  static boolean isMoved(byte[] bytes) {
    return bytes != null && Arrays.equals(bytes, MOVED);
  }

  /**
   * The version stamp of an envelope, read from its header without checking the rest; {@link
   * Long#MIN_VALUE} for anything else (a counter, a journal record, a marker).
   */
  static long versionOf(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != 0x6E || bytes[1] != 0x63) {
      return Long.MIN_VALUE;
    }
    long version = 0;
    for (int i = VERSION_OFFSET; i < HEADER_BYTES; i++) {
      version = (version << 8) | (bytes[i] & 0xFF);
    }
    return version;
  }

  /**
   * Seals a moved key: copies the previous node's value to the new node unless the new node holds
   * a newer version, then replaces it on the previous node with the marker, retrying when a writer
   * still on the previous node changed it meanwhile. Completes normally even when it gives up or a
   * node fails: a previous node that does not answer cannot decide the key for anyone either.
   */
  static CompletableFuture<Void> seal(
      String key, ZoneClient previous, ZoneClient next, int markerTtlSeconds, int copyTtlSeconds) {
    return seal(key, previous, next, markerTtlSeconds, copyTtlSeconds, 0)
        .exceptionally(failure -> null);
  }

  private static CompletableFuture<Void> seal(
      String key,
      ZoneClient previous,
      ZoneClient next,
      int markerTtlSeconds,
      int copyTtlSeconds,
      int attempt) {
    if (attempt >= SEAL_ATTEMPTS) {
      return CompletableFuture.completedFuture(null);
    }
    return previous
        .gets(key)
        .thenCompose(
            held -> {
              if (held != null && isMoved(held.value())) {
                return CompletableFuture.completedFuture(true);
              }
              if (held == null) {
                return previous.add(key, markerTtlSeconds, MOVED);
              }
              return copyUnlessNewer(key, held.value(), next, copyTtlSeconds)
                  .thenCompose(
                      copied -> previous.cas(key, held.cas(), markerTtlSeconds, MOVED))
                  .thenApply(CasResult.OK::equals);
            })
        .thenCompose(
            sealed ->
                sealed
                    ? CompletableFuture.completedFuture(null)
                    : seal(key, previous, next, markerTtlSeconds, copyTtlSeconds, attempt + 1));
  }

  /**
   * Stores {@code bytes} on the node unless it holds the same or a newer version: {@code add}
   * where the key is absent, {@code cas} over an older envelope. A value that is not an envelope
   * (a counter) is only added, never written over.
   */
  static CompletableFuture<Boolean> copyUnlessNewer(
      String key, byte[] bytes, ZoneClient node, int ttlSeconds) {
    return node.gets(key)
        .thenCompose(
            existing -> {
              if (existing == null) {
                return node.add(key, ttlSeconds, bytes);
              }
              long mine = versionOf(bytes);
              if (mine == Long.MIN_VALUE || versionOf(existing.value()) >= mine) {
                return CompletableFuture.completedFuture(false);
              }
              return node.cas(key, existing.cas(), ttlSeconds, bytes).thenApply(CasResult.OK::equals);
            });
  }
}
