package io.nearcache.jcache.codec;

/**
 * An entry is too large for the remote tier: its encoded form exceeds the item size that memcached
 * accepts, or its value exceeds the payload bound that every reader enforces. The entry cannot be
 * stored remotely; the caller decides whether that fails the operation or keeps it near-only.
 */
public final class EntryTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long sizeBytes;
  private final long limitBytes;

  /**
   * Creates an exception for an entry of {@code sizeBytes} against a limit of {@code limitBytes}.
   */
  public EntryTooLargeException(String message, long sizeBytes, long limitBytes) {
    super(message);
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /** The size that was refused, in bytes. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** The limit it exceeded, in bytes. */
  public long limitBytes() {
    return limitBytes;
  }
}
