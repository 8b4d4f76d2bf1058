package io.nearcache.jcache.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.NearCache;
import io.nearcache.jcache.TestCacheManagers;
import io.nearcache.testsupport.MemcachedCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, security settings: {@code nearcache.remote.sasl.username}/{@code password} and {@code
 * nearcache.security.signing-key}, given directly, as {@code env:NAME} or {@code file:PATH}, the key
 * also as {@code base64:}; mistakes fail at start-up naming the key, and never print a secret.
 */
class SecuritySettingsTest {
  private static final String LONG_TEXT = "a plain-text signing key of more than 32 bytes";

  @TempDir Path dir;

  @Test
  void plainBase64AndFileKeysResolveToTheirBytes() throws Exception {
    assertArrayEquals(bytes(LONG_TEXT), load("nearcache.security.signing-key", LONG_TEXT).signingKey());

    byte[] random = new byte[48];
    for (int i = 0; i < random.length; i++) {
      random[i] = (byte) (i * 37 + 11);
    }
    String base64 = "base64:" + Base64.getEncoder().encodeToString(random);
    assertArrayEquals(random, load("nearcache.security.signing-key", base64).signingKey());
    String urlSafe = "base64:" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    assertArrayEquals(random, load("nearcache.security.signing-key", urlSafe).signingKey());

    Path file = dir.resolve("signing.key");
    Files.writeString(file, base64 + "\n");
    assertArrayEquals(random, load("nearcache.security.signing-key", "file:" + file).signingKey());
    assertNull(NearcacheProperties.empty().signingKey());
  }

  @Test
  void saslCredentialsResolveFromAFileAndHideInTheMap() throws Exception {
    Path file = dir.resolve("password");
    Files.writeString(file, "from a file\n");
    NearcacheProperties loaded =
        load(
            "nearcache.remote.sasl.username", "app",
            "nearcache.remote.sasl.password", "file:" + file);
    assertEquals("app", loaded.saslUsername());
    assertEquals("from a file", loaded.saslPassword());
    Map<String, String> shown = loaded.asMap();
    assertEquals("(hidden)", shown.get("nearcache.remote.sasl.password"));
    assertEquals("app", shown.get("nearcache.remote.sasl.username"));
  }

  @Test
  void environmentVariablesAreReadAndAMissingOneNamesTheKey() {
    assertEquals(
        "s3cret",
        Secrets.resolve("k", "env:NEARCACHE_SASL", Map.of("NEARCACHE_SASL", "s3cret")::get));
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () ->
                load(
                    "nearcache.security.signing-key",
                    "env:NEARCACHE_TEST_VARIABLE_THAT_IS_NOT_SET"));
    assertTrue(e.getMessage().contains("nearcache.security.signing-key"), e.getMessage());
    assertTrue(e.getMessage().contains("NEARCACHE_TEST_VARIABLE_THAT_IS_NOT_SET"), e.getMessage());
    assertTrue(e.getMessage().contains("properties passed to getCacheManager"), e.getMessage());
  }

  @Test
  void shortKeysBadBase64AndMissingFilesFailWithoutShowingTheSecret() {
    assertFails("nearcache.security.signing-key", "too short, 31 bytes of key text", "at least 32");
    assertFails("nearcache.security.signing-key", "base64:AAAA", "at least 32");
    assertFails("nearcache.security.signing-key", "base64:not base64!!", "not valid base64");
    assertFails(
        "nearcache.security.signing-key", "file:" + dir.resolve("absent"), "cannot be read");
  }

  @Test
  void usernameAndPasswordComeTogether() {
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> load("nearcache.remote.sasl.username", "app"));
    assertTrue(e.getMessage().contains("nearcache.remote.sasl.password is not"), e.getMessage());
    e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> load("nearcache.remote.sasl.password", "only-a-password"));
    assertTrue(e.getMessage().contains("nearcache.remote.sasl.username is not"), e.getMessage());
    assertFalse(e.getMessage().contains("only-a-password"), e.getMessage());
  }

  @Test
  void securityKeysAreForAllCachesOnlyAndTyposHideTheirValue() {
    NearcacheConfigurationException perCache =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> load("nearcache.caches.users.security.signing-key", LONG_TEXT));
    assertTrue(perCache.getMessage().startsWith("Unknown"), perCache.getMessage());
    assertFalse(perCache.getMessage().contains(LONG_TEXT), perCache.getMessage());
    assertTrue(
        perCache.getMessage().contains("nearcache.security.signing-key"),
        "the known keys list it: " + perCache.getMessage());

    NearcacheConfigurationException typo =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> load("nearcache.remote.sasl.pasword", "hunter2-hunter2"));
    assertFalse(typo.getMessage().contains("hunter2"), typo.getMessage());
  }

  @Test
  void aCacheManagerWithoutZonesAcceptsTheSettingsAndWorksEmbedded() {
    Properties properties =
        TestCacheManagers.properties(
            "nearcache.security.signing-key", LONG_TEXT,
            "nearcache.remote.sasl.username", "app",
            "nearcache.remote.sasl.password", "pw");
    try (CacheManager manager = TestCacheManagers.open(SecuritySettingsTest.class, properties)) {
      Cache<String, String> cache = stringCache(manager);
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertNull(cache.unwrap(NearCache.class).remoteCounters(), "no remote tier without zones");
    }
  }

  /**
   * Where the settings act: with zones configured, a SASL password read from a file authenticates
   * to memcached started with {@code -S}, and a base64 signing key signs what one manager writes
   * and verifies it where another reads it; a manager with another key rejects the entry.
   */
  @Test
  void withZonesTheResolvedPasswordAuthenticatesAndTheKeySignsAndVerifies() throws Exception {
    Path password = dir.resolve("sasl-password");
    Files.writeString(password, "a sasl password from a file\n");
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    String signingKey = "base64:" + Base64.getEncoder().encodeToString(key);
    try (MemcachedCluster cluster =
        MemcachedCluster.builder().zones(1).sasl("app", "a sasl password from a file").start()) {
      Properties settings = cluster.asProperties();
      settings.setProperty("nearcache.remote.sasl.password", "file:" + password);
      settings.setProperty("nearcache.security.signing-key", signingKey);
      settings.setProperty("nearcache.remote.timeout", "1s");
      try (CacheManager writer = TestCacheManagers.open(SecuritySettingsTest.class, settings);
          CacheManager reader = TestCacheManagers.open(SecuritySettingsTest.class, settings)) {
        stringCache(writer).put("k", "signed");
        Cache<String, String> read = stringCache(reader);
        assertEquals("signed", read.get("k"), "read back from memcached by another manager");
        assertEquals(
            Map.of("a", 1L),
            read.unwrap(NearCache.class).remoteCounters().remoteHits(),
            "the read went to memcached");

        Properties otherKey = (Properties) settings.clone();
        otherKey.setProperty("nearcache.security.signing-key", LONG_TEXT);
        try (CacheManager stranger = TestCacheManagers.open(SecuritySettingsTest.class, otherKey)) {
          Cache<String, String> strangers = stringCache(stranger);
          assertNull(strangers.get("k"), "an entry signed with another key is a miss");
          assertTrue(
              strangers.unwrap(NearCache.class).remoteCounters().signatureFailures() > 0,
              "counted as a signature failure");
        }
      }
    }
  }

  private static Cache<String, String> stringCache(CacheManager manager) {
    return manager.createCache(
        "secured", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private void assertFails(String key, String value, String why) {
    NearcacheConfigurationException e =
        assertThrows(NearcacheConfigurationException.class, () -> load(key, value));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    if (!value.startsWith("file:")) {
      assertFalse(e.getMessage().contains(value), "the secret is not shown: " + e.getMessage());
    }
  }

  private static NearcacheProperties load(String... keysAndValues) {
    return NearcacheProperties.load(
        URI.create("urn:security-test"),
        URI.create("urn:default"),
        SecuritySettingsTest.class.getClassLoader(),
        TestCacheManagers.properties(keysAndValues));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
