package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

/**
 * A remote operation failed: the node was down or disconnected, answered with an error, or the
 * client was closed. Expected outcomes (a miss, a CAS conflict, a key that already exists) are
 * values, never this exception. The message names the zone, node, operation and key.
 */
public class RemoteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String zone;
  private final NodeAddress node;
  private final String operation;
  private final String key;

  /**
   * A failure of one operation.
   *
   * @param zone the zone of the client
   * @param node the node that failed, or null when the failure concerns no single node
   * @param operation the memcached command, e.g. {@code get}
   * @param key the key, or null for commands without one
   * @param reason what went wrong
   * @param cause the underlying failure, or null
   */
  public RemoteException(
      String zone, NodeAddress node, String operation, String key, String reason, Throwable cause) {
    super(message(zone, node, operation, key, reason), cause);
    this.zone = requireNonNull(zone, "zone");
    this.node = node;
    this.operation = requireNonNull(operation, "operation");
    this.key = key;
  }

  private static String message(
      String zone, NodeAddress node, String operation, String key, String reason) {
    StringBuilder text = new StringBuilder("memcached ").append(operation);
    if (key != null) {
      text.append(" of key '").append(key).append('\'');
    }
    if (node != null) {
      text.append(" on node ").append(node);
    }
    return text.append(" in zone ").append(zone).append(" failed: ").append(reason).toString();
  }

  /** The zone of the client that ran the operation. */
  public String zone() {
    return zone;
  }

  /** The node that failed, or null when no single node is concerned. */
  public NodeAddress node() {
    return node;
  }

  /** The memcached command, e.g. {@code get} or {@code lru_crawler metadump}. */
  public String operation() {
    return operation;
  }

  /** The key of the operation, or null. */
  public String key() {
    return key;
  }
}
