package io.nearcache.jcache.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nearcache.jcache.codec.EntrySigner;
import io.nearcache.jcache.codec.SigningKey;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, signing: journal records carry a MAC when a signing key is set; a record without one,
 * or with another key's, reads as missing (so its partition is repaired) and its key bytes are
 * never handed on to be deserialized.
 */
class SignedJournalTest {
  private static final byte[] KEY = {1, 'k', 'e', 'y'};

  @Test
  void signedRecordsRoundTripAndForeignOnesReadAsMissing() {
    AtomicInteger rejected = new AtomicInteger();
    Journal signed = journal(key('k'), rejected);
    byte[] record = sign(signed, Journal.encode(9, 42, KEY));

    Journal.Record read = signed.read(record);
    assertEquals(9, read.origin());
    assertEquals(42, read.stamp());
    assertArrayEquals(KEY, read.canonicalKey());

    assertNull(signed.read(Journal.encode(9, 42, KEY)), "an unsigned record");
    assertNull(journal(key('o'), rejected).read(record), "another key's record");
    byte[] altered = record.clone();
    altered[17] ^= 1;
    assertNull(signed.read(altered), "an altered record");
    assertNull(signed.read(new byte[3]), "a fragment");
    assertNull(signed.read(null), "a missing record is not a signature failure");
    assertEquals(4, rejected.get());
  }

  private static byte[] sign(Journal journal, byte[] record) {
    byte[] signed = Arrays.copyOf(record, record.length + EntrySigner.MAC_BYTES);
    new EntrySigner("users", key('k'), () -> {})
        .sign(EntrySigner.Purpose.JOURNAL, signed, record.length);
    return signed;
  }

  private static Journal journal(SigningKey key, AtomicInteger rejected) {
    return new Journal("nc:users:", 4, 1, new EntrySigner("users", key, rejected::incrementAndGet));
  }

  private static SigningKey key(char c) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) c);
    return new SigningKey(bytes);
  }
}
