package io.nearcache.jcache.config;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.remote.topology.KetamaRing;
import io.nearcache.jcache.remote.topology.ServerList;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The flat {@code nearcache.*} properties of one CacheManager: those of the file that its URI
 * names, overridden by the properties passed to {@code getCacheManager}, overridden in turn by
 * {@code -Dnearcache.*} JVM system properties (the operator's last word). Every key and value is
 * validated when loaded, so a mistake fails at start-up with a message naming where the value came
 * from, the key, the value and what is allowed.
 */
public final class NearcacheProperties {
  /** The most invalidation journal partitions a cache may have. */
  public static final int MAX_PARTITIONS = 4096;

  /** The prefix of every key. */
  public static final String PREFIX = "nearcache.";

  /** The resource the default URI reads when it is present on the classpath. */
  public static final String DEFAULT_RESOURCE = "nearcache.properties";

  private static final String CACHES = PREFIX + "caches.";
  private static final String ZONES = PREFIX + "zones.";
  private static final String POOLS = PREFIX + "pools.";
  private static final String DEFAULT_POOL = "default";
  private static final Set<String> GLOBAL_KEYS = Set.of("local-zone", "primary-zone");

  /** The SASL user every zone client authenticates as; for all caches only. */
  public static final String SASL_USERNAME = PREFIX + "remote.sasl.username";

  /** The SASL user's password, or where to read it; for all caches only. */
  public static final String SASL_PASSWORD = PREFIX + "remote.sasl.password";

  /** The key that signs remote entries, or where to read it; for all caches only. */
  public static final String SIGNING_KEY = PREFIX + "security.signing-key";

  private static final Set<String> SECURITY_KEYS = Set.of(SASL_USERNAME, SASL_PASSWORD, SIGNING_KEY);
  private static final Set<String> SECRET_KEYS = Set.of(SASL_PASSWORD, SIGNING_KEY);

  private final Map<String, String> values;
  private final Map<String, String> sources;
  private String saslPassword;
  private byte[] signingKey;

  private NearcacheProperties(Map<String, String> values, Map<String, String> sources) {
    this.values = Collections.unmodifiableMap(values);
    this.sources = Collections.unmodifiableMap(sources);
  }

  /** Properties with nothing configured: every default applies. */
  public static NearcacheProperties empty() {
    return new NearcacheProperties(new TreeMap<>(), new TreeMap<>());
  }

  /**
   * Loads the properties of a CacheManager.
   *
   * @param uri the CacheManager URI; {@code classpath:} and {@code file:} URIs name a properties
   *     file that must exist, other URIs name no file
   * @param defaultUri the provider's default URI, whose file is optional
   * @param classLoader the loader for {@code classpath:} resources
   * @param overrides properties passed to {@code getCacheManager}, overriding the file
   */
  public static NearcacheProperties load(
      URI uri, URI defaultUri, ClassLoader classLoader, Properties overrides) {
    requireNonNull(uri);
    requireNonNull(classLoader);
    Map<String, String> values = new TreeMap<>();
    Map<String, String> sources = new TreeMap<>();
    Properties file = readFile(uri, uri.equals(defaultUri), classLoader);
    if (file != null) {
      put(file, uri.toString(), values, sources);
    }
    if (overrides != null) {
      put(overrides, "the properties passed to getCacheManager", values, sources);
    }
    put(System.getProperties(), "the JVM system properties", values, sources);
    NearcacheProperties loaded = new NearcacheProperties(values, sources);
    loaded.validate();
    return loaded;
  }

  private static void put(
      Properties from, String source, Map<String, String> values, Map<String, String> sources) {
    for (String name : from.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        values.put(name, from.getProperty(name).trim());
        sources.put(name, source);
      }
    }
  }

  private static Properties readFile(URI uri, boolean optional, ClassLoader classLoader) {
    String scheme = uri.getScheme();
    if ("classpath".equals(scheme)) {
      String resource = uri.getSchemeSpecificPart();
      resource = resource.startsWith("/") ? resource.substring(1) : resource;
      try (InputStream in = classLoader.getResourceAsStream(resource)) {
        if (in == null) {
          if (optional) {
            return null;
          }
          throw new NearcacheConfigurationException(
              "nearcache configuration file "
                  + uri
                  + " was not found on the classpath; add "
                  + resource
                  + " to the classpath or use another CacheManager URI");
        }
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), uri);
      } catch (IOException e) {
        throw new NearcacheConfigurationException(
            "nearcache configuration file " + uri + " could not be read: " + e.getMessage(), e);
      }
    }
    if ("file".equals(scheme)) {
      Path path = Path.of(uri);
      try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        return read(in, uri);
      } catch (NoSuchFileException e) {
        if (optional) {
          return null;
        }
        throw new NearcacheConfigurationException(
            "nearcache configuration file " + path + " does not exist; create it or use another"
                + " CacheManager URI",
            e);
      } catch (IOException e) {
        throw new NearcacheConfigurationException(
            "nearcache configuration file " + path + " could not be read: " + e.getMessage(), e);
      }
    }
    return null;
  }

  private static Properties read(Reader in, URI uri) throws IOException {
    Properties properties = new Properties();
    try {
      properties.load(in);
    } catch (IllegalArgumentException e) {
      throw new NearcacheConfigurationException(
          "nearcache configuration file " + uri + " is not a valid properties file: "
              + e.getMessage(),
          e);
    }
    return properties;
  }

  private void validate() {
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      String rest = key.substring(PREFIX.length());
      if (key.startsWith(ZONES)) {
        validateZone(key, entry.getValue());
      } else if (key.startsWith(POOLS)) {
        validatePoolZone(key, entry.getValue());
      } else if (SECURITY_KEYS.contains(key)) {
        if (entry.getValue().isEmpty()) {
          throw invalid(key, entry.getValue(), "a non-empty text");
        }
      } else if (GLOBAL_KEYS.contains(rest)) {
        if (entry.getValue().isEmpty()) {
          throw invalid(key, entry.getValue(), "a zone name");
        }
      } else if (key.startsWith(CACHES)) {
        String cacheAndKey = key.substring(CACHES.length());
        SettingKey setting = null;
        for (SettingKey candidate : SettingKey.values()) {
          String suffix = "." + candidate.suffix();
          if (cacheAndKey.endsWith(suffix) && cacheAndKey.length() > suffix.length()) {
            setting = candidate;
            break;
          }
        }
        if (setting == null) {
          throw unknown(key);
        }
        if (!setting.perCache()) {
          throw invalid(
              key,
              entry.getValue(),
              "no per-cache value: "
                  + PREFIX
                  + setting.suffix()
                  + " applies to the whole CacheManager; set that key instead");
        }
        check(key, setting);
      } else {
        SettingKey setting = SettingKey.bySuffix(rest).orElseThrow(() -> unknown(key));
        check(key, setting);
      }
    }
    validateSecurity();
    validatePoolNames();
    Set<String> zones = zoneNames();
    for (String key : GLOBAL_KEYS) {
      String value = values.get(PREFIX + key);
      if (value != null && !zones.contains(value)) {
        throw invalid(
            PREFIX + key,
            value,
            zones.isEmpty()
                ? "no zone at all: configure nearcache.zones.<zone> first"
                : "one of the configured zones " + zones);
      }
    }
  }

  /**
   * The memcached topology, or null when no zone is configured (near tier only).
   *
   * @param environmentZone the {@code NEARCACHE_ZONE} environment variable, or null
   */
  public Topology topology(String environmentZone) {
    Set<String> zones = zoneNames();
    if (zones.isEmpty()) {
      return null;
    }
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    for (String zone : zones) {
      List<String> list = new ArrayList<>();
      for (String node : values.get(ZONES + zone).split(",")) {
        // host:port without the node's attributes (;weight=...)
        list.add(node.split(";", 2)[0].trim());
      }
      nodes.put(zone, List.copyOf(list));
    }
    String primary = values.getOrDefault(PREFIX + "primary-zone", zones.iterator().next());
    String local = values.get(PREFIX + "local-zone");
    if (local == null && environmentZone != null && !environmentZone.isBlank()) {
      local = environmentZone.trim();
      if (!zones.contains(local)) {
        throw new NearcacheConfigurationException(
            "The NEARCACHE_ZONE environment variable names zone "
                + local
                + ", which is not configured; set it to one of "
                + zones
                + " or set nearcache.local-zone");
      }
    }
    return new Topology(nodes, local == null ? primary : local, primary, local != null);
  }

  /** Resolves the secrets now, so that a missing variable or file fails at start-up. */
  private void validateSecurity() {
    String user = values.get(SASL_USERNAME);
    String password = values.get(SASL_PASSWORD);
    if ((user == null) != (password == null)) {
      String given = user == null ? SASL_PASSWORD : SASL_USERNAME;
      String missing = user == null ? SASL_USERNAME : SASL_PASSWORD;
      throw new NearcacheConfigurationException(
          "Invalid nearcache configuration in "
              + sources.get(given)
              + ": "
              + given
              + " is set but "
              + missing
              + " is not; SASL needs both, or neither");
    }
    try {
      if (password != null) {
        saslPassword = Secrets.resolve(SASL_PASSWORD, password, System::getenv);
      }
      String key = values.get(SIGNING_KEY);
      if (key != null) {
        signingKey = Secrets.signingKey(SIGNING_KEY, key, System::getenv);
      }
    } catch (NearcacheConfigurationException e) {
      String key = e.getMessage().startsWith(SASL_PASSWORD) ? SASL_PASSWORD : SIGNING_KEY;
      throw new NearcacheConfigurationException(
          "Invalid nearcache configuration in " + sources.get(key) + ": " + e.getMessage(),
          e.getCause());
    }
  }

  /** The SASL user every zone client authenticates as, or null for no authentication. */
  public String saslUsername() {
    return values.get(SASL_USERNAME);
  }

  /** The SASL password, resolved from the environment or a file when so configured, or null. */
  public String saslPassword() {
    return saslPassword;
  }

  /** The bytes of the signing key, resolved and decoded, or null when entries are not signed. */
  public byte[] signingKey() {
    return signingKey == null ? null : signingKey.clone();
  }

  private void validateZone(String key, String value) {
    String zone = key.substring(ZONES.length());
    if (zone.isEmpty() || zone.contains(".")) {
      throw invalid(key, value, "a key of the form nearcache.zones.<zone> with a plain zone name");
    }
    validateZoneNodes(key, value);
  }

  private void validatePoolZone(String key, String value) {
    String rest = key.substring(POOLS.length());
    int at = rest.indexOf(".zones.");
    String pool = at < 0 ? "" : rest.substring(0, at);
    String zone = at < 0 ? "" : rest.substring(at + ".zones.".length());
    if (pool.isEmpty() || pool.contains(".") || zone.isEmpty() || zone.contains(".")
        || pool.equals(DEFAULT_POOL)) {
      throw invalid(
          key,
          value,
          "a key of the form nearcache.pools.<pool>.zones.<zone> with plain pool and zone names"
              + " (the default pool is configured by nearcache.zones.<zone>)");
    }
    validateZoneNodes(key, value);
  }

  /** Every pool a cache names must be configured. */
  private void validatePoolNames() {
    Set<String> pools = poolNames();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (key.endsWith("." + SettingKey.POOL.suffix())
          && (key.startsWith(CACHES) || key.equals(PREFIX + SettingKey.POOL.suffix()))
          && !pools.contains(entry.getValue().trim())) {
        throw invalid(
            key,
            entry.getValue(),
            "one of the configured pools "
                + pools
                + " (configure nearcache.pools.<pool>.zones.<zone> first)");
      }
    }
    String source = values.get(PREFIX + SettingKey.TOPOLOGY_SOURCE.suffix());
    if (source != null
        && !source.equals("static")
        && !(source.startsWith("file:") && source.length() > "file:".length())
        && !source.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")) {
      throw invalid(
          PREFIX + SettingKey.TOPOLOGY_SOURCE.suffix(),
          source,
          "static, file:<path>, or the class name of a ServerListSource");
    }
  }

  /** The pools caches may name: {@code default} ({@code nearcache.zones.*}) and every other pool. */
  public Set<String> poolNames() {
    Set<String> pools = new TreeSet<>();
    pools.add(DEFAULT_POOL);
    for (String key : values.keySet()) {
      if (key.startsWith(POOLS) && key.indexOf(".zones.", POOLS.length()) > 0) {
        pools.add(key.substring(POOLS.length(), key.indexOf(".zones.", POOLS.length())));
      }
    }
    return pools;
  }

  /** The pool whose zones hold the cache's entries ({@code default} unless configured). */
  public String poolFor(String cacheName) {
    return raw(requireNonNull(cacheName), SettingKey.POOL).trim();
  }

  /**
   * The node list keys ({@code nearcache.zones.*} and {@code nearcache.pools.*}) and their values:
   * the configured, static server lists.
   */
  public Map<String, String> serverListProperties() {
    Map<String, String> lists = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(ZONES) || key.startsWith(POOLS)) {
            lists.put(key, value);
          }
        });
    return lists;
  }

  /** A zone's list: host:port nodes, each with an optional weight. */
  private void validateZoneNodes(String key, String value) {
    try {
      for (String node : value.split(",", -1)) {
        if (node.isBlank()) {
          throw new IllegalArgumentException("an empty node between commas");
        }
      }
      ServerList.parse(Map.of(key, value));
    } catch (IllegalArgumentException e) {
      throw invalid(
          key,
          value,
          "a comma-separated list of host:port memcached nodes, each optionally followed by"
              + " ;weight=<1-"
              + KetamaRing.MAX_WEIGHT
              + "> ("
              + e.getMessage()
              + ")");
    }
  }

  private void validateNodes(String key, String value) {
    for (String node : value.split(",")) {
      String n = node.trim();
      int colon = n.lastIndexOf(':');
      boolean ok = colon > 0 && colon < n.length() - 1;
      if (ok) {
        long port = ValueParsers.count(n.substring(colon + 1));
        ok = port > 0 && port < 65536;
      }
      if (!ok) {
        throw invalid(key, value, "a comma-separated list of host:port memcached nodes");
      }
    }
  }

  private void check(String key, SettingKey setting) {
    String value = values.get(key);
    boolean ok;
    switch (setting.kind()) {
      case COUNT:
        ok = ValueParsers.count(value) >= 0;
        break;
      case DURATION:
        ok = ValueParsers.duration(value) != null;
        break;
      case FLAG:
        ok = ValueParsers.flag(value) != null;
        break;
      case SIZE:
        ok = ValueParsers.size(value) > 0;
        break;
      case TEXT:
        ok = !value.isBlank();
        break;
      case NODES:
        validateNodes(key, value);
        ok = true;
        break;
      default:
        ok = parseAck(value) != null;
        break;
    }
    if (!ok) {
      throw invalid(key, value, setting.kind().allowed);
    }
    if (setting == SettingKey.REMOTE_FAILURE_THRESHOLD && ValueParsers.count(value) < 1) {
      throw invalid(key, value, "a whole number of at least 1");
    }
    if (setting == SettingKey.COHERENCE_PARTITIONS) {
      long partitions = ValueParsers.count(value);
      if (partitions < 1 || partitions > MAX_PARTITIONS) {
        throw invalid(
            key,
            value,
            "a whole number from 1 to "
                + MAX_PARTITIONS
                + " (each partition is one journal counter read on every poll)");
      }
    }
    if ((setting == SettingKey.GUTTER_TTL || setting == SettingKey.REMOTE_TOMBSTONE_TTL)
        && ValueParsers.duration(value).toSeconds() < 1) {
      throw invalid(key, value, "at least 1s (memcached counts whole seconds)");
    }
    if ((setting == SettingKey.REMOTE_PROBE_INTERVAL
            || setting == SettingKey.LEASES_TTL
            || setting == SettingKey.REMOTE_TIMEOUT)
        && ValueParsers.duration(value).isZero()) {
      throw invalid(key, value, "a duration greater than zero");
    }
    if (setting == SettingKey.NEAR_EXPIRE_AFTER_WRITE && ValueParsers.duration(value).isZero()) {
      throw invalid(key, value, "a duration greater than zero; leave the key out for no cap");
    }
  }

  private static WriteAck parseAck(String value) {
    for (WriteAck ack : WriteAck.values()) {
      if (ack.name().equalsIgnoreCase(value.trim())) {
        return ack;
      }
    }
    return null;
  }

  private NearcacheConfigurationException invalid(String key, String value, String allowed) {
    return new NearcacheConfigurationException(
        "Invalid nearcache configuration in "
            + sources.get(key)
            + ": "
            + key
            + "="
            + shown(key, value)
            + " is not allowed; expected "
            + allowed);
  }

  private NearcacheConfigurationException unknown(String key) {
    Set<String> known = new TreeSet<>();
    for (SettingKey k : SettingKey.values()) {
      known.add(PREFIX + k.suffix());
    }
    known.add(PREFIX + "caches.<cache>.<any key above>");
    known.add(PREFIX + "zones.<zone>");
    known.add(PREFIX + "pools.<pool>.zones.<zone>");
    GLOBAL_KEYS.forEach(k -> known.add(PREFIX + k));
    known.addAll(SECURITY_KEYS);
    return new NearcacheConfigurationException(
        "Unknown nearcache configuration key "
            + key
            + "="
            + shown(key, values.get(key))
            + " in "
            + sources.get(key)
            + "; known keys are "
            + known);
  }

  /**
   * The value as an error message may show it: secrets, and anything whose name suggests one (a
   * mistyped secret key), are hidden.
   */
  private static String shown(String key, String value) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    boolean secret =
        SECRET_KEYS.contains(key)
            || lower.contains("password")
            || lower.contains("secret")
            || lower.contains("sasl")
            || lower.contains("signing");
    return secret ? "(hidden)" : value;
  }

  /** The configured zone names in sort order; empty when only the near tier runs. */
  public Set<String> zoneNames() {
    Set<String> zones = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(ZONES)) {
        zones.add(key.substring(ZONES.length()));
      }
    }
    return zones;
  }

  /** The names of caches that have settings of their own, in sort order. */
  public Set<String> configuredCacheNames() {
    Set<String> names = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(CACHES)) {
        String cacheAndKey = key.substring(CACHES.length());
        for (SettingKey candidate : SettingKey.values()) {
          String suffix = "." + candidate.suffix();
          if (cacheAndKey.endsWith(suffix)) {
            names.add(cacheAndKey.substring(0, cacheAndKey.length() - suffix.length()));
            break;
          }
        }
      }
    }
    return names;
  }

  /**
   * A CacheManager-wide setting as configured, else its default; null when it has neither.
   *
   * @throws IllegalArgumentException for a key that may be set per cache: use {@link
   *     #settingsFor}
   */
  public String managerSetting(SettingKey key) {
    if (key.perCache()) {
      throw new IllegalArgumentException(key.suffix() + " is a per-cache key");
    }
    return values.getOrDefault(PREFIX + key.suffix(), key.defaultValue());
  }

  /** Operations in a row that fail before a node is marked down. */
  public int failureThreshold() {
    long threshold = ValueParsers.count(managerSetting(SettingKey.REMOTE_FAILURE_THRESHOLD));
    return (int) Math.min(Integer.MAX_VALUE, threshold);
  }

  /** How often a node marked down is probed. */
  public Duration probeInterval() {
    return ValueParsers.duration(managerSetting(SettingKey.REMOTE_PROBE_INTERVAL));
  }

  /** The gutter pool's {@code host:port} nodes; empty when no gutter is configured. */
  public List<String> gutterServers() {
    String servers = managerSetting(SettingKey.GUTTER_SERVERS);
    List<String> nodes = new ArrayList<>();
    if (servers != null) {
      for (String node : servers.split(",")) {
        nodes.add(node.trim());
      }
    }
    return List.copyOf(nodes);
  }

  /** The longest TTL of a gutter item. */
  public Duration gutterTtl() {
    return ValueParsers.duration(managerSetting(SettingKey.GUTTER_TTL));
  }

  /** How often the topology source is asked for the node lists. */
  public Duration topologyRefreshInterval() {
    return ValueParsers.duration(managerSetting(SettingKey.TOPOLOGY_REFRESH_INTERVAL));
  }

  /** How long after a node list change moved keys are pre-warmed from the previous ring. */
  public Duration migrationWindow() {
    return ValueParsers.duration(managerSetting(SettingKey.TOPOLOGY_MIGRATION_WINDOW));
  }

  /** Whether moved keys are pre-warmed from the previous ring after a node list change. */
  public boolean prewarm() {
    return Boolean.TRUE.equals(ValueParsers.flag(managerSetting(SettingKey.TOPOLOGY_PREWARM)));
  }

  /** The configured invalidation transport class name, or null. */
  public String coherenceTransport() {
    return values.get(PREFIX + SettingKey.COHERENCE_TRANSPORT.suffix());
  }

  /** Every configured key and its value, in key order; secrets read {@code (hidden)}. */
  public Map<String, String> asMap() {
    Map<String, String> copy = new LinkedHashMap<>(values);
    SECRET_KEYS.forEach(key -> copy.computeIfPresent(key, (k, v) -> "(hidden)"));
    return copy;
  }

  /** The settings of one cache: its own keys, else the keys for all caches, else the defaults. */
  public CacheSettings settingsFor(String cacheName) {
    requireNonNull(cacheName);
    long maximumSize = ValueParsers.count(raw(cacheName, SettingKey.NEAR_MAXIMUM_SIZE));
    String cap = raw(cacheName, SettingKey.NEAR_EXPIRE_AFTER_WRITE);
    Duration expireAfterWrite = cap == null ? null : ValueParsers.duration(cap);
    return new CacheSettings(
        cacheName,
        Boolean.TRUE.equals(flag(cacheName, SettingKey.NEAR_ENABLED)),
        maximumSize,
        expireAfterWrite,
        flag(cacheName, SettingKey.STATISTICS_ENABLED),
        flag(cacheName, SettingKey.MANAGEMENT_ENABLED),
        flag(cacheName, SettingKey.STORE_BY_VALUE),
        new RemoteSettings(
            flag(cacheName, SettingKey.REMOTE_ENABLED),
            ValueParsers.duration(raw(cacheName, SettingKey.REMOTE_TIMEOUT)),
            parseAck(raw(cacheName, SettingKey.WRITE_ACK)),
            flag(cacheName, SettingKey.REMOTE_WARM_UP),
            ValueParsers.size(raw(cacheName, SettingKey.REMOTE_MAX_ITEM_SIZE)),
            raw(cacheName, SettingKey.SERIALIZATION_ALLOW),
            ValueParsers.duration(raw(cacheName, SettingKey.COHERENCE_POLL_INTERVAL)),
            (int) ValueParsers.count(raw(cacheName, SettingKey.COHERENCE_PARTITIONS)),
            Boolean.TRUE.equals(flag(cacheName, SettingKey.LEASES_ENABLED)),
            ValueParsers.duration(raw(cacheName, SettingKey.LEASES_TTL)),
            ValueParsers.duration(raw(cacheName, SettingKey.LEASES_WAIT)),
            ValueParsers.duration(raw(cacheName, SettingKey.REMOTE_TOMBSTONE_TTL))));
  }

  private Boolean flag(String cacheName, SettingKey key) {
    String value = raw(cacheName, key);
    return value == null ? null : ValueParsers.flag(value);
  }

  private String raw(String cacheName, SettingKey key) {
    String own = values.get(CACHES + cacheName + "." + key.suffix());
    if (own != null) {
      return own;
    }
    String all = values.get(PREFIX + key.suffix());
    return all != null ? all : key.defaultValue();
  }
}
