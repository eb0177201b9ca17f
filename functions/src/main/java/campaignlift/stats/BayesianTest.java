package campaignlift.stats;

/**
 * Normal-normal Bayesian summary of an effect: Δ and SE are treated as a normal likelihood (gbstats
 * EffectBayesianABTest, docs/statistics.md §8). The prior lives on the relative scale and is
 * rescaled by |μ_C| (mean) and μ_C² (variance) for absolute effects.
 *
 * <p>Only the chance to win is reported; {@link #evaluate} (interval and risk) is kept, and checked
 * against gbstats' published figures, for a Bayesian engine that may be offered later.
 */
final class BayesianTest {
  private BayesianTest() {}

  /** Posterior N(mean, sd²) of the effect. */
  private record Posterior(double mean, double sd) {
    static Posterior of(Effect effect, Prior prior) {
      double mean = effect.estimate();
      double var = effect.se() * effect.se();
      if (prior.proper()) {
        double scale = effect.scale() == Scale.RELATIVE ? 1 : Math.abs(effect.controlMean());
        double priorMean = prior.mean() * scale;
        double priorVar = prior.variance() * scale * scale;
        double precision = 1 / var + 1 / priorVar;
        mean = (effect.estimate() / var + priorMean / priorVar) / precision;
        var = 1 / precision;
      }
      return new Posterior(mean, Math.sqrt(var));
    }

    /** P(δ &gt; 0), or P(δ &lt; 0) when lower is better. */
    double chanceToWin(boolean inverse) {
      return Distributions.normalCdf((inverse ? -mean : mean) / sd);
    }
  }

  /**
   * P(δ &gt; 0) (P(δ &lt; 0) if {@code inverse}) without the interval and risk: what the evaluator
   * reports. A degenerate effect gives gbstats' default 0.5.
   */
  static double chanceToWin(Effect effect, Prior prior, boolean inverse) {
    if (effect.isDegenerate()) {
      return BayesianResult.defaultOutput(effect.reason()).chanceToWin();
    }
    return Posterior.of(effect, prior).chanceToWin(inverse);
  }

  /**
   * Posterior, chance to win, credible interval and risk.
   *
   * @param alpha credible interval level is 1 − alpha
   * @param inverse whether lower is better for this metric
   */
  static BayesianResult evaluate(Effect effect, Prior prior, double alpha, boolean inverse) {
    Checks.alpha(alpha);
    if (effect.isDegenerate()) {
      return BayesianResult.defaultOutput(effect.reason());
    }
    Posterior post = Posterior.of(effect, prior);
    double mean = post.mean();
    double sd = post.sd();
    double lo = mean + sd * Distributions.normalQuantile(alpha / 2);
    double hi = mean + sd * Distributions.normalQuantile(1 - alpha / 2);
    double win = post.chanceToWin(inverse);
    NormalRisk risk = NormalRisk.of(mean, sd);
    return inverse
        ? new BayesianResult(mean, sd, lo, hi, win, risk.treatment(), risk.control(), Reason.NONE)
        : new BayesianResult(mean, sd, lo, hi, win, risk.control(), risk.treatment(), Reason.NONE);
  }
}
