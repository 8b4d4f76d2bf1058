package io.nearcache.testsupport;

import java.util.Arrays;

/**
 * Draws ranks {@code 0..n-1} with {@code P(rank = k)} proportional to {@code 1 / (k + 1)^s}.
 *
 * <p>Exact inverse-transform sampling: the cumulative distribution is tabulated once and a uniform
 * draw {@code u} maps to the smallest rank whose cumulative probability exceeds {@code u} (binary
 * search). It costs {@code 8 n} bytes and {@code O(log n)} per draw, which does not matter here:
 * the benchmarks draw their whole access trace during setup, never while the clock runs. In return
 * it is obviously correct for any exponent (including {@code s < 1}, where {@code 0.99} sits) and
 * any {@code n}. Constant-time alternatives were rejected on purpose: rejection-inversion (Hörmann
 * and Derflinger) is exact but easy to get subtly wrong, and the closed-form approximation that
 * YCSB popularised (Gray et al.) skews the probabilities of individual ranks.
 */
public final class ZipfSampler {

  private final double[] cumulative;

  /**
   * Tabulates the distribution.
   *
   * @param n number of ranks, at least 1
   * @param exponent the skew {@code s}; 0 gives the uniform distribution
   */
  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("A Zipf distribution needs at least one rank, not " + n);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("Zipf exponent must be finite and >= 0, not " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += Math.pow(rank + 1, -exponent);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < n; rank++) {
      cumulative[rank] /= sum;
    }
    // Rounding may leave the last entry a hair below 1; a draw in that gap must still land.
    cumulative[n - 1] = 1.0;
  }

  /**
   * Returns the rank for a uniform draw.
   *
   * @param uniform a value in {@code [0, 1)}
   * @return the smallest rank whose cumulative probability is greater than {@code uniform}
   */
  public int rank(double uniform) {
    int found = Arrays.binarySearch(cumulative, uniform);
    // An exact hit at i means cumulative[i] == u, so the answer is the next rank (the table is
    // strictly increasing); otherwise binarySearch returns -(first index greater than u) - 1.
    return found >= 0 ? found + 1 : -found - 1;
  }

  /** Returns the probability of one rank, for reporting what a trace looks like. */
  public double probability(int rank) {
    return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
  }
}
