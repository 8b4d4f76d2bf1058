package io.nearcache.jcache.remote.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a zone reacts to a failing node.
 *
 * @param failureThreshold operations in a row that must fail or time out before the node is
 *     marked down ({@code nearcache.remote.failure-threshold})
 * @param probeInterval how often a node marked down is probed ({@code
 *     nearcache.remote.probe-interval})
 * @param gutterTtlSeconds the longest TTL an item gets in the gutter pool ({@code
 *     nearcache.gutter.ttl}), whole seconds
 * @param maxGutterKeys how many keys written to the gutter for one down node are remembered, to be
 *     deleted from the node before it serves again; past that the node is flushed instead
 */
public record FailoverSettings(
    int failureThreshold, Duration probeInterval, int gutterTtlSeconds, int maxGutterKeys) {
  /** The defaults: down after 3 failures, probed every second, gutter TTL 10 s, 100,000 keys. */
  public static final FailoverSettings DEFAULTS =
      new FailoverSettings(3, Duration.ofSeconds(1), 10, 100_000);

  /** Checks every value. */
  public FailoverSettings {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
    }
    requireNonNull(probeInterval, "probeInterval");
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("probeInterval must be positive: " + probeInterval);
    }
    if (gutterTtlSeconds < 1) {
      throw new IllegalArgumentException("gutterTtlSeconds must be at least 1: " + gutterTtlSeconds);
    }
    if (maxGutterKeys < 0) {
      throw new IllegalArgumentException("maxGutterKeys must not be negative: " + maxGutterKeys);
    }
  }
}
