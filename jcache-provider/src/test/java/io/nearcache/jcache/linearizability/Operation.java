package io.nearcache.jcache.linearizability;

import static java.util.Objects.requireNonNull;

/**
 * One operation on the register as its client saw it: what it asked, what it was answered, and when
 * it was invoked and answered, in {@link System#nanoTime()} (on Linux CLOCK_MONOTONIC, so
 * comparable across the processes of one machine). An indeterminate operation threw, or its outcome
 * is otherwise unknown: it may take effect at any time after its invocation or never, and its
 * result says nothing.
 *
 * <p>A value is a {@code String}; null is the absent register. One line of text holds an operation
 * ({@link #toLine()}, {@link #parse(String)}); values must contain no blank and be neither {@code
 * -} nor {@code ?}.
 *
 * @param client who ran it (a thread of a JVM); a client runs one operation at a time
 * @param kind what it did
 * @param argument the value written (put, getAndPut, putIfAbsent, the new value of replace), else
 *     null
 * @param expected the old value of replace, else null
 * @param value the value returned (read, getAndPut, getAndRemove; null for absent), else null
 * @param succeeded the boolean returned (replace, putIfAbsent, remove), else false
 * @param indeterminate whether the outcome is unknown
 * @param invokeNanos when it was invoked
 * @param responseNanos when it was answered; {@link Long#MAX_VALUE} when indeterminate
 */
public record Operation(
    String client,
    Kind kind,
    String argument,
    String expected,
    String value,
    boolean succeeded,
    boolean indeterminate,
    long invokeNanos,
    long responseNanos) {
  private static final String NONE = "-";
  private static final String UNKNOWN = "?";

  /** What an operation does to the register. */
  public enum Kind {
    /** Reads the value (absent: null). */
    READ,
    /** Writes a value. */
    PUT,
    /** Writes a value and returns the previous one. */
    GET_AND_PUT,
    /** Writes the new value if the register holds the expected one; returns whether it did. */
    REPLACE,
    /** Writes a value if the register is absent; returns whether it did. */
    PUT_IF_ABSENT,
    /** Empties the register and returns what it held. */
    GET_AND_REMOVE,
    /** Empties the register; returns whether it held a value. */
    REMOVE;

    /** Whether the operation answers with a value (else a boolean, or nothing for put). */
    boolean returnsValue() {
      return this == READ || this == GET_AND_PUT || this == GET_AND_REMOVE;
    }

    /** Whether the operation answers with a boolean. */
    boolean returnsFlag() {
      return this == REPLACE || this == PUT_IF_ABSENT || this == REMOVE;
    }
  }

  /** Checks the fields fit the kind. */
  public Operation {
    requireNonNull(client, "client");
    requireNonNull(kind, "kind");
    boolean writes =
        kind == Kind.PUT
            || kind == Kind.GET_AND_PUT
            || kind == Kind.PUT_IF_ABSENT
            || kind == Kind.REPLACE;
    if (writes != (argument != null)) {
      throw new IllegalArgumentException(kind + " of " + client + ": argument " + argument);
    }
    if ((kind == Kind.REPLACE) != (expected != null)) {
      throw new IllegalArgumentException(kind + " of " + client + ": expected " + expected);
    }
    if (indeterminate != (responseNanos == Long.MAX_VALUE)) {
      throw new IllegalArgumentException(
          kind + " of " + client + ": an operation is indeterminate exactly when never answered");
    }
    if (responseNanos < invokeNanos) {
      throw new IllegalArgumentException(kind + " of " + client + " answered before invoked");
    }
  }

  /** A read that returned {@code value} (null: absent). */
  public static Operation read(String client, String value, long invoke, long response) {
    return new Operation(client, Kind.READ, null, null, value, false, false, invoke, response);
  }

  /** A plain write of {@code value}. */
  public static Operation put(String client, String value, long invoke, long response) {
    return new Operation(client, Kind.PUT, value, null, null, false, false, invoke, response);
  }

  /** {@code getAndPut(value)} that returned {@code previous}. */
  public static Operation getAndPut(
      String client, String value, String previous, long invoke, long response) {
    return new Operation(
        client, Kind.GET_AND_PUT, value, null, previous, false, false, invoke, response);
  }

  /** {@code replace(expected, value)} that returned {@code replaced}. */
  public static Operation replace(
      String client, String expected, String value, boolean replaced, long invoke, long response) {
    return new Operation(
        client, Kind.REPLACE, value, expected, null, replaced, false, invoke, response);
  }

  /** {@code putIfAbsent(value)} that returned {@code stored}. */
  public static Operation putIfAbsent(
      String client, String value, boolean stored, long invoke, long response) {
    return new Operation(
        client, Kind.PUT_IF_ABSENT, value, null, null, stored, false, invoke, response);
  }

  /** {@code getAndRemove()} that returned {@code previous}. */
  public static Operation getAndRemove(String client, String previous, long invoke, long response) {
    return new Operation(
        client, Kind.GET_AND_REMOVE, null, null, previous, false, false, invoke, response);
  }

  /** {@code remove()} that returned {@code removed}. */
  public static Operation remove(String client, boolean removed, long invoke, long response) {
    return new Operation(client, Kind.REMOVE, null, null, null, removed, false, invoke, response);
  }

  /** An operation that threw or was never answered. */
  public static Operation indeterminate(
      String client, Kind kind, String argument, String expected, long invoke) {
    return new Operation(
        client, kind, argument, expected, null, false, true, invoke, Long.MAX_VALUE);
  }

  /** One line: client, kind, argument, expected, outcome, invoke and response times. */
  public String toLine() {
    return String.join(
        " ",
        client,
        kind.name(),
        orNone(argument),
        orNone(expected),
        outcome(),
        Long.toString(invokeNanos),
        indeterminate ? UNKNOWN : Long.toString(responseNanos));
  }

  /** Reads a line written by {@link #toLine()}. */
  public static Operation parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != 7) {
      throw new IllegalArgumentException("Not an operation line (7 fields): " + line);
    }
    try {
      Kind kind = Kind.valueOf(f[1]);
      long invoke = Long.parseLong(f[5]);
      String argument = orNull(f[2]);
      String expected = orNull(f[3]);
      if (f[4].equals(UNKNOWN)) {
        return indeterminate(f[0], kind, argument, expected, invoke);
      }
      long response = Long.parseLong(f[6]);
      String value = kind.returnsValue() ? orNull(f[4]) : null;
      boolean succeeded = kind.returnsFlag() && Boolean.parseBoolean(f[4]);
      return new Operation(
          f[0], kind, argument, expected, value, succeeded, false, invoke, response);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not an operation line: " + line, e);
    }
  }

  /** What the client asked and was answered, e.g. {@code w0-1 replace(a, b) -> true}. */
  public String describe() {
    String call =
        switch (kind) {
          case READ -> "read()";
          case PUT -> "put(" + argument + ")";
          case GET_AND_PUT -> "getAndPut(" + argument + ")";
          case REPLACE -> "replace(" + expected + ", " + argument + ")";
          case PUT_IF_ABSENT -> "putIfAbsent(" + argument + ")";
          case GET_AND_REMOVE -> "getAndRemove()";
          case REMOVE -> "remove()";
        };
    String answer = indeterminate ? "indeterminate" : kind == Kind.PUT ? "ok" : outcome();
    if (kind.returnsValue() && !indeterminate && value == null) {
      answer = "absent";
    }
    return client + " " + call + " -> " + answer;
  }

  private String outcome() {
    if (indeterminate) {
      return UNKNOWN;
    }
    if (kind.returnsValue()) {
      return orNone(value);
    }
    return kind.returnsFlag() ? Boolean.toString(succeeded) : "ok";
  }

  private static String orNone(String s) {
    return s == null ? NONE : s;
  }

  private static String orNull(String s) {
    return s.equals(NONE) ? null : s;
  }
}
