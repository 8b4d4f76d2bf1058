package io.nearcache.jcache.remote.tier;

import static io.nearcache.jcache.remote.tier.TwoTierManagers.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.testsupport.MemcachedClusterExtension;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5, signing against real memcached: managers (each as if its own JVM) with the same {@code
 * nearcache.security.signing-key} share values; a manager without the key, or with another key,
 * reads what the others wrote as a counted miss, in both directions; and an unsigned entry is
 * rejected before its value is deserialized.
 */
class SignedEntriesTest {
  private static final String CACHE = "signed";
  private static final String KEY = "base64:c2lnbmluZy1rZXktZm9yLXRlc3RzLTMyLWJ5dGVzLWxvbmchIQ==";
  private static final String OTHER_KEY = "another signing key, at least 32 bytes long";

  @RegisterExtension
  static MemcachedClusterExtension memcached = MemcachedClusterExtension.zones(1).resetBeforeEach();

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
  void managersWithTheSameKeyShareValues() {
    Cache<String, Object> writer = cache(signed(KEY));
    Cache<String, Object> reader = cache(signed(KEY));
    writer.put("k", "v");
    writer.put("n", 42L);
    assertEquals("v", reader.get("k"));
    assertEquals(42L, reader.get("n"));
    assertTrue(reader.putIfAbsent("new", "from reader"));
    assertEquals("from reader", cache(signed(KEY)).get("new"));
    assertTrue(reader.replace("k", "v", "v2"), "conditional writes arbitrate on signed copies");
    assertEquals("v2", cache(signed(KEY)).get("k"));
    assertEquals(0, counters(reader).signatureFailures(), counters(reader).toString());
  }

  @Test
  void anUnsignedWriteReadsAsAMissWithTheKey() {
    cache(unsigned()).put("k", "unsigned");
    Cache<String, Object> reader = cache(signed(KEY));
    assertNull(reader.get("k"));
    assertTrue(counters(reader).signatureFailures() >= 1, counters(reader).toString());
    assertTrue(counters(reader).rejectedValues() >= 1, counters(reader).toString());
  }

  @Test
  void aSignedWriteReadsAsAMissWithoutTheKey() {
    cache(signed(KEY)).put("k", "signed");
    Cache<String, Object> reader = cache(unsigned());
    assertNull(reader.get("k"));
    assertTrue(counters(reader).rejectedValues() >= 1, counters(reader).toString());
  }

  @Test
  void aWriteSignedWithAnotherKeyReadsAsAMiss() {
    cache(signed(OTHER_KEY)).put("k", "other");
    Cache<String, Object> reader = cache(signed(KEY));
    assertNull(reader.get("k"));
    assertTrue(counters(reader).signatureFailures() >= 1, counters(reader).toString());

    reader.put("k", "mine");
    assertEquals("mine", cache(signed(KEY)).get("k"), "a keyed write replaces the foreign entry");
  }

  @Test
  void anUnsignedValueIsNeverDeserialized() {
    String allow = "nearcache.serialization.allow";
    cache(managers.open("a", allow, ForeignValue.class.getName())).put("k", new ForeignValue("x"));
    int before = ForeignValue.DESERIALIZED.get();
    Cache<String, Object> reader =
        cache(managers.open("a", allow, ForeignValue.class.getName(), SIGNING, KEY));
    assertNull(reader.get("k"));
    assertEquals(before, ForeignValue.DESERIALIZED.get(), "its readObject never ran");
  }

  private static final String SIGNING = "nearcache.security.signing-key";

  private CacheManager signed(String key) {
    return managers.open("a", SIGNING, key);
  }

  private CacheManager unsigned() {
    return managers.open("a");
  }

  private static Cache<String, Object> cache(CacheManager manager) {
    return manager.createCache(
        CACHE, new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
  }
}
