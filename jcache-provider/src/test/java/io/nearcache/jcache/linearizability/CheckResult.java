package io.nearcache.jcache.linearizability;

/**
 * What {@link LinearizabilityChecker} found.
 *
 * @param verdict linearizable, not, or unknown when the search gave up
 * @param operations the operations checked (indeterminate reads are left out: they say nothing)
 * @param indeterminate how many of them are indeterminate
 * @param statesExplored the distinct (linearized set, register) states the search visited
 * @param explanation for a verdict other than linearizable, the longest linearizable prefix found
 *     and the operations that could not follow it; else a one-line summary
 */
public record CheckResult(
    Verdict verdict, int operations, int indeterminate, int statesExplored, String explanation) {

  /** The answer of a check. */
  public enum Verdict {
    /** Some order of the operations respects real time and the register's specification. */
    LINEARIZABLE,
    /** No such order exists. */
    NOT_LINEARIZABLE,
    /** The search reached its cap on explored states before it could tell. */
    UNKNOWN
  }

  /** Whether the history is linearizable. */
  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }
}
