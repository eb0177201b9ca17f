package campaignlift.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-testing corrections as in GrowthBook's TypeScript {@code packages/shared}
 * (docs/statistics.md §7). Adjusted values are returned in input order.
 */
public final class PValueCorrection {
  private PValueCorrection() {}

  /** Which correction to apply. */
  public enum Method {
    /** No correction. */
    NONE,
    /** Holm–Bonferroni. */
    HOLM,
    /** Benjamini–Hochberg. */
    BENJAMINI_HOCHBERG
  }

  /** Applies {@code method} to {@code p}. */
  public static double[] adjust(double[] p, Method method) {
    return switch (method) {
      case HOLM -> holm(p);
      case BENJAMINI_HOCHBERG -> benjaminiHochberg(p);
      case NONE -> p.clone();
    };
  }

  /** Holm: with p sorted ascending, q_(i) = max_{j≤i} min(1, (m − j + 1)·p_(j)). */
  public static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = ascending(p);
    double[] q = new double[m];
    double running = 0;
    for (int i = 0; i < m; i++) {
      running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
      q[order[i]] = running;
    }
    return q;
  }

  /** Benjamini–Hochberg: with p sorted ascending, q_(i) = min_{j≥i} min(1, m·p_(j)/j). */
  public static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = ascending(p);
    double[] q = new double[m];
    double running = 1;
    for (int i = m - 1; i >= 0; i--) {
      running = Math.min(running, Math.min(1, m * p[order[i]] / (i + 1)));
      q[order[i]] = running;
    }
    return q;
  }

  /**
   * GrowthBook's ad-hoc interval after correction: sd_adj = |lift/z_{1−p_adj/2}| and lift ±
   * z_{1−α/2}·sd_adj; (−∞, ∞) if p_adj &gt; 0.999999. (The app shows it only when wider than the
   * raw CI.)
   */
  static Interval adjustedCi(double pAdjusted, double lift, double alpha) {
    Checks.alpha(alpha);
    if (pAdjusted > 0.999999) {
      return new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double sd = Math.abs(lift / Distributions.normalQuantile(1 - pAdjusted / 2));
    double hw = Distributions.normalQuantile(1 - alpha / 2) * sd;
    return new Interval(lift - hw, lift + hw);
  }

  private static Integer[] ascending(double[] p) {
    for (double x : p) {
      if (!(x >= 0 && x <= 1)) {
        throw new IllegalArgumentException("p-values must be in [0, 1], got " + x);
      }
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    return order;
  }
}
