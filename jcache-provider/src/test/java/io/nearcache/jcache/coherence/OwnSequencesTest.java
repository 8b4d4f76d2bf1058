package io.nearcache.jcache.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The runs of sequence numbers a JVM took: what the poller fetches and what it passes by. */
class OwnSequencesTest {
  @Test
  void othersAreTheNumbersBetweenOwnRunsInAnyOrderOfArrival() {
    OwnSequences own = new OwnSequences(2);
    for (long s : new long[] {105, 101, 103, 102, 104, 110, 111, 109}) {
      own.add("a", 0, s);
    }
    assertArrayEquals(new long[] {100, 106, 107, 108, 112}, own.others("a", 0, 99, 112, 10));
    assertArrayEquals(new long[] {100, 106, 107, 108, 112}, own.others("a", 0, 99, 112, 5));
    assertNull(own.others("a", 0, 99, 112, 4), "more than the limit");
    assertArrayEquals(new long[] {1, 2}, own.others("a", 1, 0, 2, 5), "another partition");
    assertArrayEquals(new long[] {101}, own.others("b", 0, 100, 101, 5), "another zone");
    assertNull(own.others("a", 0, 0, 1_000_000_000_000L, 512), "a jump is too many to fetch");
  }

  @Test
  void forgettingKeepsWhatIsAheadOfThePoller() {
    OwnSequences own = new OwnSequences(1);
    for (long s = 10; s <= 20; s++) {
      own.add("a", 0, s);
    }
    own.forgetThrough("a", 0, 14);
    assertFalse(own.contains("a", 0, 14));
    assertTrue(own.contains("a", 0, 15));
    assertTrue(own.contains("a", 0, 20));
  }

  @Test
  void theOldestRunsAreForgottenBeyondTheLimit() {
    OwnSequences own = new OwnSequences(1);
    for (long s = 0; s <= 2L * (OwnSequences.LIMIT + 1); s += 2) {
      own.add("a", 0, s); // every other number: each its own run
    }
    assertFalse(own.contains("a", 0, 0), "the oldest run was forgotten");
    assertTrue(own.contains("a", 0, 2L * (OwnSequences.LIMIT + 1)));
  }
}
