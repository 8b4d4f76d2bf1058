package io.nearcache.spring;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Turns the bound {@link NearcacheProperties} into the flat {@code nearcache.*} properties the
 * provider reads. Settings left unset are not written, so the provider's own defaults apply. Every
 * {@code nearcache.*} property of the environment that no field took (a key this starter does not
 * know, or a cache name with dots written without brackets) is handed over as written, and the
 * provider validates it like any other.
 */
final class ProviderProperties {
  /**
   * Classes the Spring cache abstraction itself stores: the marker for a cached null and the key of
   * methods with several parameters. They must deserialize from memcached like the values.
   */
  static final List<String> SPRING_CACHE_CLASSES =
      List.of(
          "org.springframework.cache.support.NullValue",
          "org.springframework.cache.interceptor.SimpleKey");

  private static final String PREFIX = NearcacheProperties.PREFIX + ".";
  private static final String STATISTICS_ENABLED = PREFIX + "statistics.enabled";

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, ConfigurationPropertyName> names = new LinkedHashMap<>();

  private ProviderProperties() {}

  /**
   * The provider properties of an application.
   *
   * @param bound the bound properties bean
   * @param environment where the properties came from, for keys without a field and for origins
   * @param file the {@code nearcache.*} keys of a nearcache properties file, or empty; every
   *     environment property overrides them
   */
  static ProviderProperties of(
      NearcacheProperties bound, Environment environment, Properties file) {
    requireNonNull(bound, "bound");
    requireNonNull(environment, "environment");
    requireNonNull(file, "file");
    ProviderProperties result = new ProviderProperties();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        result.values.put(key, file.getProperty(key).trim());
      }
    }
    bound.getZones().forEach((zone, nodes) -> result.put("zones." + zone, nodeList(nodes)));
    bound
        .getPools()
        .forEach(
            (pool, settings) ->
                settings
                    .getZones()
                    .forEach(
                        (zone, nodes) ->
                            result.put("pools." + pool + ".zones." + zone, nodeList(nodes))));
    result.put("local-zone", bound.getLocalZone());
    result.put("primary-zone", bound.getPrimaryZone());
    result.settings(PREFIX, bound);
    if (!bound.getGutter().getServers().isEmpty()) {
      result.put("gutter.servers", nodeList(bound.getGutter().getServers()));
    }
    result.put("gutter.ttl", millis(PREFIX + "gutter.ttl", bound.getGutter().getTtl()));
    String fileStatistics = file.getProperty(STATISTICS_ENABLED);
    if (fileStatistics != null
        && !Binder.get(environment).bind(STATISTICS_ENABLED, Boolean.class).isBound()) {
      // The starter's default (statistics on) yields to a nearcache properties file that decides.
      result.values.put(STATISTICS_ENABLED, fileStatistics.trim());
    }
    bound
        .getCaches()
        .forEach((cache, settings) -> result.settings(PREFIX + "caches." + cache + ".", settings));
    result.passThrough(environment);
    return result;
  }

  private void settings(String prefix, NearcacheSettings settings) {
    NearcacheSettings.Near near = settings.getNear();
    put(prefix, "near.enabled", near.getEnabled());
    put(prefix, "near.maximum-size", near.getMaximumSize());
    put(
        prefix,
        "near.expire-after-write",
        millis(prefix + "near.expire-after-write", near.getExpireAfterWrite()));
    put(prefix, "statistics.enabled", settings.getStatistics().getEnabled());
    put(prefix, "management.enabled", settings.getManagement().getEnabled());
    put(prefix, "store-by-value", settings.getStoreByValue());
    put(prefix, "pool", settings.getPool());
    NearcacheSettings.Remote remote = settings.getRemote();
    put(prefix, "remote.enabled", remote.getEnabled());
    put(prefix, "remote.timeout", millis(prefix + "remote.timeout", remote.getTimeout()));
    put(prefix, "remote.warm-up", remote.getWarmUp());
    put(
        prefix,
        "remote.tombstone-ttl",
        millis(prefix + "remote.tombstone-ttl", remote.getTombstoneTtl()));
    put(prefix, "remote.failure-threshold", remote.getFailureThreshold());
    put(
        prefix,
        "remote.probe-interval",
        millis(prefix + "remote.probe-interval", remote.getProbeInterval()));
    put(
        prefix,
        "remote.max-item-size",
        remote.getMaxItemSize() == null ? null : remote.getMaxItemSize().toBytes());
    put(
        prefix,
        "write.ack",
        settings.getWrite().getAck() == null ? null : settings.getWrite().getAck().name());
    NearcacheSettings.Coherence coherence = settings.getCoherence();
    put(
        prefix,
        "coherence.poll-interval",
        millis(prefix + "coherence.poll-interval", coherence.getPollInterval()));
    put(prefix, "coherence.partitions", coherence.getPartitions());
    put(
        prefix,
        "coherence.transport",
        coherence.getTransport() == null ? null : coherence.getTransport().getName());
    put(prefix, "leases.enabled", settings.getLeases().getEnabled());
    put(prefix, "leases.ttl", millis(prefix + "leases.ttl", settings.getLeases().getTtl()));
    put(prefix, "leases.wait", millis(prefix + "leases.wait", settings.getLeases().getWait()));
    List<String> allow = settings.getSerialization().getAllow();
    boolean everyCache = prefix.equals(PREFIX);
    if (everyCache || !allow.isEmpty()) {
      // A cache's own list replaces the list for every cache, so it needs Spring's classes too.
      Set<String> patterns = new LinkedHashSet<>();
      for (String pattern : allow) {
        for (String part : pattern.split(";")) {
          if (!part.isBlank()) {
            patterns.add(part.trim());
          }
        }
      }
      patterns.addAll(SPRING_CACHE_CLASSES);
      put(prefix, "serialization.allow", String.join(";", patterns));
    }
  }

  private void put(String relativeKey, Object value) {
    put(PREFIX, relativeKey, value);
  }

  private void put(String prefix, String relativeKey, Object value) {
    if (value != null) {
      String key = prefix + relativeKey;
      values.put(key, value.toString());
      if (ConfigurationPropertyName.isValid(key)) {
        names.put(key, ConfigurationPropertyName.of(key));
      }
    }
  }

  private static String nodeList(List<String> nodes) {
    StringJoiner joined = new StringJoiner(",");
    nodes.forEach(node -> joined.add(node.trim()));
    return joined.toString();
  }

  /**
   * A duration as the provider writes it; the provider counts whole milliseconds, so a finer
   * duration fails here, naming the property.
   */
  private static String millis(String key, Duration duration) {
    if (duration == null) {
      return null;
    }
    if (duration.isNegative() || duration.toNanos() % 1_000_000L != 0) {
      throw new NearcacheConfigurationException(
          "Invalid nearcache configuration: "
              + key
              + "="
              + duration
              + " is not allowed; expected whole milliseconds, 0 or more (for example 250ms, 30s)");
    }
    return duration.toMillis() + "ms";
  }

  /** Hands over every {@code nearcache.*} property that no field of the properties bean took. */
  private void passThrough(Environment environment) {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(NearcacheProperties.PREFIX);
    BoundNames bound = new BoundNames();
    Binder.get(environment).bind(root, Bindable.ofInstance(new NearcacheProperties()), bound);
    Set<String> seen = new HashSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      List<ConfigurationPropertyName> candidates = new ArrayList<>();
      iterable.filter(root::isAncestorOf).forEach(candidates::add);
      for (ConfigurationPropertyName name : candidates) {
        String uniform = uniform(name);
        if (bound.contains(uniform) || !seen.add(uniform)) {
          continue;
        }
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property != null && property.getValue() != null) {
          String key = providerKey(name);
          values.put(key, property.getValue().toString().trim());
          names.put(key, name);
        }
      }
    }
  }

  /** The provider's spelling of a property name: its elements as written, joined by dots. */
  private static String providerKey(ConfigurationPropertyName name) {
    StringJoiner key = new StringJoiner(".");
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      key.add(name.getElement(i, Form.ORIGINAL));
    }
    return key.toString();
  }

  /** A spelling-independent form of a name, as Spring's relaxed binding compares names. */
  private static String uniform(ConfigurationPropertyName name) {
    StringJoiner key = new StringJoiner(".");
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      key.add(
          name.isNumericIndex(i) || name.getElement(i, Form.ORIGINAL).contains(".")
              ? "[" + name.getElement(i, Form.ORIGINAL) + "]"
              : name.getElement(i, Form.UNIFORM));
    }
    return key.toString();
  }

  /** The properties to hand to {@code getCacheManager}. */
  Properties asProperties() {
    Properties properties = new Properties();
    values.forEach(properties::setProperty);
    return properties;
  }

  /** The provider keys, in the order they were written. */
  Map<String, String> asMap() {
    return new LinkedHashMap<>(values);
  }

  /**
   * Where the property behind a provider key was set (a file and line, an environment variable), or
   * null when the key came from a nearcache properties file or a customizer.
   */
  Origin originOf(String key, Environment environment) {
    ConfigurationPropertyName name = names.get(key);
    if (name == null) {
      return null;
    }
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      ConfigurationProperty property = source.getConfigurationProperty(name);
      if (property != null) {
        return property.getOrigin();
      }
    }
    return null;
  }

  /** Records every name that binding the properties bean consumed. */
  private static final class BoundNames extends AbstractBindHandler {
    private final Set<String> names = new HashSet<>();

    @Override
    public Object onSuccess(
        ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
      names.add(uniform(name));
      return super.onSuccess(name, target, context, result);
    }

    boolean contains(String uniformName) {
      return names.contains(uniformName);
    }
  }
}
