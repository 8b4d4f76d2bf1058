package io.nearcache.jcache.remote;

/**
 * A memcached node refused the configured SASL credentials, or cannot authenticate at all (it was
 * started without {@code -S}). Raised when a zone client is created, so that a wrong password stops
 * the CacheManager from starting instead of turning every operation into a failure.
 */
public final class RemoteAuthenticationException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /** A node of the zone refused to authenticate, for the reason given. */
  public RemoteAuthenticationException(String zone, NodeAddress node, String reason) {
    super(zone, node, "SASL authentication", null, reason, null);
  }
}
