package io.nearcache.jcache.remote;

/**
 * The zone's servers cannot run the operation at all with this configuration: no retry or other
 * zone will help. Today this is {@code lru_crawler metadump} (listing keys) on memcached with SASL,
 * which speaks only the binary protocol, and the binary protocol has no command to list keys.
 */
public final class UnsupportedRemoteOperationException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /** The operation cannot run in the zone, for the reason given. */
  public UnsupportedRemoteOperationException(String zone, String operation, String reason) {
    super(zone, null, operation, null, reason, null);
  }
}
