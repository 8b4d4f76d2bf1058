package io.nearcache.jcache.config;

import java.time.Duration;

/**
 * The remote-tier settings of one cache.
 *
 * @param enabled whether the cache uses memcached when zones are configured
 * @param timeout the per-operation timeout
 * @param ack how many zones acknowledge a write before it returns
 * @param warmUp whether a hit found in another zone is copied into the local zone
 * @param maxItemSize the largest encoded entry memcached accepts, in bytes
 * @param serializationAllow extra deserialization allowlist patterns, or null
 * @param pollInterval how often the invalidation journal is read
 * @param partitions the invalidation journal's partitions
 * @param leases whether read-through fills take a lease
 * @param leaseTtl how long a lease lets its holder load
 * @param leaseWait how long a caller waits for another caller's lease
 * @param tombstoneTtl how long a removal's tombstone stays in memcached, at least a second
 */
public record RemoteSettings(
    boolean enabled,
    Duration timeout,
    WriteAck ack,
    boolean warmUp,
    long maxItemSize,
    String serializationAllow,
    Duration pollInterval,
    int partitions,
    boolean leases,
    Duration leaseTtl,
    Duration leaseWait,
    Duration tombstoneTtl) {

  /**
   * These settings with {@code patterns} appended to the deserialization allowlist; the same
   * settings when {@code patterns} is null.
   */
  public RemoteSettings withSerializationAllowAlso(String patterns) {
    if (patterns == null) {
      return this;
    }
    String allow = serializationAllow == null ? patterns : serializationAllow + ";" + patterns;
    return new RemoteSettings(
        enabled,
        timeout,
        ack,
        warmUp,
        maxItemSize,
        allow,
        pollInterval,
        partitions,
        leases,
        leaseTtl,
        leaseWait,
        tombstoneTtl);
  }
}
