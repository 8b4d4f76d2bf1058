package io.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: {@code hasNext()} is idempotent for the embedded cache's iterator too: asking again
 * never skips or repeats an entry, and past the end {@code next()} throws.
 */
class EmbeddedIteratorTest {
  @Test
  void hasNextMayBeAskedAnyNumberOfTimes() {
    try (CacheManager manager = TestCacheManagers.open(EmbeddedIteratorTest.class)) {
      Cache<Integer, String> cache =
          manager.createCache(
              "iterated",
              new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      Map<Integer, String> expected = new HashMap<>();
      for (int i = 0; i < 100; i++) {
        cache.put(i, "v" + i);
        expected.put(i, "v" + i);
      }

      Map<Integer, String> seen = new HashMap<>();
      Iterator<Cache.Entry<Integer, String>> iterator = cache.iterator();
      while (iterator.hasNext()) {
        assertTrue(iterator.hasNext());
        assertTrue(iterator.hasNext());
        Cache.Entry<Integer, String> entry = iterator.next();
        assertEquals(null, seen.put(entry.getKey(), entry.getValue()), "listed once: " + entry);
      }
      assertEquals(expected, seen);
      assertFalse(iterator.hasNext());
      assertFalse(iterator.hasNext());
      assertThrows(NoSuchElementException.class, iterator::next);
    }
  }
}
