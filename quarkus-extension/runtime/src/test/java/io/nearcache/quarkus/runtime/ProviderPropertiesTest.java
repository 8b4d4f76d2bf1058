package io.nearcache.quarkus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.nearcache.jcache.config.NearcacheProperties;
import io.nearcache.jcache.config.SettingKey;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How {@code quarkus.nearcache.*} becomes the provider's flat {@code nearcache.*} properties: typed
 * keys in the provider's formats, every other key handed over as written, the build's allowlists
 * merged, and the provider's errors restated with the Quarkus property.
 */
class ProviderPropertiesTest {

  private static ProviderProperties render(Map<String, String> quarkus) {
    return render(quarkus, Map.of());
  }

  private static ProviderProperties render(
      Map<String, String> quarkus, Map<String, List<String>> allowedByCache) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDiscoveredConverters()
            .withMapping(NearcacheRuntimeConfig.class)
            // As in Quarkus: keys outside the mapping are not an error of the mapping.
            .withValidateUnknown(false)
            .withSources(new PropertiesConfigSource(quarkus, "test", 100))
            .build();
    return ProviderProperties.of(
        config.getConfigMapping(NearcacheRuntimeConfig.class),
        config.getPropertyNames(),
        name -> config.getOptionalValue(name, String.class),
        allowedByCache);
  }

  @Test
  void typedKeysAreRenderedInTheProvidersFormats() {
    Map<String, String> quarkus = new HashMap<>();
    quarkus.put("quarkus.nearcache.zones.a", "10.0.0.1:11211;weight=3, 10.0.0.2:11211");
    quarkus.put("quarkus.nearcache.zones.\"b\"", "10.0.1.1:11211");
    quarkus.put("quarkus.nearcache.local-zone", "b");
    quarkus.put("quarkus.nearcache.remote.timeout", "PT0.3S");
    quarkus.put("quarkus.nearcache.remote.max-item-size", "512K");
    quarkus.put("quarkus.nearcache.write.ack", "quorum");
    quarkus.put("quarkus.nearcache.coherence.poll-interval", "1s");
    quarkus.put("quarkus.nearcache.leases.wait", "250ms");
    quarkus.put("quarkus.nearcache.remote.failure-threshold", "5");
    quarkus.put("quarkus.nearcache.gutter.servers", "10.0.9.1:11211,10.0.9.2:11211");
    quarkus.put("quarkus.nearcache.caches.\"users.by-id\".near.maximum-size", "5000");
    quarkus.put("quarkus.nearcache.caches.orders.near.expire-after-write", "10m");

    Map<String, String> p = render(quarkus).asMap();

    assertEquals("10.0.0.1:11211;weight=3,10.0.0.2:11211", p.get("nearcache.zones.a"));
    assertEquals("10.0.1.1:11211", p.get("nearcache.zones.b"));
    assertEquals("b", p.get("nearcache.local-zone"));
    assertEquals("300ms", p.get("nearcache.remote.timeout"));
    assertEquals("524288", p.get("nearcache.remote.max-item-size"));
    assertEquals("QUORUM", p.get("nearcache.write.ack"));
    assertEquals("1000ms", p.get("nearcache.coherence.poll-interval"));
    assertEquals("250ms", p.get("nearcache.leases.wait"));
    assertEquals("5", p.get("nearcache.remote.failure-threshold"));
    assertEquals("10.0.9.1:11211,10.0.9.2:11211", p.get("nearcache.gutter.servers"));
    assertEquals("5000", p.get("nearcache.caches.users.by-id.near.maximum-size"));
    assertEquals("600000ms", p.get("nearcache.caches.orders.near.expire-after-write"));
    // The provider accepts all of it.
    NearcacheProperties.load(
        URI.create("test:render"),
        URI.create("test:default"),
        getClass().getClassLoader(),
        render(quarkus).properties());
  }

  @Test
  void poolsAndACachesPoolAreTypedAndHandedOverWithoutQuotes() {
    Map<String, String> quarkus = new HashMap<>();
    quarkus.put("quarkus.nearcache.zones.a", "10.0.0.1:11211");
    quarkus.put(
        "quarkus.nearcache.pools.\"sessions\".zones.\"a\"", "10.0.0.5:11211, 10.0.0.6:11211");
    quarkus.put("quarkus.nearcache.pools.sessions.zones.b", "10.0.1.5:11211");
    quarkus.put("quarkus.nearcache.caches.\"users\".pool", "sessions");
    ProviderProperties rendered = render(quarkus);
    Map<String, String> p = rendered.asMap();
    assertEquals("10.0.0.5:11211,10.0.0.6:11211", p.get("nearcache.pools.sessions.zones.a"));
    assertEquals("10.0.1.5:11211", p.get("nearcache.pools.sessions.zones.b"));
    assertEquals("sessions", p.get("nearcache.caches.users.pool"));
    assertTrue(
        p.keySet().stream().noneMatch(key -> key.contains("\"")),
        "no key handed over with quotes: " + p.keySet());
    NearcacheProperties loaded =
        NearcacheProperties.load(
            URI.create("test:pools"),
            URI.create("test:default"),
            getClass().getClassLoader(),
            rendered.properties());
    assertEquals("sessions", loaded.poolFor("users"));
  }

  @Test
  void nothingConfiguredHandsOverOnlyTheExtensionsOwnSerializationForms() {
    Map<String, String> p = render(Map.of()).asMap();
    assertEquals(Set.of("nearcache.serialization.allow"), p.keySet());
    assertEquals(RemoteForms.ALLOW_PATTERNS, p.get("nearcache.serialization.allow"));
    assertFalse(render(Map.of()).hasZones());
  }

  @Test
  void keysWithoutTypedConfigurationAreHandedOverAsWritten() {
    Map<String, String> p =
        render(
                Map.of(
                    "quarkus.nearcache.security.sasl.mechanism", "PLAIN",
                    "quarkus.nearcache.caches.\"a.b\".future.key", "x",
                    "quarkus.other.key", "ignored"))
            .asMap();
    assertEquals("PLAIN", p.get("nearcache.security.sasl.mechanism"));
    assertEquals("x", p.get("nearcache.caches.a.b.future.key"));
    assertFalse(p.containsKey("nearcache.other.key"));
  }

  @Test
  void theExtensionsOwnKeysStayWithTheExtension() {
    Map<String, String> p =
        render(
                Map.of(
                    "quarkus.nearcache.health.require-remote", "true",
                    "quarkus.nearcache.config-uri", "classpath:other.properties",
                    "quarkus.nearcache.expire-after-write", "5m",
                    "quarkus.nearcache.caches.users.expire-after-access", "5m",
                    "quarkus.nearcache.metrics.enabled", "false",
                    "quarkus.nearcache.serialization.allow-cached-types", "false"))
            .asMap();
    assertEquals(Set.of("nearcache.serialization.allow"), p.keySet(), p.toString());
  }

  @Test
  void theBuildsAllowlistsJoinTheUsersPatternsPerCache() {
    Map<String, String> p =
        render(
                Map.of(
                    "quarkus.nearcache.serialization.allow", "com.example.model.**",
                    "quarkus.nearcache.caches.orders.serialization.allow", "com.example.Order"),
                Map.of(
                    "products", List.of("com.example.Product"),
                    "orders", List.of("com.example.Line")))
            .asMap();
    assertEquals(
        "com.example.model.**;" + RemoteForms.ALLOW_PATTERNS,
        p.get("nearcache.serialization.allow"));
    assertEquals(
        "com.example.model.**;" + RemoteForms.ALLOW_PATTERNS + ";com.example.Product",
        p.get("nearcache.caches.products.serialization.allow"));
    assertEquals(
        "com.example.Order;" + RemoteForms.ALLOW_PATTERNS + ";com.example.Line",
        p.get("nearcache.caches.orders.serialization.allow"),
        "a cache's own patterns replace the global ones, as in the provider");
  }

  @Test
  void everyProviderKeyHasTypedConfiguration() {
    Map<String, String> every = new HashMap<>();
    every.put("quarkus.nearcache.zones.a", "127.0.0.1:11211");
    every.put("quarkus.nearcache.local-zone", "a");
    every.put("quarkus.nearcache.primary-zone", "a");
    every.put("quarkus.nearcache.near.enabled", "true");
    every.put("quarkus.nearcache.near.maximum-size", "1");
    every.put("quarkus.nearcache.near.expire-after-write", "1s");
    every.put("quarkus.nearcache.statistics.enabled", "true");
    every.put("quarkus.nearcache.management.enabled", "true");
    every.put("quarkus.nearcache.store-by-value", "true");
    every.put("quarkus.nearcache.remote.enabled", "true");
    every.put("quarkus.nearcache.remote.timeout", "1s");
    every.put("quarkus.nearcache.remote.warm-up", "true");
    every.put("quarkus.nearcache.remote.max-item-size", "1K");
    every.put("quarkus.nearcache.remote.tombstone-ttl", "1s");
    every.put("quarkus.nearcache.remote.failure-threshold", "1");
    every.put("quarkus.nearcache.remote.probe-interval", "1s");
    every.put("quarkus.nearcache.write.ack", "all");
    every.put("quarkus.nearcache.coherence.poll-interval", "1s");
    every.put("quarkus.nearcache.coherence.partitions", "1");
    every.put("quarkus.nearcache.coherence.transport", "com.example.T");
    every.put("quarkus.nearcache.leases.enabled", "true");
    every.put("quarkus.nearcache.leases.ttl", "1s");
    every.put("quarkus.nearcache.leases.wait", "1s");
    every.put("quarkus.nearcache.gutter.servers", "127.0.0.1:11212");
    every.put("quarkus.nearcache.gutter.ttl", "1s");
    every.put("quarkus.nearcache.pool", "default");
    every.put("quarkus.nearcache.pools.sessions.zones.a", "127.0.0.1:11213");
    every.put("quarkus.nearcache.topology.source", "static");
    every.put("quarkus.nearcache.topology.refresh-interval", "1s");
    every.put("quarkus.nearcache.topology.migration-window", "1s");
    every.put("quarkus.nearcache.topology.prewarm", "true");
    every.put("quarkus.nearcache.serialization.allow", "com.example.**");
    every.put("quarkus.nearcache.remote.sasl.username", "app");
    every.put("quarkus.nearcache.remote.sasl.password", "env:MEMCACHED_PASSWORD");
    every.put("quarkus.nearcache.security.signing-key", "env:NEARCACHE_SIGNING_KEY");
    // Rendered from the typed mapping only: no property is handed over untyped.
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDiscoveredConverters()
            .withMapping(NearcacheRuntimeConfig.class)
            // As in Quarkus: keys outside the mapping are not an error of the mapping.
            .withValidateUnknown(false)
            .withSources(new PropertiesConfigSource(every, "test", 100))
            .build();
    Map<String, String> typed =
        ProviderProperties.of(
                config.getConfigMapping(NearcacheRuntimeConfig.class),
                List.of(),
                name -> java.util.Optional.empty(),
                Map.of())
            .asMap();
    Set<String> missing = new TreeSet<>();
    for (SettingKey key : SettingKey.values()) {
      if (!typed.containsKey("nearcache." + key.suffix())) {
        missing.add("nearcache." + key.suffix());
      }
    }
    for (String key :
        List.of(
            "nearcache.pools.sessions.zones.a",
            NearcacheProperties.SASL_USERNAME,
            NearcacheProperties.SASL_PASSWORD,
            NearcacheProperties.SIGNING_KEY)) {
      if (!typed.containsKey(key)) {
        missing.add(key);
      }
    }
    assertEquals(
        Set.of(), missing, "provider keys without typed quarkus.nearcache.* configuration");
  }

  @Test
  void aProviderErrorIsRestatedWithTheQuarkusProperty() {
    ProviderProperties p =
        render(Map.of("quarkus.nearcache.caches.\"users\".near.maximum-size", "5"));
    Properties wrong = p.properties();
    wrong.setProperty("nearcache.caches.users.near.maximum-size", "-5");
    NearcacheConfigurationException error = null;
    try {
      NearcacheProperties.load(
          URI.create("test:wrong"), URI.create("test:default"), getClass().getClassLoader(), wrong);
    } catch (NearcacheConfigurationException e) {
      error = e;
    }
    ConfigurationException restated = p.translate(error);
    assertTrue(
        restated
            .getMessage()
            .startsWith(
                "Invalid configuration property"
                    + " quarkus.nearcache.caches.\"users\".near.maximum-size:"),
        restated.getMessage());
    assertTrue(
        restated.getMessage().contains("quarkus.nearcache.caches.\"users\".near.maximum-size=-5"),
        restated.getMessage());
    assertEquals(
        Set.of("quarkus.nearcache.caches.\"users\".near.maximum-size"), restated.getConfigKeys());
  }

  @Test
  void secretsAreHiddenWhenTheRenderedPropertiesAreShown() {
    ProviderProperties p =
        render(
            Map.of(
                "quarkus.nearcache.remote.sasl.username", "app",
                "quarkus.nearcache.remote.sasl.password", "s3cret",
                "quarkus.nearcache.security.signing-key", "base64:c2lnbmluZy1rZXk="));
    assertEquals("s3cret", p.asMap().get("nearcache.remote.sasl.password"));
    assertFalse(p.toString().contains("s3cret"), p.toString());
    assertFalse(p.toString().contains("c2lnbmluZy1rZXk"), p.toString());
    assertTrue(p.toString().contains("nearcache.remote.sasl.username=app"), p.toString());
  }

  @Test
  void providerSuffixesDropQuotesAndKeepTheRest() {
    assertEquals(
        "caches.a.b.near.enabled",
        ProviderProperties.providerSuffix("caches.\"a.b\".near.enabled"));
    assertEquals("zones.eu-1", ProviderProperties.providerSuffix("zones.\"eu-1\""));
    assertEquals("zones.a", ProviderProperties.providerSuffix("zones.a"));
    assertEquals(
        "pools.sessions.zones.a",
        ProviderProperties.providerSuffix("pools.\"sessions\".zones.\"a\""));
    assertEquals("pools.s.zones.a", ProviderProperties.providerSuffix("pools.s.zones.a"));
    assertEquals("near.maximum-size", ProviderProperties.providerSuffix("near.maximum-size"));
    assertNull(ProviderProperties.providerSuffix("caches.users.expire-after-write"));
    assertNull(ProviderProperties.providerSuffix("health.enabled"));
  }
}
