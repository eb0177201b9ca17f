package campaignlift.evaluation;

import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.ArmSurvival;
import campaignlift.stats.LiftAnalysis;
import campaignlift.stats.LiftResult;
import campaignlift.stats.Reason;
import campaignlift.stats.ResponseBalance;
import campaignlift.stats.SurvivalAnalysis;
import campaignlift.stats.SurvivalPoint;
import campaignlift.stats.SurvivalResult;
import campaignlift.stats.TestResult;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.special.Erf;

/**
 * From the evaluation's sufficient statistics of the loyalty metrics to the statistics engine and
 * back (docs/statistics.md): ratio metrics, time to repeat purchase and the response-balance check.
 */
final class LoyaltyStatistics {
  private LoyaltyStatistics() {}

  /** A ratio metric's lift; the pre-window sums are used only when CUPED is wanted. */
  static LiftResult ratio(
      RatioCellSums control, RatioCellSums treatment, boolean cuped, AnalysisSettings settings) {
    return LiftAnalysis.compareRatio(
        control.toRatioSums(cuped),
        treatment.toRatioSums(cuped),
        new AnalysisSettings(
            settings.alpha(),
            settings.sequential(),
            settings.tuning(),
            cuped,
            settings.alternative()));
  }

  /**
   * Time to repeat purchase of a treatment group against the control.
   *
   * @param withCurves whether the row carries the Kaplan–Meier curves (segment {@code all} only,
   *     which keeps the result's size bounded)
   */
  static SurvivalComparison survival(
      SurvivalCounts control,
      SurvivalCounts treatment,
      AnalysisSettings settings,
      boolean withCurves) {
    SurvivalResult r = SurvivalAnalysis.compare(control.toDaily(), treatment.toDaily(), settings);
    TestResult d = r.rmstDifference();
    Reason reason = d.isDegenerate() ? d.reason() : r.logRank().reason();
    return new SurvivalComparison(
        r.logRank().pValue(),
        new MetricRow.Test(d.estimate(), d.se(), d.ciLower(), d.ciUpper(), d.pValue()),
        moments(r.control()),
        moments(r.treatment()),
        // Shorter is better: the chance the treatment's restricted mean is below the control's.
        d.isDegenerate() ? 0.5 : normalCdf(-d.estimate() / d.se()),
        reason == Reason.NONE ? null : reason.name(),
        new MetricRow.Survival(
            r.horizonDays(),
            new MetricRow.LogRank(r.logRank().chiSquare(), r.logRank().pValue()),
            arm(r.control(), withCurves),
            arm(r.treatment(), withCurves)));
  }

  private static MetricRow.Moments moments(ArmSurvival a) {
    // Per-user variance of the restricted mean, so that variance / n is its squared error.
    return new MetricRow.Moments(a.users(), a.rmst(), a.rmstVariance() * a.users());
  }

  private static MetricRow.Arm arm(ArmSurvival a, boolean withCurve) {
    List<MetricRow.CurvePoint> curve = null;
    if (withCurve) {
      curve = new ArrayList<>();
      for (SurvivalPoint p : a.curve()) {
        curve.add(new MetricRow.CurvePoint(p.day(), p.survival()));
      }
    }
    return new MetricRow.Arm(a.rmst(), a.rmstSe(), a.events(), curve);
  }

  /** One survey's response-balance check between the control and one treatment group. */
  static Health.SurveyResponse responseBalance(
      String survey, String group, long controlN, long controlAnswered, long tN, long tAnswered) {
    ResponseBalance b = ResponseBalance.test(controlN, controlAnswered, tN, tAnswered);
    return new Health.SurveyResponse(
        survey,
        group,
        b.controlRate(),
        b.treatmentRate(),
        b.pValue(),
        b.balanced(),
        ResponseBalance.THRESHOLD);
  }

  /** P(absolute lift &gt; 0) under a flat prior: Φ(estimate / se); 0.5 when degenerate. */
  static double chanceAbove(TestResult absolute) {
    if (absolute.isDegenerate() || !(absolute.se() > 0)) {
      return 0.5;
    }
    return normalCdf(absolute.estimate() / absolute.se());
  }

  /** Φ(z), the standard normal distribution function. */
  private static double normalCdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }
}
