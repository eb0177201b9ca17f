package campaignlift.stats;

/**
 * Expected loss of each decision when the effect δ ~ N(μ, σ²) (docs/statistics.md §8).
 *
 * @param control E[max(δ, 0)], the risk of shipping control = μΦ(μ/σ) + σφ(μ/σ)
 * @param treatment E[max(−δ, 0)], the risk of shipping treatment = −μΦ(−μ/σ) + σφ(μ/σ)
 */
record NormalRisk(double control, double treatment) {

  /** Closed form of the truncated-normal means; σ = 0 gives max(μ, 0) and max(−μ, 0). */
  static NormalRisk of(double mu, double sigma) {
    if (sigma <= 0) {
      return new NormalRisk(Math.max(mu, 0), Math.max(-mu, 0));
    }
    double z = mu / sigma;
    double tail = sigma * Distributions.normalPdf(z);
    double control = mu * Distributions.normalCdf(z) + tail;
    double treatment = -mu * Distributions.normalCdf(-z) + tail;
    return new NormalRisk(Math.max(control, 0), Math.max(treatment, 0));
  }
}
