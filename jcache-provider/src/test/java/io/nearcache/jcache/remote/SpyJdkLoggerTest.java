package io.nearcache.jcache.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.spy.memcached.compat.log.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spymemcached's logging on java.util.logging: a disabled level costs nothing (spymemcached's own
 * {@code SunLogger} built a stack trace for every debug message, on its I/O thread, per operation).
 */
class SpyJdkLoggerTest {
  private static final String NAME = "net.spy.memcached.SpyJdkLoggerTestSource";

  private final Logger jdkLogger = Logger.getLogger(NAME);
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    jdkLogger.setLevel(java.util.logging.Level.INFO);
    jdkLogger.addHandler(handler);
    jdkLogger.setUseParentHandlers(false);
  }

  @AfterEach
  void release() {
    jdkLogger.removeHandler(handler);
    jdkLogger.setUseParentHandlers(true);
    jdkLogger.setLevel(null);
  }

  @Test
  void disabledMessagesAreDroppedWithoutBeingRendered() {
    SpyJdkLogger logger = new SpyJdkLogger(NAME);
    Object unrenderable =
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("a message below the level was rendered");
          }
        };

    logger.debug(unrenderable);
    logger.trace(unrenderable);

    assertFalse(logger.isDebugEnabled());
    assertTrue(logger.isInfoEnabled());
    assertTrue(records.isEmpty());
  }

  @Test
  void enabledMessagesKeepTheirLevelSourceAndCause() {
    SpyJdkLogger logger = new SpyJdkLogger(NAME);
    IllegalStateException cause = new IllegalStateException("boom");

    logger.warn("node down", cause);
    logger.info("connected");

    assertEquals(2, records.size());
    LogRecord warning = records.get(0);
    assertEquals(java.util.logging.Level.WARNING, warning.getLevel());
    assertEquals("node down", warning.getMessage());
    assertEquals(NAME, warning.getSourceClassName());
    assertSame(cause, warning.getThrown());
    assertEquals(java.util.logging.Level.INFO, records.get(1).getLevel());
  }

  @Test
  void levelsMapAsSpymemcachedsOwnJdkLoggerMapsThem() {
    assertEquals(java.util.logging.Level.FINEST, SpyJdkLogger.jdkLevel(Level.TRACE));
    assertEquals(java.util.logging.Level.FINE, SpyJdkLogger.jdkLevel(Level.DEBUG));
    assertEquals(java.util.logging.Level.INFO, SpyJdkLogger.jdkLevel(Level.INFO));
    assertEquals(java.util.logging.Level.WARNING, SpyJdkLogger.jdkLevel(Level.WARN));
    assertEquals(java.util.logging.Level.SEVERE, SpyJdkLogger.jdkLevel(Level.ERROR));
    assertEquals(java.util.logging.Level.SEVERE, SpyJdkLogger.jdkLevel(Level.FATAL));
    assertEquals(java.util.logging.Level.SEVERE, SpyJdkLogger.jdkLevel(null));
  }
}
