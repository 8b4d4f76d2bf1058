package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Timeouts of a {@link ZoneClient}.
 *
 * @param operationTimeout how long a single operation may take before it fails with {@link
 *     RemoteTimeoutException} ({@code nearcache.remote.timeout})
 * @param connectTimeout how long the constructor waits for the first connection to every node;
 *     nodes not connected by then keep connecting in the background, and their operations fail at
 *     once until they are
 * @param maxReconnectDelay the longest pause between reconnection attempts to a lost node, whole
 *     seconds (spymemcached backs off 2 s, 4 s, ... up to this); while a node reconnects, its
 *     operations fail at once
 * @param adminTimeout how long {@code keys}, {@code flushAll} and other administrative commands may
 *     take per node
 * @param maxItemSize the servers' item size limit in bytes (memcached's {@code -I}); a value whose
 *     item would exceed it is refused before it is sent, because spymemcached answers the server's
 *     {@code SERVER_ERROR} by dropping the node's connection
 */
public record TransportSettings(
    Duration operationTimeout,
    Duration connectTimeout,
    Duration maxReconnectDelay,
    Duration adminTimeout,
    int maxItemSize) {
  /** The default per-operation timeout, matching {@code nearcache.remote.timeout}. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(250);

  /** memcached's default item size limit, 1 MiB. */
  public static final int DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;

  /**
   * Bytes of an item that are not the value, beyond the key: memcached 1.6's item header, CAS and
   * line ends take 59, plus room for client flags.
   */
  static final int ITEM_OVERHEAD = 64;

  /** Checks every duration. */
  public TransportSettings {
    positive(operationTimeout, "operationTimeout");
    requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative()) {
      throw new IllegalArgumentException("connectTimeout must not be negative: " + connectTimeout);
    }
    positive(maxReconnectDelay, "maxReconnectDelay");
    if (maxReconnectDelay.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "maxReconnectDelay must be at least 1 s (spymemcached counts whole seconds): "
              + maxReconnectDelay);
    }
    positive(adminTimeout, "adminTimeout");
    if (maxItemSize < 1024) {
      throw new IllegalArgumentException("maxItemSize must be at least 1024 bytes: " + maxItemSize);
    }
  }

  /**
   * The defaults with the given per-operation timeout: connect 1 s, reconnect every 1 s, admin 10
   * s, items up to 1 MiB.
   */
  public static TransportSettings of(Duration operationTimeout) {
    return new TransportSettings(
        operationTimeout,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        DEFAULT_MAX_ITEM_SIZE);
  }

  /** The defaults: operations 250 ms, connect 1 s, reconnect every 1 s, admin 10 s, 1 MiB. */
  public static TransportSettings defaults() {
    return of(DEFAULT_OPERATION_TIMEOUT);
  }

  /** A copy with another longest reconnect pause. */
  public TransportSettings withMaxReconnectDelay(Duration delay) {
    return new TransportSettings(
        operationTimeout, connectTimeout, delay, adminTimeout, maxItemSize);
  }

  /** A copy with another admin timeout. */
  public TransportSettings withAdminTimeout(Duration timeout) {
    return new TransportSettings(
        operationTimeout, connectTimeout, maxReconnectDelay, timeout, maxItemSize);
  }

  /** A copy with another item size limit. */
  public TransportSettings withMaxItemSize(int bytes) {
    return new TransportSettings(
        operationTimeout, connectTimeout, maxReconnectDelay, adminTimeout, bytes);
  }

  /** The largest value that fits in one item with this key (of {@code keyBytes} UTF-8 bytes). */
  public int maxValueSize(int keyBytes) {
    return maxItemSize - keyBytes - ITEM_OVERHEAD;
  }

  private static void positive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
