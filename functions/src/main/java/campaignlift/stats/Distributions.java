package campaignlift.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Gamma;

/** Thin wrappers over Hipparchus distributions (no hand-written distribution functions). */
final class Distributions {
  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final double T_INVERSE_ACCURACY = 1e-13;

  private Distributions() {}

  static double tCdf(double x, double df) {
    return new TDistribution(df).cumulativeProbability(x);
  }

  static double tQuantile(double p, double df) {
    return new TDistribution(df, T_INVERSE_ACCURACY).inverseCumulativeProbability(p);
  }

  static double normalCdf(double x) {
    return NORMAL.cumulativeProbability(x);
  }

  static double normalPdf(double x) {
    return NORMAL.density(x);
  }

  static double normalQuantile(double p) {
    return NORMAL.inverseCumulativeProbability(p);
  }

  /** Upper tail P(X² &gt; x) of a chi-square with df degrees of freedom (regularized Γ Q). */
  static double chiSquareSurvival(double x, int df) {
    return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
  }
}
