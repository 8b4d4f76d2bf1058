package io.nearcache.jcache.linearizability;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The sequential specification of one key: a register holding a {@code String}, or null when
 * absent. An indeterminate operation is taken here only in the form that changes the register:
 * taking it where it would change nothing is the same as never taking it, which the search allows
 * anyway, and an indeterminate read never constrains anything.
 */
final class Register {
  /**
   * Stands for every value that no operation observes (no read or getAndPut or getAndRemove
   * returned it, no replace expected it): such values behave alike in every operation of the
   * history, so the search need not tell them apart.
   */
  static final String UNOBSERVED = "<a value nobody observed>";

  private Register() {}

  /** The values that operations of the history returned or expected. */
  static Set<String> observed(List<Operation> history) {
    Set<String> observed = new HashSet<>();
    for (Operation op : history) {
      if (op.value() != null) {
        observed.add(op.value());
      }
      if (op.expected() != null) {
        observed.add(op.expected());
      }
    }
    if (observed.contains(UNOBSERVED)) {
      throw new IllegalArgumentException("A history may not use the value " + UNOBSERVED);
    }
    return observed;
  }

  /** The value as the search sees it: itself if observed, else {@link #UNOBSERVED}. */
  static String canonical(String value, Set<String> observed) {
    return value == null || observed.contains(value) ? value : UNOBSERVED;
  }

  /** The operation as the search sees it: its written value made {@link #canonical}. */
  static Operation canonical(Operation op, Set<String> observed) {
    String argument = op.argument() == null ? null : canonical(op.argument(), observed);
    if (Objects.equals(argument, op.argument())) {
      return op;
    }
    return new Operation(
        op.client(),
        op.kind(),
        argument,
        op.expected(),
        op.value(),
        op.succeeded(),
        op.indeterminate(),
        op.invokeNanos(),
        op.responseNanos());
  }

  /** Whether {@code op} may take effect on a register holding {@code state}. */
  static boolean allows(String state, Operation op) {
    if (op.indeterminate()) {
      return switch (op.kind()) {
        case READ -> false;
        case PUT, GET_AND_PUT -> true;
        case REPLACE -> Objects.equals(state, op.expected());
        case PUT_IF_ABSENT -> state == null;
        case GET_AND_REMOVE, REMOVE -> state != null;
      };
    }
    return switch (op.kind()) {
      case READ, GET_AND_PUT, GET_AND_REMOVE -> Objects.equals(state, op.value());
      case PUT -> true;
      case REPLACE -> op.succeeded() == Objects.equals(state, op.expected());
      case PUT_IF_ABSENT -> op.succeeded() == (state == null);
      case REMOVE -> op.succeeded() == (state != null);
    };
  }

  /** The register after {@code op} took effect on {@code state}; only where {@link #allows}. */
  static String after(String state, Operation op) {
    return switch (op.kind()) {
      case READ -> state;
      case PUT, GET_AND_PUT -> op.argument();
      case REPLACE, PUT_IF_ABSENT -> op.indeterminate() || op.succeeded() ? op.argument() : state;
      case GET_AND_REMOVE, REMOVE -> null;
    };
  }

  /**
   * Why {@code op} cannot take effect on {@code state}, for messages, which quote the register as
   * {@code shown} (its real value, where {@code state} may be {@link #UNOBSERVED}).
   */
  static String whyNot(String state, String shown, Operation op) {
    if (allows(state, op)) {
      return "it could take effect here, but no linearization follows";
    }
    if (op.indeterminate()) {
      return switch (op.kind()) {
        case READ -> "an indeterminate read changes nothing";
        case REPLACE -> "it could only replace " + op.expected() + ", not " + show(shown);
        case PUT_IF_ABSENT -> "it could only write an absent register, not " + show(shown);
        default -> "the register is absent already";
      };
    }
    return "the register holds " + show(shown);
  }

  /** A register value for messages. */
  static String show(String state) {
    if (state == null) {
      return "nothing (absent)";
    }
    return state.equals(UNOBSERVED) ? "a value no operation observed" : state;
  }
}
