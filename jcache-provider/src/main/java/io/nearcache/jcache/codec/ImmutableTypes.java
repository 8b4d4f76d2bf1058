package io.nearcache.jcache.codec;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Knows the types whose instances cannot change after construction, so store-by-value can share
 * them instead of copying: strings, boxed primitives, big numbers, {@code java.time} values, enums
 * and records made only of such types. The answer is computed once per class.
 */
public final class ImmutableTypes {
  private static final Set<Class<?>> KNOWN =
      Set.of(
          String.class,
          Boolean.class,
          Byte.class,
          Short.class,
          Character.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigInteger.class,
          BigDecimal.class,
          UUID.class,
          URI.class,
          Class.class,
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          Duration.class,
          Period.class,
          Year.class,
          YearMonth.class,
          MonthDay.class);

  private static final ClassValue<Boolean> IMMUTABLE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return compute(type);
        }
      };

  private ImmutableTypes() {}

  /** Whether instances of exactly this runtime class never change. */
  public static boolean isImmutable(Class<?> type) {
    return IMMUTABLE.get(type);
  }

  private static boolean compute(Class<?> type) {
    if (type.isPrimitive() || KNOWN.contains(type) || type.isEnum()) {
      return true;
    }
    if (ZoneId.class.isAssignableFrom(type) || InetAddress.class.isAssignableFrom(type)) {
      return true; // ZoneOffset, ZoneRegion, Inet4Address, Inet6Address: all immutable
    }
    Class<?> enclosing = type.getSuperclass();
    if (enclosing != null && enclosing.isEnum()) {
      return true; // an enum constant with a body
    }
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        Class<?> declared = component.getType();
        // A declared type that is not final could hold a mutable subclass at run time.
        boolean exact =
            declared.isPrimitive()
                || declared.isEnum()
                || declared.isRecord()
                || java.lang.reflect.Modifier.isFinal(declared.getModifiers());
        if (!exact || !isImmutable(declared)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
