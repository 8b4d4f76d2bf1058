package io.nearcache.hibernate.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.UUID;
import org.hibernate.cache.internal.BasicCacheKeyImplementation;
import org.hibernate.cache.internal.NaturalIdCacheKey;
import org.junit.jupiter.api.Test;

/**
 * {@link RegionKeys}: Hibernate keys that differ only in their cached hash code (as the same key
 * does in two JVMs when its identifier holds an enum) become keys with identical bytes, so every
 * JVM finds the same memcached entry; plain identifiers become readable text.
 */
class RegionKeysTest {
  @Test
  void aPlainIdentifierBecomesReadableText() {
    assertEquals("com.example.Book#42", RegionKeys.stable(basic(42L, 7)));
    assertEquals("com.example.Book#abc", RegionKeys.stable(basic("abc", 7)));
    UUID id = UUID.randomUUID();
    assertEquals("com.example.Book#" + id, RegionKeys.stable(basic(id, 7)));
  }

  @Test
  void anIdentifierWhoseHashDiffersByJvmGetsTheSameBytes() throws IOException {
    Object[] composite = {DayOfWeek.MONDAY, 3L};
    BasicCacheKeyImplementation inOneJvm = basic(composite.clone(), 1);
    BasicCacheKeyImplementation inAnother = basic(composite.clone(), 2);
    assertFalse(
        Arrays.equals(bytes(inOneJvm), bytes(inAnother)), "Hibernate's keys differ in bytes");

    Object stable = RegionKeys.stable(inOneJvm);
    assertEquals(stable, RegionKeys.stable(inAnother));
    assertEquals(stable.hashCode(), RegionKeys.stable(inAnother).hashCode());
    assertArrayEquals(bytes(stable), bytes(RegionKeys.stable(inAnother)));
  }

  @Test
  void naturalIdsDoTooAndNeverMeetAnIdentifier() throws IOException {
    Object[] values = {DayOfWeek.FRIDAY, "x"};
    NaturalIdCacheKey inOneJvm = new NaturalIdCacheKey(values.clone(), "com.example.Book", null, 1);
    NaturalIdCacheKey inAnother =
        new NaturalIdCacheKey(values.clone(), "com.example.Book", null, 2);

    assertArrayEquals(bytes(RegionKeys.stable(inOneJvm)), bytes(RegionKeys.stable(inAnother)));
    assertNotEquals(RegionKeys.stable(inOneJvm), RegionKeys.stable(basic(values.clone(), 1)));
  }

  @Test
  void otherKeysAreKeptAsTheyAre() {
    String tableName = "Book";
    assertSame(tableName, RegionKeys.stable(tableName));
  }

  private static BasicCacheKeyImplementation basic(java.io.Serializable id, int hash) {
    return new BasicCacheKeyImplementation(id, "com.example.Book", hash);
  }

  private static byte[] bytes(Object key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
      stream.writeObject(key);
    }
    return out.toByteArray();
  }
}
