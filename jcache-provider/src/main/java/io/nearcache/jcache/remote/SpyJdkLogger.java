package io.nearcache.jcache.remote;

import net.spy.memcached.compat.log.AbstractLogger;
import net.spy.memcached.compat.log.Level;

/**
 * spymemcached's logging on java.util.logging, checking the level before doing any work.
 *
 * <p>spymemcached's own {@code SunLogger} first creates a {@link Throwable} and walks its stack to
 * find the caller, and only then lets java.util.logging drop the record; its I/O thread logs at
 * debug level several times per operation through {@code debug(Object)}, which does not check the
 * level first. On loopback that cost tens of microseconds per get, more than the round trip itself.
 * This logger names the spymemcached class (the logger's name) as the source instead.
 *
 * <p>Public with a public {@code (String)} constructor because spymemcached instantiates the class
 * named by {@code net.spy.log.LoggerImpl} reflectively; not part of nearcache's API.
 */
public final class SpyJdkLogger extends AbstractLogger {
  private final java.util.logging.Logger logger;

  /** The logger of the spymemcached class {@code name}. */
  public SpyJdkLogger(String name) {
    super(name);
    this.logger = java.util.logging.Logger.getLogger(name);
  }

  @Override
  public boolean isTraceEnabled() {
    return logger.isLoggable(java.util.logging.Level.FINEST);
  }

  @Override
  public boolean isDebugEnabled() {
    return logger.isLoggable(java.util.logging.Level.FINE);
  }

  @Override
  public boolean isInfoEnabled() {
    return logger.isLoggable(java.util.logging.Level.INFO);
  }

  @Override
  public void log(Level level, Object message, Throwable e) {
    java.util.logging.Level jdkLevel = jdkLevel(level);
    if (logger.isLoggable(jdkLevel)) {
      logger.logp(jdkLevel, getName(), null, String.valueOf(message), e);
    }
  }

  /** spymemcached's levels on java.util.logging's, as its {@code SunLogger} maps them. */
  static java.util.logging.Level jdkLevel(Level level) {
    if (level == null) {
      return java.util.logging.Level.SEVERE;
    }
    switch (level) {
      case TRACE:
        return java.util.logging.Level.FINEST;
      case DEBUG:
        return java.util.logging.Level.FINE;
      case INFO:
        return java.util.logging.Level.INFO;
      case WARN:
        return java.util.logging.Level.WARNING;
      default:
        return java.util.logging.Level.SEVERE;
    }
  }
}
