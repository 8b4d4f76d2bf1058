package io.nearcache.jcache.linearizability;

import io.nearcache.jcache.linearizability.CheckResult.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that a history of operations on one key is linearizable: that every operation can be given
 * a point between its invocation and its response at which it takes effect, such that the register,
 * taken through the operations in that order, answers each as it was answered.
 *
 * <p>The search is Wing and Gong's, with Lowe's memoization ("Testing for linearizability", 2017):
 * events are kept in time order in a linked list; the search takes, depth first, an operation whose
 * invocation comes before the first pending response, and backtracks when it reaches a response
 * whose operation it has not taken. A state (the set of operations taken, as a bit set, and the
 * register's value) is explored once. An indeterminate operation has no response: it may be taken
 * anywhere after its invocation, or never. Two refinements keep such operations and the many values
 * nobody reads from multiplying the states: values that no operation observes are one value to the
 * search ({@link Register#UNOBSERVED}), and a state is skipped when the same state was explored
 * with fewer indeterminate operations taken.
 *
 * <p>The search is bounded by a number of explored states, and by {@link #STEPS_PER_STATE} times as
 * many steps (events looked at and states compared), which bounds its time; reaching either answers
 * {@link Verdict#UNKNOWN}, never a guess.
 */
public final class LinearizabilityChecker {
  /** The default cap on explored states, a few hundred megabytes at worst. */
  public static final int DEFAULT_MAX_STATES = 1_000_000;

  /** Steps the search may take per state it may explore. */
  public static final int STEPS_PER_STATE = 100;

  private static final int PREFIX_SHOWN = 12;
  private static final int CANDIDATES_SHOWN = 16;
  private static final long[] NONE = new long[0];

  private final int maxStates;

  /** A checker with the default cap. */
  public LinearizabilityChecker() {
    this(DEFAULT_MAX_STATES);
  }

  /**
   * A checker that gives up after {@code maxStates} explored states or {@link #STEPS_PER_STATE}
   * times as many steps.
   */
  public LinearizabilityChecker(int maxStates) {
    if (maxStates < 1) {
      throw new IllegalArgumentException("maxStates must be 1 or more, was " + maxStates);
    }
    this.maxStates = maxStates;
  }

  /** Checks a history that starts on an absent register. */
  public CheckResult check(List<Operation> history) {
    return check(history, null);
  }

  /** Checks a history that starts on a register holding {@code initial} (null: absent). */
  public CheckResult check(List<Operation> history, String initial) {
    List<Operation> ops = new ArrayList<>();
    for (Operation op : history) {
      if (!(op.indeterminate() && op.kind() == Operation.Kind.READ)) {
        ops.add(op);
      }
    }
    return new Search(ops, initial, maxStates).run();
  }

  /**
   * One event of the history: an invocation, or the response of a determinate operation. The search
   * runs on {@code model}, the operation with a written value that no operation observes replaced
   * by {@link Register#UNOBSERVED}; messages quote {@code op}.
   */
  private static final class Entry {
    final Operation op;
    final Operation model;
    final int id;
    final long time;
    final boolean call;
    Entry match;
    Entry prev;
    Entry next;

    Entry(Operation op, Operation model, int id, long time, boolean call) {
      this.op = op;
      this.model = model;
      this.id = id;
      this.time = time;
      this.call = call;
    }
  }

  /**
   * An operation taken, with the register before it as the search sees it and as it really was (for
   * messages: the search does not tell unobserved values apart).
   */
  private record Frame(Entry call, String before, String shownBefore) {}

  /**
   * The memoized part of a state that concerns determinate operations and the register. Their ids
   * follow invocation order, so the ones taken are stored as the lowest id not taken (the frontier)
   * and the few taken above it.
   */
  private static final class Key {
    final int frontier;
    final long[] window;
    final String state;
    final int hash;

    Key(int frontier, long[] window, String state) {
      this.frontier = frontier;
      this.window = window;
      this.state = state;
      this.hash = 31 * (31 * frontier + Arrays.hashCode(window)) + Objects.hashCode(state);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && k.frontier == frontier
          && Objects.equals(k.state, state)
          && Arrays.equals(k.window, window);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** The longest linearizable prefix found, and where it stopped. */
  private record Deepest(
      int depth,
      List<Frame> tail,
      String state,
      String shownState,
      Entry blocker,
      List<Entry> candidates) {}

  private static final class Search {
    private final List<Operation> ops;
    private final String initial;
    private final String shownInitial;
    private final int maxStates;
    private final long maxSteps;
    private final int determinate;
    private final Entry head = new Entry(null, null, -1, Long.MIN_VALUE, true);
    private final BitSet taken = new BitSet();

    /** For each determinate part, the sets of indeterminate operations taken with it. */
    private final Map<Key, List<long[]>> seen = new HashMap<>();

    private final List<Frame> stack = new ArrayList<>();
    private int states;
    private long steps;
    private int responsesLeft;
    private int maxDepth;

    /** Whether the stack is deeper than at the last snapshot, which then is taken again. */
    private boolean deeper = true;

    private Deepest deepest;

    Search(List<Operation> history, String initial, int maxStates) {
      Set<String> observed = Register.observed(history);
      this.initial = Register.canonical(initial, observed);
      this.shownInitial = initial;
      this.maxStates = maxStates;
      this.maxSteps = (long) STEPS_PER_STATE * maxStates;
      List<Operation> sorted = new ArrayList<>(history);
      // Determinate operations first, by invocation (see Key); the indeterminate ones above.
      sorted.sort(
          Comparator.comparing((Operation op) -> op.indeterminate())
              .thenComparingLong(Operation::invokeNanos));
      this.ops = sorted;
      List<Entry> events = new ArrayList<>(2 * sorted.size());
      int count = 0;
      for (int id = 0; id < sorted.size(); id++) {
        Operation op = sorted.get(id);
        Operation model = Register.canonical(op, observed);
        Entry call = new Entry(op, model, id, op.invokeNanos(), true);
        events.add(call);
        if (!op.indeterminate()) {
          count++;
          Entry response = new Entry(op, model, id, op.responseNanos(), false);
          call.match = response;
          events.add(response);
        }
      }
      this.determinate = count;
      this.responsesLeft = count;
      // At equal times an invocation comes first: the two operations then overlap, which is the
      // weaker claim about their order.
      events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1));
      Entry last = head;
      for (Entry e : events) {
        last.next = e;
        e.prev = last;
        last = e;
      }
    }

    /**
     * The search. At each step it first tries the determinate operations that may come next, and
     * only then, in a second pass, the indeterminate ones: a path that leaves them out comes first,
     * and a state reached later with more of them taken is skipped (see {@link #visit}).
     */
    CheckResult run() {
      String state = initial;
      String shown = shownInitial;
      Entry entry = head.next;
      boolean indeterminatePass = false;
      while (responsesLeft > 0) {
        if (++steps > maxSteps) {
          return result(Verdict.UNKNOWN);
        }
        if (entry.call) {
          Operation op = entry.model;
          if (op.indeterminate() == indeterminatePass && Register.allows(state, op)) {
            String next = Register.after(state, op);
            taken.set(entry.id);
            if (visit(next)) {
              if (states > maxStates) {
                return result(Verdict.UNKNOWN);
              }
              stack.add(new Frame(entry, state, shown));
              state = next;
              shown = Register.after(shown, entry.op);
              lift(entry);
              if (stack.size() > maxDepth) {
                maxDepth = stack.size();
                deeper = true;
              }
              entry = head.next;
              indeterminatePass = false;
              continue;
            }
            taken.clear(entry.id);
          }
          entry = entry.next;
        } else if (!indeterminatePass) {
          // Every determinate operation that may come next was tried: now the indeterminate ones.
          if (deeper) {
            deepest = snapshot(entry, state, shown);
            deeper = false;
          }
          indeterminatePass = true;
          entry = head.next;
        } else {
          // A response whose operation was not taken: this path cannot be linearized.
          if (stack.isEmpty()) {
            return result(Verdict.NOT_LINEARIZABLE);
          }
          Frame top = stack.remove(stack.size() - 1);
          state = top.before();
          shown = top.shownBefore();
          taken.clear(top.call().id);
          unlift(top.call());
          entry = top.call().next;
          indeterminatePass = top.call().op.indeterminate();
        }
      }
      return result(Verdict.LINEARIZABLE);
    }

    /**
     * Records the current state and answers whether it is new. A state is not new either when it
     * was seen, or when the same determinate operations and register were seen with fewer
     * indeterminate ones taken: those may still be taken from there, or never, so that state can do
     * everything this one can.
     */
    private boolean visit(String state) {
      int frontier = Math.min(taken.nextClearBit(0), determinate);
      Key key = new Key(frontier, taken.get(frontier, determinate).toLongArray(), state);
      long[] late =
          determinate == ops.size() ? NONE : taken.get(determinate, ops.size()).toLongArray();
      List<long[]> seenWith = seen.computeIfAbsent(key, k -> new ArrayList<>(1));
      steps += seenWith.size();
      for (long[] fewer : seenWith) {
        if (isSubset(fewer, late)) {
          return false;
        }
      }
      seenWith.add(late);
      states++;
      return true;
    }

    private static boolean isSubset(long[] small, long[] large) {
      if (small.length > large.length) {
        return false;
      }
      for (int i = 0; i < small.length; i++) {
        if ((small[i] & ~large[i]) != 0) {
          return false;
        }
      }
      return true;
    }

    private void lift(Entry call) {
      call.prev.next = call.next;
      if (call.next != null) {
        call.next.prev = call.prev;
      }
      Entry response = call.match;
      if (response != null) {
        responsesLeft--;
        response.prev.next = response.next;
        if (response.next != null) {
          response.next.prev = response.prev;
        }
      }
    }

    private void unlift(Entry call) {
      Entry response = call.match;
      if (response != null) {
        responsesLeft++;
        response.prev.next = response;
        if (response.next != null) {
          response.next.prev = response;
        }
      }
      call.prev.next = call;
      if (call.next != null) {
        call.next.prev = call;
      }
    }

    private Deepest snapshot(Entry blocking, String state, String shown) {
      List<Entry> candidates = new ArrayList<>();
      for (Entry e = head.next; e != blocking; e = e.next) {
        if (e.id != blocking.id) {
          candidates.add(e);
        }
      }
      int from = Math.max(0, stack.size() - PREFIX_SHOWN);
      return new Deepest(
          stack.size(),
          List.copyOf(stack.subList(from, stack.size())),
          state,
          shown,
          blocking,
          candidates);
    }

    private CheckResult result(Verdict verdict) {
      int indeterminate = ops.size() - determinate;
      String summary =
          String.format(
              Locale.ROOT,
              "%s: %d operations (%d indeterminate), %d states explored",
              verdict == Verdict.LINEARIZABLE
                  ? "Linearizable"
                  : verdict == Verdict.NOT_LINEARIZABLE
                      ? "NOT linearizable"
                      : "Unknown: the search reached its cap of "
                          + maxStates
                          + " states or "
                          + maxSteps
                          + " steps",
              ops.size(),
              indeterminate,
              states);
      String explanation =
          verdict == Verdict.LINEARIZABLE || deepest == null ? summary : summary + explain();
      return new CheckResult(verdict, ops.size(), indeterminate, states, explanation);
    }

    private String explain() {
      long origin = Long.MAX_VALUE;
      for (Operation op : ops) {
        origin = Math.min(origin, op.invokeNanos());
      }
      StringBuilder s = new StringBuilder();
      s.append("\nThe longest linearizable prefix takes ")
          .append(deepest.depth())
          .append(" operations");
      if (deepest.tail().isEmpty()) {
        s.append(".");
      } else {
        s.append("; its last ").append(deepest.tail().size()).append(", in order:");
        for (Frame f : deepest.tail()) {
          s.append("\n    ")
              .append(describe(f.call().op, origin))
              .append("   register then: ")
              .append(Register.show(Register.after(f.shownBefore(), f.call().op)));
        }
      }
      s.append("\nThe register after it: ").append(Register.show(deepest.shownState()));
      s.append("\nThis operation returned before it could be taken:\n    ")
          .append(describe(deepest.blocker().op, origin))
          .append("\n    because ")
          .append(Register.whyNot(deepest.state(), deepest.shownState(), deepest.blocker().model));
      List<Entry> others = deepest.candidates();
      if (!others.isEmpty()) {
        s.append("\nThe other operations that could come next, none leading to a linearization:");
        for (Entry e : others.subList(0, Math.min(others.size(), CANDIDATES_SHOWN))) {
          s.append("\n    ")
              .append(describe(e.op, origin))
              .append(": ")
              .append(Register.whyNot(deepest.state(), deepest.shownState(), e.model));
        }
        if (others.size() > CANDIDATES_SHOWN) {
          s.append("\n    ... and ").append(others.size() - CANDIDATES_SHOWN).append(" more");
        }
      }
      return s.toString();
    }

    /** An operation with its interval in milliseconds since the first invocation. */
    private static String describe(Operation op, long origin) {
      String end =
          op.indeterminate()
              ? "never answered"
              : String.format(Locale.ROOT, "%+.3f ms", (op.responseNanos() - origin) / 1e6);
      return String.format(
          Locale.ROOT,
          "%s   [%+.3f ms .. %s]",
          op.describe(),
          (op.invokeNanos() - origin) / 1e6,
          end);
    }
  }
}
