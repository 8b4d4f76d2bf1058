package io.nearcache.jcache.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the value formats of the configuration contract: durations, sizes, counts and flags. */
final class ValueParsers {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

  private ValueParsers() {}

  /** What a duration must look like, for error messages. */
  static final String DURATION_FORMAT =
      "a whole number followed by a unit: ms, s, m, h or d (for example 100ms, 30s, 5m)";

  /** What a size must look like, for error messages. */
  static final String SIZE_FORMAT =
      "a whole number of bytes, optionally followed by KB, MB or GB (for example 512KB, 64MB)";

  /** What a count must look like, for error messages. */
  static final String COUNT_FORMAT = "a whole number, 0 or more (for example 10000)";

  /** What a flag must look like, for error messages. */
  static final String FLAG_FORMAT = "true or false";

  /** Returns the duration, or {@code null} when the text is not a valid duration. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /** Returns the size in bytes, or {@code -1} when the text is not a valid size. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    try {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "B" : m.group(2);
      switch (unit) {
        case "KB":
          return Math.multiplyExact(amount, 1024L);
        case "MB":
          return Math.multiplyExact(amount, 1024L * 1024);
        case "GB":
          return Math.multiplyExact(amount, 1024L * 1024 * 1024);
        default:
          return amount;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return -1;
    }
  }

  /** Returns the count, or {@code -1} when the text is not a non-negative whole number. */
  static long count(String text) {
    String t = text.trim().replace("_", "");
    if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Returns the flag, or {@code null} when the text is neither true nor false. */
  static Boolean flag(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true")) {
      return Boolean.TRUE;
    }
    if (t.equals("false")) {
      return Boolean.FALSE;
    }
    return null;
  }
}
