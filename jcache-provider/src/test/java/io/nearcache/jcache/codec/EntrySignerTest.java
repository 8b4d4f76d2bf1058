package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, signing: every rejected entry is counted, but warnings are rate-limited (the first at
 * once, then at most one a minute naming how many were rejected meanwhile), never one per entry.
 */
class EntrySignerTest {
  @Test
  void rejectionsAreAllCountedButWarnedAboutAtMostOnceAMinute() {
    AtomicInteger counted = new AtomicInteger();
    AtomicLong now = new AtomicLong(1_000);
    EntrySigner signer =
        new EntrySigner(
            "users",
            new SigningKey(EnvelopeSigningTest.repeat('k')),
            counted::incrementAndGet,
            now::get);
    List<String> warnings = new ArrayList<>();
    Logger logger = Logger.getLogger(EntrySigner.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(record.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      for (int i = 0; i < 1_000; i++) {
        signer.rejected("it is not signed");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
      }
      assertEquals(1_000, counted.get());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("Cache users rejected 1 entry"), warnings.get(0));
      assertTrue(warnings.get(0).contains("nearcache.security.signing-key"), warnings.get(0));

      now.addAndGet(TimeUnit.SECONDS.toNanos(EntrySigner.WARNING_INTERVAL_SECONDS));
      signer.rejected("it is not signed");
      assertEquals(2, warnings.size(), warnings.toString());
      assertTrue(warnings.get(1).contains("rejected 1000 entries"), warnings.get(1));
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void macsDependOnPurposeAndVerifyInPlace() {
    EntrySigner signer =
        new EntrySigner("users", new SigningKey(EnvelopeSigningTest.repeat('k')), () -> {});
    byte[] bytes = new byte[10 + EntrySigner.MAC_BYTES];
    bytes[0] = 7;
    signer.sign(EntrySigner.Purpose.JOURNAL, bytes, 10);
    assertTrue(signer.verify(EntrySigner.Purpose.JOURNAL, bytes, 10));
    assertFalse(signer.verify(EntrySigner.Purpose.ENVELOPE, bytes, 10), "purpose is signed");
    assertFalse(signer.verify(EntrySigner.Purpose.JOURNAL, bytes, 11), "no room for a MAC");
    bytes[0] = 8;
    assertFalse(signer.verify(EntrySigner.Purpose.JOURNAL, bytes, 10));
  }
}
