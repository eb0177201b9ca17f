package campaignlift.evaluation;

import java.util.Arrays;

/**
 * A sum of doubles kept exactly, so that it does not depend on the order of its terms: the running
 * total is a short list of non-overlapping doubles whose exact sum is the exact sum of every term
 * (Shewchuk's adaptive-precision addition, as in Python's {@code math.fsum}), and {@link #value}
 * rounds that exact sum once, correctly. Folding the same terms in any order, or merging partial
 * sums in any grouping, therefore gives bit-identical values. The list holds at most about 40
 * doubles (the exponent range over 53-bit mantissas) and in practice one to three.
 *
 * <p>Non-finite terms (never produced by bounded inputs) and overflow fall back to ordinary
 * floating-point addition in {@code special}, which makes the value non-finite as it would be
 * anyway.
 */
final class ExactSum {
  private double[] partials = new double[2];
  private int size;
  private double special;

  ExactSum() {}

  ExactSum(double value) {
    add(value);
  }

  void add(double x) {
    if (!Double.isFinite(x)) {
      special += x;
      return;
    }
    int i = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      if (Double.isInfinite(hi)) {
        special += hi;
        return;
      }
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[i++] = lo;
      }
      x = hi;
    }
    if (i == partials.length) {
      partials = Arrays.copyOf(partials, partials.length * 2);
    }
    partials[i++] = x;
    size = i;
  }

  void merge(ExactSum o) {
    special += o.special;
    for (int j = 0; j < o.size; j++) {
      add(o.partials[j]);
    }
  }

  /** The exact sum, correctly rounded to a double (half-even), as {@code math.fsum} does. */
  double value() {
    if (special != 0) { // also true for NaN
      return special;
    }
    int n = size;
    if (n == 0) {
      return 0.0;
    }
    double hi = partials[--n];
    double lo = 0;
    while (n > 0) {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) {
        break;
      }
    }
    // Round half-even across the remaining partials: when the tail lies exactly halfway and the
    // next partial pushes the same way, the rounding of hi + 2·lo is the correct one.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      double y = lo * 2;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) {
        hi = x;
      }
    }
    return hi + 0.0; // -0.0 and 0.0 are the same sum
  }
}
