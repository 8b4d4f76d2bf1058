package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One memcached node, as configured: {@code host:port}. The string form is also the node's name on
 * the ketama ring, so it must be spelled the same way by every client of the zone.
 *
 * @param host a host name or IP address, without brackets
 * @param port the TCP port, 1 to 65535
 */
public record NodeAddress(String host, int port) implements Serializable {
  /** Checks the parts. */
  public NodeAddress {
    requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("Invalid memcached host '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "Invalid memcached port " + port + " for host " + host + "; expected 1 to 65535");
    }
  }

  /**
   * Parses {@code host:port}; the port follows the last colon, and an IPv6 host may be written in
   * brackets ({@code [::1]:11211}).
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static NodeAddress parse(String hostAndPort) {
    requireNonNull(hostAndPort, "hostAndPort");
    String text = hostAndPort.trim();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "Invalid memcached node '" + hostAndPort + "'; expected host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid memcached node '" + hostAndPort + "'; the port is not a number", e);
    }
    return new NodeAddress(host, port);
  }

  /** {@code host:port}, as {@link #parse(String)} reads it; an IPv6 host goes in brackets. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
