package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.config.NearCacheConfiguration;
import io.nearcache.testsupport.MemcachedClusterExtension;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NearCacheConfiguration#setSerializationAllow}: a cache created with allowlist patterns of
 * its own reads remote values of those classes, whatever {@code nearcache.serialization.allow}
 * says; a cache without them rejects the same bytes; and a {@code !pattern} in the properties still
 * rejects, since configured patterns come first.
 */
class ConfiguredAllowlistTest {
  private static final String CACHE = "allowlisted";

  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(2).resetBeforeEach();

  private TwoTierManagers managers;

  @BeforeEach
  void connect() {
    managers = new TwoTierManagers(memcached.cluster());
  }

  @AfterEach
  void disconnect() {
    managers.close();
  }

  @Test
  void patternsOfTheConfigurationAllowAValueTheProperties() {
    Cache<String, Object> writer = cache(managers.open("a", "nearcache.write.ack", "ALL"), true);
    Cache<String, Object> reader =
        cache(managers.open("b", "nearcache.serialization.allow", "com.example.**"), true);
    writer.put("k", new ForeignValue("allowed"));

    Object read = reader.get("k");

    assertEquals("ForeignValue[allowed]", String.valueOf(read));
    assertEquals(0, counters(reader).rejectedValues());
  }

  @Test
  void withoutThePatternsTheSameBytesAreRejected() {
    Cache<String, Object> writer = cache(managers.open("a", "nearcache.write.ack", "ALL"), true);
    Cache<String, Object> reader = cache(managers.open("b"), false);
    writer.put("k", new ForeignValue("refused"));
    int before = ForeignValue.DESERIALIZED.get();

    assertNull(reader.get("k"));

    assertTrue(counters(reader).rejectedValues() > 0);
    assertEquals(before, ForeignValue.DESERIALIZED.get(), "its readObject never ran");
  }

  @Test
  void aRejectionInThePropertiesWinsOverThePatternsOfTheConfiguration() {
    Cache<String, Object> writer = cache(managers.open("a", "nearcache.write.ack", "ALL"), true);
    CacheManager strict =
        managers.open(
            "b",
            "nearcache.caches." + CACHE + ".serialization.allow",
            "!" + ForeignValue.class.getName());
    Cache<String, Object> reader = cache(strict, true);
    writer.put("k", new ForeignValue("rejected"));

    assertNull(reader.get("k"));
    assertTrue(counters(reader).rejectedValues() > 0);
  }

  private static Cache<String, Object> cache(CacheManager manager, boolean allowForeign) {
    NearCacheConfiguration<String, Object> configuration = new NearCacheConfiguration<>();
    configuration.setTypes(String.class, Object.class);
    if (allowForeign) {
      configuration.setSerializationAllow(ForeignValue.class.getName());
    }
    return manager.createCache(CACHE, configuration);
  }
}
