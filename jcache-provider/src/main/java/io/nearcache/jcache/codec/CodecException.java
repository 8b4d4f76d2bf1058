package io.nearcache.jcache.codec;

/**
 * Bytes read from the remote tier could not be turned back into what was written: they are
 * malformed, truncated, corrupted, or name a class that the cache does not allow. A decoder throws
 * this rather than return a wrong object; callers treat the entry as a miss and count the failure.
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what was wrong and where. */
  public CodecException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the failure that caused it. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
