package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store-by-value cache cannot copy a mutable value that is not {@link java.io.Serializable}:
 * {@code put} fails with an {@link IllegalArgumentException} naming the class and the cache, and
 * stores nothing. The same value is fine on a store-by-reference cache.
 */
class NonSerializableValueTest {
  private CacheManager manager;

  @BeforeEach
  void openManager() {
    manager = TestCacheManagers.open(getClass());
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void putFailsNamingTheClassAndTheCache() {
    Cache<String, Handle> cache = manager.createCache("handles", configuration(true));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cache.put("h", new Handle()));
    assertTrue(e.getMessage().contains(Handle.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("handles"), e.getMessage());
    assertFalse(cache.containsKey("h"));
  }

  @Test
  void storeByReferenceAcceptsTheValue() {
    Cache<String, Handle> cache = manager.createCache("handles", configuration(false));
    Handle handle = new Handle();
    cache.put("h", handle);
    assertSame(handle, cache.get("h"));
  }

  private static MutableConfiguration<String, Handle> configuration(boolean byValue) {
    return new MutableConfiguration<String, Handle>()
        .setTypes(String.class, Handle.class)
        .setStoreByValue(byValue);
  }

  /** A mutable value without serialization. */
  static final class Handle {
    int uses;
  }
}
