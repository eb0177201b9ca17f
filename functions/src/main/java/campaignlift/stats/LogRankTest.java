package campaignlift.stats;

/**
 * The log-rank test (Mantel 1966; Peto &amp; Peto 1972; docs/statistics.md §15), as R's {@code
 * survdiff} with rho = 0.
 *
 * <p>At each day j with d_j &gt; 0 events among n_j at risk (n_Tj in treatment): E_Tj = d_j
 * n_Tj/n_j and, with ties, the hypergeometric V_j = d_j (n_Tj/n_j)(1 − n_Tj/n_j)(n_j − d_j)/(n_j −
 * 1) (0 when n_j = 1). χ² = (O_T − E_T)²/ΣV_j on 1 df.
 */
final class LogRankTest {
  private LogRankTest() {}

  static LogRankResult test(DailySurvival control, DailySurvival treatment) {
    long[] riskC = control.atRisk();
    long[] riskT = treatment.atRisk();
    double observedT = 0;
    double expectedT = 0;
    double variance = 0;
    double observed = 0;
    for (int t = 1; t <= control.horizonDays(); t++) {
      long d = control.eventsAt(t) + treatment.eventsAt(t);
      if (d == 0) {
        continue;
      }
      double n = (double) riskC[t] + riskT[t];
      double shareT = riskT[t] / n;
      observed += d;
      observedT += treatment.eventsAt(t);
      expectedT += d * shareT;
      if (n > 1) {
        variance += d * shareT * (1 - shareT) * (n - d) / (n - 1);
      }
    }
    double observedC = observed - observedT;
    double expectedC = observed - expectedT;
    if (!(variance > 0)) {
      return new LogRankResult(
          0, 1, observedC, expectedC, observedT, expectedT, Reason.ZERO_NEGATIVE_VARIANCE);
    }
    double chi = Math.pow(observedT - expectedT, 2) / variance;
    return new LogRankResult(
        chi,
        Distributions.chiSquareSurvival(chi, 1),
        observedC,
        expectedC,
        observedT,
        expectedT,
        Reason.NONE);
  }
}
