package io.nearcache.jcache.remote;

import java.time.Duration;

/**
 * A remote operation had no answer within its timeout: the node is slow, hung or unreachable. The
 * command may still be applied: a hung node that resumes executes what it had received.
 */
public final class RemoteTimeoutException extends RemoteException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * An operation that timed out.
   *
   * @param zone the zone of the client
   * @param node the node that did not answer, or null
   * @param operation the memcached command
   * @param key the key, or null
   * @param timeout the timeout that expired
   * @param cause the underlying failure, or null
   */
  public RemoteTimeoutException(
      String zone,
      NodeAddress node,
      String operation,
      String key,
      Duration timeout,
      Throwable cause) {
    super(zone, node, operation, key, "no answer within " + timeout.toMillis() + " ms", cause);
    this.timeout = timeout;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }
}
