package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nearcache.jcache.TestCacheManagers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store-by-value cache (the JCache default) keeps its own copy of a mutable value: changing the
 * caller's object after {@code put}, or the object {@code get} returned, does not change the cache
 * (JSR-107 section 3.1, store-by-value). A store-by-reference cache shares the object.
 */
class StoreByValueCopyTest {
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
  void mutatingThePutObjectDoesNotChangeTheCache() {
    Cache<String, Profile> cache = manager.createCache("profiles", byValue(Profile.class));
    Profile profile = new Profile("ada");
    cache.put("p", profile);
    profile.setName("changed");

    assertEquals("ada", cache.get("p").getName());
  }

  @Test
  void mutatingTheReturnedObjectDoesNotChangeTheCache() {
    Cache<String, Profile> cache = manager.createCache("profiles", byValue(Profile.class));
    cache.put("p", new Profile("ada"));
    Profile first = cache.get("p");
    first.setName("changed");

    Profile second = cache.get("p");
    assertEquals("ada", second.getName());
    assertNotSame(first, second);
  }

  @Test
  void listIsCopiedOnPutAndGet() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<String, ArrayList<String>> cache =
        manager.createCache("lists", byValue((Class<ArrayList<String>>) (Class) ArrayList.class));
    ArrayList<String> lines = new ArrayList<>(List.of("a"));
    cache.put("l", lines);
    lines.add("put-side");
    cache.get("l").add("get-side");

    assertEquals(List.of("a"), cache.get("l"));
  }

  @Test
  void storeByReferenceSharesTheObject() {
    MutableConfiguration<String, Profile> configuration = byValue(Profile.class);
    configuration.setStoreByValue(false);
    Cache<String, Profile> cache = manager.createCache("shared", configuration);
    Profile profile = new Profile("ada");
    cache.put("p", profile);

    assertSame(profile, cache.get("p"));
  }

  private static <V> MutableConfiguration<String, V> byValue(Class<V> valueType) {
    return new MutableConfiguration<String, V>()
        .setTypes(String.class, valueType)
        .setStoreByValue(true);
  }

  /** A mutable, serializable value. */
  static final class Profile implements Serializable {
    private static final long serialVersionUID = 1L;
    private String name;

    Profile(String name) {
      this.name = name;
    }

    String getName() {
      return name;
    }

    void setName(String name) {
      this.name = name;
    }
  }
}
