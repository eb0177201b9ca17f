package campaignlift.stats;

/**
 * Normal-normal Bayesian summary of an effect: Δ and SE are treated as a normal likelihood
 * (docs/statistics.md §8). The prior lives on the relative scale and is rescaled by |μ_C| (mean)
 * and μ_C² (variance) for absolute effects.
 */
public final class BayesianTest {
  private BayesianTest() {}

  /**
   * Posterior, chance to win, credible interval and risk.
   *
   * @param alpha credible interval level is 1 − alpha
   * @param inverse whether lower is better for this metric
   */
  public static BayesianResult evaluate(Effect effect, Prior prior, double alpha, boolean inverse) {
    Checks.alpha(alpha);
    if (effect.isDegenerate()) {
      return BayesianResult.defaultOutput(effect.reason());
    }
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
    double sd = Math.sqrt(var);
    double pGreater = Distributions.normalCdf(mean / sd);
    double pLess = Distributions.normalCdf(-mean / sd);
    double lo = mean + sd * Distributions.normalQuantile(alpha / 2);
    double hi = mean + sd * Distributions.normalQuantile(1 - alpha / 2);
    NormalRisk risk = NormalRisk.of(mean, sd);
    return inverse
        ? new BayesianResult(mean, sd, lo, hi, pLess, risk.treatment(), risk.control(), Reason.NONE)
        : new BayesianResult(
            mean, sd, lo, hi, pGreater, risk.control(), risk.treatment(), Reason.NONE);
  }
}
