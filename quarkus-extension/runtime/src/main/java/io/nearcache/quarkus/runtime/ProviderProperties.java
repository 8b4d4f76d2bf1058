package io.nearcache.quarkus.runtime;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code quarkus.nearcache.*} configuration into the flat {@code nearcache.*} properties the
 * provider reads, and remembers which Quarkus property each one came from, so that the provider's
 * errors can name the property the user wrote.
 *
 * <p>Typed keys are rendered in the provider's formats (durations in milliseconds, sizes in bytes).
 * Every other {@code quarkus.nearcache.*} property, except the extension's own keys, is handed over
 * as it was written: a provider key this extension does not know yet still reaches the provider,
 * which validates it.
 */
public final class ProviderProperties {
  static final String QUARKUS_PREFIX = "quarkus.nearcache.";
  static final String PROVIDER_PREFIX = "nearcache.";

  /** Keys of the extension itself, never handed to the provider (below the prefix). */
  private static final Set<String> EXTENSION_KEYS =
      Set.of(
          "config-uri",
          "health.enabled",
          "health.require-remote",
          "metrics.enabled",
          "serialization.allow-cached-types",
          "expire-after-write",
          "expire-after-access");

  /** Keys of one cache that belong to the extension (below {@code caches."name".}). */
  private static final Set<String> EXTENSION_CACHE_KEYS =
      Set.of("expire-after-write", "expire-after-access");

  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> origins = new TreeMap<>();

  private ProviderProperties() {}

  /**
   * Renders the configuration.
   *
   * @param config the typed configuration
   * @param propertyNames every configuration property name the application sees
   * @param rawValue the raw value of a property name, for keys handed over untyped
   * @param allowedByCache serialization patterns the build found for each cache, added to the
   *     cache's allowlist along with the extension's own forms
   */
  public static ProviderProperties of(
      NearcacheRuntimeConfig config,
      Iterable<String> propertyNames,
      Function<String, Optional<String>> rawValue,
      Map<String, List<String>> allowedByCache) {
    requireNonNull(config, "config");
    ProviderProperties p = new ProviderProperties();
    config
        .zones()
        .forEach(
            (zone, nodes) -> p.put("zones." + zone, nodeList(nodes), "zones.\"" + zone + "\""));
    config
        .pools()
        .forEach(
            (pool, settings) ->
                settings
                    .zones()
                    .forEach(
                        (zone, nodes) ->
                            p.put(
                                "pools." + pool + ".zones." + zone,
                                nodeList(nodes),
                                "pools.\"" + pool + "\".zones.\"" + zone + "\"")));
    config.localZone().ifPresent(v -> p.put("local-zone", v, "local-zone"));
    config.primaryZone().ifPresent(v -> p.put("primary-zone", v, "primary-zone"));
    p.render("", "", config);
    config
        .remote()
        .failureThreshold()
        .ifPresent(
            v ->
                p.put("remote.failure-threshold", Integer.toString(v), "remote.failure-threshold"));
    config
        .remote()
        .probeInterval()
        .ifPresent(v -> p.put("remote.probe-interval", millis(v), "remote.probe-interval"));
    config
        .gutter()
        .servers()
        .ifPresent(v -> p.put("gutter.servers", nodeList(v), "gutter.servers"));
    config.gutter().ttl().ifPresent(v -> p.put("gutter.ttl", millis(v), "gutter.ttl"));
    config.topology().source().ifPresent(v -> p.put("topology.source", v, "topology.source"));
    config
        .topology()
        .refreshInterval()
        .ifPresent(v -> p.put("topology.refresh-interval", millis(v), "topology.refresh-interval"));
    config
        .topology()
        .migrationWindow()
        .ifPresent(v -> p.put("topology.migration-window", millis(v), "topology.migration-window"));
    config
        .topology()
        .prewarm()
        .ifPresent(v -> p.put("topology.prewarm", v.toString(), "topology.prewarm"));
    config
        .remote()
        .sasl()
        .username()
        .ifPresent(v -> p.put("remote.sasl.username", v, "remote.sasl.username"));
    config
        .remote()
        .sasl()
        .password()
        .ifPresent(v -> p.put("remote.sasl.password", v, "remote.sasl.password"));
    config
        .security()
        .signingKey()
        .ifPresent(v -> p.put("security.signing-key", v, "security.signing-key"));
    config
        .caches()
        .forEach(
            (name, cache) -> p.render("caches." + name + ".", "caches.\"" + name + "\".", cache));
    p.passThrough(propertyNames, rawValue);
    p.addAllowlists(config, allowedByCache);
    return p;
  }

  private void render(String key, String quarkusKey, CacheSettingsConfig c) {
    c.near().enabled().ifPresent(v -> put(key, quarkusKey, "near.enabled", v.toString()));
    c.near()
        .maximumSize()
        .ifPresent(v -> put(key, quarkusKey, "near.maximum-size", Long.toString(v)));
    c.near()
        .expireAfterWrite()
        .ifPresent(v -> put(key, quarkusKey, "near.expire-after-write", millis(v)));
    c.statistics()
        .enabled()
        .ifPresent(v -> put(key, quarkusKey, "statistics.enabled", v.toString()));
    c.management()
        .enabled()
        .ifPresent(v -> put(key, quarkusKey, "management.enabled", v.toString()));
    c.storeByValue().ifPresent(v -> put(key, quarkusKey, "store-by-value", v.toString()));
    c.pool().ifPresent(v -> put(key, quarkusKey, "pool", v));
    c.remote().enabled().ifPresent(v -> put(key, quarkusKey, "remote.enabled", v.toString()));
    c.remote().timeout().ifPresent(v -> put(key, quarkusKey, "remote.timeout", millis(v)));
    c.remote().warmUp().ifPresent(v -> put(key, quarkusKey, "remote.warm-up", v.toString()));
    c.remote()
        .tombstoneTtl()
        .ifPresent(v -> put(key, quarkusKey, "remote.tombstone-ttl", millis(v)));
    c.remote()
        .maxItemSize()
        .ifPresent(
            v -> put(key, quarkusKey, "remote.max-item-size", Long.toString(v.asLongValue())));
    c.write().ack().ifPresent(v -> put(key, quarkusKey, "write.ack", v.name()));
    c.coherence()
        .pollInterval()
        .ifPresent(v -> put(key, quarkusKey, "coherence.poll-interval", millis(v)));
    c.coherence()
        .partitions()
        .ifPresent(v -> put(key, quarkusKey, "coherence.partitions", Integer.toString(v)));
    c.coherence().transport().ifPresent(v -> put(key, quarkusKey, "coherence.transport", v));
    c.leases().enabled().ifPresent(v -> put(key, quarkusKey, "leases.enabled", v.toString()));
    c.leases().ttl().ifPresent(v -> put(key, quarkusKey, "leases.ttl", millis(v)));
    c.leases().leaseWait().ifPresent(v -> put(key, quarkusKey, "leases.wait", millis(v)));
    c.serialization()
        .allow()
        .ifPresent(v -> put(key, quarkusKey, "serialization.allow", String.join(";", v)));
  }

  private void put(String key, String quarkusKey, String suffix, String value) {
    put(key + suffix, value, quarkusKey + suffix);
  }

  private void put(String suffix, String value, String quarkusSuffix) {
    values.put(PROVIDER_PREFIX + suffix, value);
    origins.put(PROVIDER_PREFIX + suffix, QUARKUS_PREFIX + quarkusSuffix);
  }

  /** Hands over, as written, every property the typed configuration did not cover. */
  private void passThrough(Iterable<String> propertyNames, Function<String, Optional<String>> raw) {
    for (String name : propertyNames) {
      if (!name.startsWith(QUARKUS_PREFIX)) {
        continue;
      }
      String suffix = providerSuffix(name.substring(QUARKUS_PREFIX.length()));
      if (suffix == null || values.containsKey(PROVIDER_PREFIX + suffix)) {
        continue;
      }
      Optional<String> value = raw.apply(name);
      if (value.isPresent()) {
        values.put(PROVIDER_PREFIX + suffix, value.get());
        origins.put(PROVIDER_PREFIX + suffix, name);
      }
    }
  }

  /**
   * The provider key below {@code nearcache.} for a key below {@code quarkus.nearcache.}, with the
   * quotes around a cache, pool or zone name removed; null for the extension's own keys.
   */
  static String providerSuffix(String quarkusSuffix) {
    if (EXTENSION_KEYS.contains(quarkusSuffix)) {
      return null;
    }
    for (String map : List.of("caches.", "zones.", "pools.")) {
      if (quarkusSuffix.startsWith(map)) {
        String rest = quarkusSuffix.substring(map.length());
        String name;
        String remainder;
        if (rest.startsWith("\"")) {
          int close = rest.indexOf('"', 1);
          if (close < 0) {
            return null;
          }
          name = rest.substring(1, close);
          remainder = rest.substring(close + 1);
        } else {
          int dot = rest.indexOf('.');
          name = dot < 0 ? rest : rest.substring(0, dot);
          remainder = dot < 0 ? "" : rest.substring(dot);
        }
        if (map.equals("caches.")
            && EXTENSION_CACHE_KEYS.contains(remainder.replaceFirst("^\\.", ""))) {
          return null;
        }
        if (map.equals("pools.") && remainder.startsWith(".zones.")) {
          // A pool's zones: pools."sessions".zones."a" is pools.sessions.zones.a.
          return map + name + "." + providerSuffix(remainder.substring(1));
        }
        return map + name + remainder;
      }
    }
    return quarkusSuffix;
  }

  private void addAllowlists(
      NearcacheRuntimeConfig config, Map<String, List<String>> allowedByCache) {
    String global = PROVIDER_PREFIX + "serialization.allow";
    values.put(global, join(values.get(global), RemoteForms.ALLOW_PATTERNS));
    origins.putIfAbsent(global, QUARKUS_PREFIX + "serialization.allow");
    Set<String> caches = new LinkedHashSet<>(allowedByCache.keySet());
    for (String key : values.keySet()) {
      if (key.startsWith(PROVIDER_PREFIX + "caches.") && key.endsWith(".serialization.allow")) {
        caches.add(
            key.substring(
                (PROVIDER_PREFIX + "caches.").length(),
                key.length() - ".serialization.allow".length()));
      }
    }
    for (String cache : caches) {
      String key = PROVIDER_PREFIX + "caches." + cache + ".serialization.allow";
      String base = values.getOrDefault(key, values.get(global));
      List<String> found = allowedByCache.getOrDefault(cache, List.of());
      values.put(key, join(join(base, RemoteForms.ALLOW_PATTERNS), String.join(";", found)));
      origins.putIfAbsent(key, QUARKUS_PREFIX + "caches.\"" + cache + "\".serialization.allow");
    }
  }

  private static String join(String first, String second) {
    Set<String> patterns = new LinkedHashSet<>();
    for (String list : new String[] {first, second}) {
      if (list != null) {
        for (String pattern : list.split("[;,]")) {
          if (!pattern.isBlank()) {
            patterns.add(pattern.strip());
          }
        }
      }
    }
    return String.join(";", patterns);
  }

  private static String nodeList(List<String> nodes) {
    return nodes.stream().map(String::strip).collect(java.util.stream.Collectors.joining(","));
  }

  /** A duration in the provider's format: whole milliseconds, at least one for a positive one. */
  static String millis(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0 && !duration.isZero() && !duration.isNegative()) {
      millis = 1;
    }
    return millis + "ms";
  }

  /** The flat provider properties. */
  public Properties properties() {
    Properties properties = new Properties();
    properties.putAll(values);
    return properties;
  }

  /** The flat provider properties, in key order. */
  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }

  /** Whether any zone is configured, so the caches have a remote tier. */
  public boolean hasZones() {
    return values.keySet().stream().anyMatch(k -> k.startsWith(PROVIDER_PREFIX + "zones."));
  }

  /**
   * The provider's configuration error restated with the Quarkus properties it is about: every
   * provider key it names that came from a Quarkus property is replaced by that property, and the
   * remaining {@code nearcache.*} names by their {@code quarkus.nearcache.*} form. An error about a
   * value from a provider file or a {@code -Dnearcache.*} system property is left as it is.
   */
  public ConfigurationException translate(NearcacheConfigurationException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String passed = " in the properties passed to getCacheManager";
    if (!message.contains(passed) && !message.contains("nearcache.remote.sasl.")) {
      ConfigurationException kept = new ConfigurationException(message);
      kept.initCause(e);
      return kept;
    }
    String restated =
        message.replace("Invalid nearcache configuration" + passed + ": ", "").replace(passed, "");
    Set<String> named = new LinkedHashSet<>();
    List<String> keys = new ArrayList<>(origins.keySet());
    keys.sort(Comparator.comparingInt(String::length).reversed());
    for (String key : keys) {
      Matcher mention =
          Pattern.compile("(?<!quarkus\\.)" + Pattern.quote(key) + "(?![A-Za-z0-9_.\"-])")
              .matcher(restated);
      if (mention.find()) {
        named.add(origins.get(key));
        restated = mention.replaceAll(Matcher.quoteReplacement(origins.get(key)));
      }
    }
    restated =
        restated
            .replace(" " + PROVIDER_PREFIX, " " + QUARKUS_PREFIX)
            .replace("[" + PROVIDER_PREFIX, "[" + QUARKUS_PREFIX);
    String subject =
        named.isEmpty()
            ? "Invalid nearcache configuration"
            : named.size() == 1
                ? "Invalid configuration property " + named.iterator().next()
                : "Invalid configuration properties " + String.join(", ", named);
    ConfigurationException translated =
        new ConfigurationException(subject + ": " + restated, named);
    translated.initCause(e);
    return translated;
  }

  /** The provider keys and values, secrets hidden. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(java.util.Locale.ROOT);
          boolean secret =
              lower.contains("password") || lower.contains("secret") || lower.contains("signing");
          shown.put(key, secret ? "(hidden)" : value);
        });
    return shown.toString();
  }
}
