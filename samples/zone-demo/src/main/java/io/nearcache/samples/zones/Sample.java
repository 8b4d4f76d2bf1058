package io.nearcache.samples.zones;

import java.util.HashMap;
import java.util.Map;

/**
 * One half-second {@code STATS} line of one instance.
 *
 * @param seconds when it arrived, in seconds since the demo started
 * @param instance the instance's name
 * @param gets reads in the interval
 * @param puts writes in the interval
 * @param near reads served by the near tier
 * @param remote reads served by memcached (any zone)
 * @param local reads served by the instance's local zone
 * @param misses reads that found nothing
 * @param errors exceptions that reached the workload
 * @param wrong values returned for another key
 * @param p50Micros get latency p50
 * @param p99Micros get latency p99
 * @param lagP99Millis invalidation lag p99 of the interval, -1 when nothing was invalidated
 * @param zones every zone as {@code name:up/total}, or {@code -} when embedded
 */
record Sample(
    double seconds,
    String instance,
    long gets,
    long puts,
    long near,
    long remote,
    long local,
    long misses,
    long errors,
    long wrong,
    long p50Micros,
    long p99Micros,
    long lagP99Millis,
    String zones) {

  /** Parses the fields of a STATS line ({@code key=value} separated by spaces). */
  static Sample parse(double seconds, String instance, String line) {
    Map<String, String> fields = new HashMap<>();
    for (String field : line.trim().split(" ")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        fields.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return new Sample(
        seconds,
        instance,
        number(fields, "gets"),
        number(fields, "puts"),
        number(fields, "near"),
        number(fields, "remote"),
        number(fields, "local"),
        number(fields, "misses"),
        number(fields, "errors"),
        number(fields, "wrong"),
        number(fields, "p50us"),
        number(fields, "p99us"),
        number(fields, "lagp99ms"),
        fields.getOrDefault("zones", "-"));
  }

  private static long number(Map<String, String> fields, String name) {
    String value = fields.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** Operations per second in the half-second interval. */
  double opsPerSecond() {
    return (gets + puts) * 2.0;
  }

  /** Share of reads served by the near tier. */
  double nearRatio() {
    return gets == 0 ? 0 : (double) near / gets;
  }

  /** Share of reads served by memcached. */
  double remoteRatio() {
    return gets == 0 ? 0 : (double) remote / gets;
  }

  /** Share of reads served by the local zone. */
  double localRatio() {
    return gets == 0 ? 0 : (double) local / gets;
  }

  /** Share of reads served by either tier. */
  double hitRatio() {
    return gets == 0 ? 0 : (double) (near + remote) / gets;
  }
}
