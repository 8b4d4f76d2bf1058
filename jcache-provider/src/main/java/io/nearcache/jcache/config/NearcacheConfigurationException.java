package io.nearcache.jcache.config;

import javax.cache.CacheException;

/**
 * A configuration value or file that nearcache cannot use. The message names where the value came
 * from, the key, the value and what is allowed.
 */
public final class NearcacheConfigurationException extends CacheException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public NearcacheConfigurationException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and its cause. */
  public NearcacheConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
