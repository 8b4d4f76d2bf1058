package io.nearcache.jcache.config;

import static io.nearcache.jcache.TestCacheManagers.properties;
import static io.nearcache.jcache.TestCacheManagers.provider;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.TestCacheManagers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad key or value fails {@code getCacheManager} with a {@link
 * NearcacheConfigurationException}, a {@link CacheException}, whose message names where the value
 * came from (the file, or the properties passed to {@code getCacheManager}), the key, the value
 * and what is allowed (STYLE.md: a misconfiguration fails at start-up naming the property).
 */
class InvalidConfigurationTest {
  private static final String PASSED = "properties passed to getCacheManager";

  @TempDir Path dir;

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("nearcache.near.maximum-size", "-5", "a whole number, 0 or more"),
        Arguments.of("nearcache.near.maximum-size", "lots", "a whole number, 0 or more"),
        Arguments.of(
            "nearcache.caches.users.near.maximum-size", "1.5", "a whole number, 0 or more"),
        Arguments.of("nearcache.near.expire-after-write", "30", "followed by a unit"),
        Arguments.of(
            "nearcache.caches.users.near.expire-after-write", "5 minutes", "followed by a unit"),
        Arguments.of("nearcache.near.expire-after-write", "0s", "greater than zero"),
        Arguments.of("nearcache.remote.timeout", "250", "followed by a unit"),
        Arguments.of("nearcache.statistics.enabled", "yes", "true or false"),
        Arguments.of("nearcache.caches.users.store-by-value", "1", "true or false"),
        Arguments.of("nearcache.write.ack", "MOST", "one of NONE, ONE, QUORUM, ALL"),
        Arguments.of("nearcache.zones.eu-west-1a", "cache1", "host:port"),
        Arguments.of("nearcache.zones.eu-west-1a", "cache1:11211,cache2:99999", "host:port"),
        Arguments.of("nearcache.zones.eu-west-1a", "cache1:11211,,cache2:11211", "host:port"),
        Arguments.of("nearcache.near.maximum-sise", "1000", "nearcache.near.maximum-size"),
        Arguments.of("nearcache.caches.users.near.maxsize", "1000", "nearcache.near.maximum-size"),
        Arguments.of("nearcache.NEAR.MAXIMUM-SIZE", "1000", "nearcache.near.maximum-size"),
        Arguments.of("nearcache.leases.enabled", "on", "true or false"),
        Arguments.of("nearcache.caches.users.leases.wait", "1 second", "followed by a unit"),
        Arguments.of("nearcache.leases.ttl", "0ms", "greater than zero"),
        Arguments.of("nearcache.remote.failure-threshold", "0", "at least 1"),
        Arguments.of("nearcache.coherence.partitions", "0", "from 1 to 4096"),
        Arguments.of("nearcache.caches.users.coherence.partitions", "5000", "from 1 to 4096"),
        Arguments.of("nearcache.remote.probe-interval", "0s", "greater than zero"),
        Arguments.of(
            "nearcache.caches.users.remote.failure-threshold", "5", "applies to the whole"),
        Arguments.of("nearcache.gutter.servers", "gutter1", "host:port"),
        Arguments.of("nearcache.gutter.ttl", "500ms", "at least 1s"),
        Arguments.of("nearcache.remote.tombstone-ttl", "900ms", "at least 1s"),
        Arguments.of("nearcache.caches.users.remote.tombstone-ttl", "0s", "at least 1s"),
        Arguments.of("nearcache.caches.users.gutter.ttl", "5s", "applies to the whole"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badPassedPropertyFailsNamingSourceKeyValueAndWhatIsAllowed(
      String key, String value, String allowed) {
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> TestCacheManagers.open(getClass(), properties(key, value)));
    assertInstanceOf(CacheException.class, e);
    assertMessageNames(e, PASSED, key, value, allowed);
  }

  @Test
  void badValueInAFileNamesTheFile() throws Exception {
    Path file = dir.resolve("nearcache.properties");
    Files.writeString(file, "nearcache.near.expire-after-write=10\n");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> provider().getCacheManager(file.toUri(), getClass().getClassLoader(), null));
    assertMessageNames(
        e,
        file.toUri().toString(),
        "nearcache.near.expire-after-write",
        "10",
        "followed by a unit");
  }

  @Test
  void badValueInAClasspathResourceNamesTheResource() {
    URI uri = URI.create("classpath:nearcache-test/invalid-size.properties");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () -> provider().getCacheManager(uri, getClass().getClassLoader(), null));
    assertMessageNames(
        e, uri.toString(), "nearcache.near.maximum-size", "plenty", "a whole number, 0 or more");
  }

  @Test
  void passedPropertyIsBlamedWhenItOverridesAGoodFileValue() throws Exception {
    Path file = dir.resolve("good.properties");
    Files.writeString(file, "nearcache.near.maximum-size=10\n");
    NearcacheConfigurationException e =
        assertThrows(
            NearcacheConfigurationException.class,
            () ->
                provider()
                    .getCacheManager(
                        file.toUri(),
                        getClass().getClassLoader(),
                        properties("nearcache.near.maximum-size", "ten")));
    assertMessageNames(e, PASSED, "nearcache.near.maximum-size", "ten", "a whole number");
  }

  private static void assertMessageNames(
      Exception e, String source, String key, String value, String allowed) {
    String message = e.getMessage();
    assertTrue(message.contains(source), () -> "source " + source + " missing: " + message);
    assertTrue(
        message.contains(key + "=" + value),
        () -> "key and value " + key + "=" + value + " missing: " + message);
    assertTrue(message.contains(allowed), () -> "allowed " + allowed + " missing: " + message);
  }
}
