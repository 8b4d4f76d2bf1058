package io.nearcache.jcache.remote;

import java.util.logging.Level;
import java.util.logging.Logger;
import net.spy.memcached.compat.log.LoggerFactory;

/**
 * Routes spymemcached's logging away from its default stderr logger: to SLF4J when it is on the
 * classpath, else to java.util.logging through {@link SpyJdkLogger}, where spymemcached's chatty
 * INFO messages (every connection) are hidden unless the application configured the {@code
 * net.spy.memcached} logger. An explicit {@code net.spy.log.LoggerImpl} system property is left
 * alone.
 */
final class SpyLogging {
  static final String LOGGER_PROPERTY = "net.spy.log.LoggerImpl";
  private static final String SLF4J = "net.spy.memcached.compat.log.SLF4JLogger";
  private static final String JDK = SpyJdkLogger.class.getName();
  /** spymemcached's own, slow, java.util.logging logger: only if it cannot see ours. */
  private static final String SPY_JDK = "net.spy.memcached.compat.log.SunLogger";

  /** Held so that java.util.logging keeps the level: it references loggers weakly. */
  private static Logger spyLogger;

  private SpyLogging() {}

  /** Chooses spymemcached's logger, once, before any spymemcached class logs. */
  static synchronized void install() {
    if (System.getProperty(LOGGER_PROPERTY) != null) {
      return;
    }
    boolean slf4j = isPresent("org.slf4j.LoggerFactory");
    String jdk = visibleToSpymemcached(JDK) ? JDK : SPY_JDK;
    System.setProperty(LOGGER_PROPERTY, slf4j ? SLF4J : jdk);
    if (!slf4j) {
      spyLogger = Logger.getLogger("net.spy.memcached");
      if (spyLogger.getLevel() == null) {
        spyLogger.setLevel(Level.WARNING);
      }
    }
  }

  /** spymemcached loads the logger class with {@code Class.forName} from its own class loader. */
  private static boolean visibleToSpymemcached(String className) {
    try {
      return Class.forName(className, false, LoggerFactory.class.getClassLoader())
          == SpyJdkLogger.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, SpyLogging.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
