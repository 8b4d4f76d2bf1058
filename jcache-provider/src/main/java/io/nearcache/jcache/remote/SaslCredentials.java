package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

/**
 * The user and password a zone client authenticates with, by SASL PLAIN over memcached's binary
 * protocol ({@code nearcache.remote.sasl.username} and {@code nearcache.remote.sasl.password}). The
 * password never appears in {@link #toString()}.
 *
 * @param username the SASL user, not empty
 * @param password the user's password, not empty
 */
public record SaslCredentials(String username, String password) {
  /** Checks that neither part is empty. */
  public SaslCredentials {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    if (username.isEmpty() || password.isEmpty()) {
      throw new IllegalArgumentException("SASL username and password must not be empty");
    }
  }

  @Override
  public String toString() {
    return "SaslCredentials[username=" + username + ", password=(hidden)]";
  }
}
