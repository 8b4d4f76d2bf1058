package io.nearcache.jcache.config;

import java.time.Duration;

/**
 * The nearcache settings of one cache, resolved from the properties and frozen when the cache is
 * created. A {@code null} flag means "as the JCache configuration says".
 *
 * @param cacheName the cache these settings belong to
 * @param nearEnabled whether the cache keeps a near tier (off: remote-only, needs zones)
 * @param maximumSize near-tier entries, 0 for unbounded
 * @param expireAfterWrite the hard cap on a near entry's life, or {@code null} for none
 * @param statisticsEnabled forces statistics on or off, or {@code null}
 * @param managementEnabled forces the configuration MXBean on or off, or {@code null}
 * @param storeByValue forces store-by-value on or off, or {@code null}
 * @param remote the remote-tier settings, used when zones are configured
 */
public record CacheSettings(
    String cacheName,
    boolean nearEnabled,
    long maximumSize,
    Duration expireAfterWrite,
    Boolean statisticsEnabled,
    Boolean managementEnabled,
    Boolean storeByValue,
    RemoteSettings remote) {

  /**
   * These settings with {@code patterns} appended to the deserialization allowlist; the same
   * settings when {@code patterns} is null.
   */
  public CacheSettings withSerializationAllowAlso(String patterns) {
    if (patterns == null) {
      return this;
    }
    return new CacheSettings(
        cacheName,
        nearEnabled,
        maximumSize,
        expireAfterWrite,
        statisticsEnabled,
        managementEnabled,
        storeByValue,
        remote.withSerializationAllowAlso(patterns));
  }
}
