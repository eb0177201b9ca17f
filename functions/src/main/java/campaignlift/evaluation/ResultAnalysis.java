package campaignlift.evaluation;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.Segment;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.GroupMoments;
import campaignlift.stats.LiftAnalysis;
import campaignlift.stats.LiftResult;
import campaignlift.stats.MinimumDetectableEffect;
import campaignlift.stats.PValueCorrection;
import campaignlift.stats.TestResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * From sufficient statistics to the result document of docs/results.md. Pure: the same {@link
 * EvaluationInput} always gives the same document, which is what makes snapshots recomputable.
 *
 * <p>One row per metric × segment × treatment group, compared with the control group in the same
 * segment by {@link LiftAnalysis}. A segment value that some group lacks entirely gives no row for
 * that group. The family for the multiple-testing correction is every row of the evaluation; a
 * row's decision p-value is its relative-scale p-value, sequential when the campaign's {@code
 * sequential} is on.
 */
public final class ResultAnalysis {
  private ResultAnalysis() {}

  /**
   * One computed comparison before the correction is applied: a lift for mean, proportion and ratio
   * metrics, a survival comparison for time to repeat purchase.
   */
  private record Comparison(
      Metric metric,
      Segment segment,
      String group,
      LiftResult lift,
      SurvivalComparison survival,
      Boolean comparable) {
    double decisionPValue(boolean sequential) {
      if (survival != null) {
        return survival.logRankPValue();
      }
      if (metric.absoluteOnly()) {
        return (sequential ? lift.sequentialAbsolute() : lift.absolute()).pValue();
      }
      return lift.decision().pValue();
    }
  }

  /** The whole result document, not yet stored (no snapshot or report reference). */
  public static Result result(EvaluationInput in) {
    Map<String, Statistic> stats = index(in);
    List<Health.SurveyResponse> surveys = surveyResponse(in, stats);
    return new Result(
        in.campaignId(),
        in.name(),
        in.evaluatedAt(),
        in.settings(),
        in.groups(),
        // No survey answered: no check, and nothing written (as in results from before surveys).
        in.health().withSurveyResponse(surveys.isEmpty() ? null : surveys),
        rows(in, stats, surveys),
        null,
        null);
  }

  private static Map<String, Statistic> index(EvaluationInput in) {
    Map<String, Statistic> stats = new HashMap<>();
    for (Statistic s : in.statistics()) {
      stats.put(key(s.group(), s.segment(), s.metric()), s);
    }
    return stats;
  }

  /**
   * The response-balance check per survey and treatment group, in segment {@code all}
   * (docs/metrics.md); empty when nobody answered a survey.
   */
  static List<Health.SurveyResponse> surveyResponse(
      EvaluationInput in, Map<String, Statistic> stats) {
    List<Health.SurveyResponse> out = new ArrayList<>();
    String control = in.control().name();
    for (Metric survey : List.of(Metric.NPS, Metric.CSAT)) {
      Statistic c = stats.get(key(control, Segment.ALL, survey));
      for (GroupCount g : in.groups()) {
        Statistic t = stats.get(key(g.name(), Segment.ALL, survey));
        if (g.control() || c == null || t == null || c.ratio() == null || t.ratio() == null) {
          continue;
        }
        RatioCellSums cr = c.ratio();
        RatioCellSums tr = t.ratio();
        if (cr.denominatorSum() + tr.denominatorSum() == 0) {
          continue; // nobody answered: nothing to compare
        }
        out.add(
            LoyaltyStatistics.responseBalance(
                survey.id(),
                g.name(),
                cr.n(),
                Math.round(cr.denominatorSum()),
                tr.n(),
                Math.round(tr.denominatorSum())));
      }
    }
    return out;
  }

  /**
   * Segments in report order: all, userType, then each attribute in declared order with its values
   * in sort order, then {@code (none)}, then {@code (other)}.
   */
  static List<Segment> segments(EvaluationInput in) {
    Set<Segment> seen = new TreeSet<>();
    for (Statistic s : in.statistics()) {
      seen.add(s.segment());
    }
    Set<Segment> ordered = new LinkedHashSet<>();
    for (Segment s : List.of(Segment.ALL, Segment.NEW_USERS, Segment.EXISTING_USERS)) {
      if (seen.contains(s)) {
        ordered.add(s);
      }
    }
    for (String attribute : in.settings().segmentAttributes()) {
      for (Segment s : seen) {
        if (s.attribute().equals(attribute) && !Segment.isReserved(s.value())) {
          ordered.add(s);
        }
      }
      for (String special : List.of(Segment.NONE, Segment.OTHER)) {
        Segment s = new Segment(attribute, special);
        if (seen.contains(s)) {
          ordered.add(s);
        }
      }
    }
    return List.copyOf(ordered);
  }

  private static List<MetricRow> rows(
      EvaluationInput in, Map<String, Statistic> stats, List<Health.SurveyResponse> surveys) {
    Map<String, Boolean> comparable = new HashMap<>();
    for (Health.SurveyResponse r : surveys) {
      comparable.put(r.survey() + "\u0000" + r.group(), r.comparable());
    }
    EvaluationSettings settings = in.settings();
    AnalysisSettings analysis = settings.analysis();
    String control = in.control().name();
    List<Comparison> comparisons = new ArrayList<>();
    List<Segment> segments = segments(in);
    for (Metric metric : Metric.values()) {
      for (Segment segment : segments) {
        Statistic c = stats.get(key(control, segment, metric));
        for (GroupCount g : in.groups()) {
          Statistic t = stats.get(key(g.name(), segment, metric));
          if (g.control() || c == null || t == null || c.n() == 0 || t.n() == 0) {
            continue;
          }
          Boolean isComparable =
              Metric.SURVEY.contains(metric)
                  ? comparable.getOrDefault(surveyOf(metric) + "\u0000" + g.name(), true)
                  : null;
          if (metric.kind() == Metric.Kind.SURVIVAL) {
            comparisons.add(
                new Comparison(
                    metric,
                    segment,
                    g.name(),
                    null,
                    LoyaltyStatistics.survival(
                        c.survival(), t.survival(), analysis, segment.equals(Segment.ALL)),
                    null));
            continue;
          }
          boolean cuped = settings.cuped() && metric.hasCovariate();
          LiftResult lift =
              metric.kind() == Metric.Kind.RATIO
                  ? LoyaltyStatistics.ratio(c.ratio(), t.ratio(), cuped, analysis)
                  : LiftAnalysis.compare(
                      metric.type(),
                      c.sums().toGroupSums(cuped),
                      t.sums().toGroupSums(cuped),
                      analysis);
          comparisons.add(new Comparison(metric, segment, g.name(), lift, null, isComparable));
        }
      }
    }
    double[] p = new double[comparisons.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = comparisons.get(i).decisionPValue(settings.sequential());
    }
    double[] adjusted = PValueCorrection.adjust(p, method(settings.correction()));
    List<MetricRow> out = new ArrayList<>(p.length);
    for (int i = 0; i < p.length; i++) {
      out.add(row(comparisons.get(i), p[i], adjusted[i], settings));
    }
    return out;
  }

  static PValueCorrection.Method method(Correction c) {
    return switch (c) {
      case BH -> PValueCorrection.Method.BENJAMINI_HOCHBERG;
      case HOLM -> PValueCorrection.Method.HOLM;
      case NONE -> PValueCorrection.Method.NONE;
    };
  }

  private static String key(String group, Segment segment, Metric metric) {
    return group + "\u0000" + segment.attribute() + "\u0000" + segment.value() + "\u0000" + metric;
  }

  /** The survey a survey metric's answers come from. */
  private static String surveyOf(Metric m) {
    return m == Metric.NPS ? Metric.NPS.id() : Metric.CSAT.id();
  }

  private static MetricRow row(
      Comparison r, double decisionP, double adjustedP, EvaluationSettings settings) {
    if (r.survival() != null) {
      return survivalRow(r, decisionP, adjustedP, settings);
    }
    LiftResult lift = r.lift();
    // Incremental outcomes: absolute lift × treatment n, with the interval on the same basis as
    // the decision (the always-valid absolute interval when sequential is on).
    TestResult absBasis = settings.sequential() ? lift.sequentialAbsolute() : lift.absolute();
    long n = lift.treatment().n();
    double inc = lift.absolute().estimate() * n;
    double incLow = absBasis.ciLower() * n;
    double incHigh = absBasis.ciUpper() * n;
    MetricRow.Interval costPerIncremental = null;
    MetricRow.Interval returnOnSpend = null;
    Double cost = settings.cost();
    if (cost != null && r.segment().equals(Segment.ALL)) {
      switch (r.metric()) {
        case NEW_USERS, REPEAT_PURCHASE_RATE ->
            // Cost per incremental outcome is only defined while the increment is positive.
            costPerIncremental =
                new MetricRow.Interval(
                    inc > 0 ? cost / inc : Double.NaN,
                    incHigh > 0 ? cost / incHigh : Double.NaN,
                    incLow > 0 ? cost / incLow : Double.NaN);
        case REVENUE ->
            returnOnSpend =
                cost > 0 ? new MetricRow.Interval(inc / cost, incLow / cost, incHigh / cost) : null;
        default -> {
          // Outcomes without a price: no cost figure.
        }
      }
    }
    boolean absoluteOnly = r.metric().absoluteOnly();
    TestResult decision =
        absoluteOnly
            ? (settings.sequential() ? lift.sequentialAbsolute() : lift.absolute())
            : lift.decision();
    // The always-valid sequence of the lift reported: relative, or absolute for NPS.
    TestResult s = absoluteOnly ? lift.sequentialAbsolute() : lift.sequential();
    String reason = null;
    if (decision.isDegenerate() || lift.absolute().isDegenerate()) {
      reason = (decision.isDegenerate() ? decision.reason() : lift.absolute().reason()).name();
    }
    // A count of incremental outcomes only means something for per-user means and shares.
    boolean perUser = r.metric().kind() != Metric.Kind.RATIO;
    double chance =
        absoluteOnly
            ? LoyaltyStatistics.chanceAbove(lift.absolute())
            : r.metric().lowerIsBetter() ? 1 - lift.chanceToWin() : lift.chanceToWin();
    boolean comparable = !Boolean.FALSE.equals(r.comparable());
    return new MetricRow(
        r.metric(),
        r.segment(),
        r.group(),
        moments(lift.control()),
        moments(lift.treatment()),
        test(lift.absolute()),
        absoluteOnly ? null : test(lift.relative()),
        new MetricRow.AlwaysValid(s.estimate(), s.ciLower(), s.ciUpper(), s.pValue()),
        new MetricRow.Cuped(
            lift.cuped().applied(), lift.cuped().theta(), lift.cuped().varianceReduction()),
        decisionP,
        adjustedP,
        chance,
        mde(lift.mde(), absoluteOnly),
        perUser ? new MetricRow.Interval(inc, incLow, incHigh) : null,
        costPerIncremental,
        returnOnSpend,
        comparable && adjustedP < settings.alpha(),
        reason,
        MetricRow.directionOf(r.metric()),
        r.comparable(),
        null);
  }

  /**
   * Time to repeat purchase: the RMST difference as the absolute test, the log-rank p-value as the
   * decision (fixed-horizon: there is no always-valid log-rank here), no relative lift.
   */
  private static MetricRow survivalRow(
      Comparison r, double decisionP, double adjustedP, EvaluationSettings settings) {
    SurvivalComparison v = r.survival();
    MetricRow.Test diff = v.difference();
    return new MetricRow(
        r.metric(),
        r.segment(),
        r.group(),
        v.controlMoments(),
        v.treatmentMoments(),
        diff,
        null,
        null,
        new MetricRow.Cuped(false, 0, 0),
        decisionP,
        adjustedP,
        v.chanceLower(),
        null,
        null,
        null,
        null,
        adjustedP < settings.alpha(),
        v.reason(),
        MetricRow.directionOf(r.metric()),
        null,
        v.row());
  }

  /** The engine's MDE; undefined (null in JSON) when the comparison is degenerate. */
  private static MetricRow.Mde mde(MinimumDetectableEffect m, boolean absoluteOnly) {
    boolean defined = !m.reason().isDegenerate();
    return new MetricRow.Mde(
        defined ? m.absolute() : Double.NaN,
        defined && !absoluteOnly ? m.relative() : Double.NaN,
        m.power());
  }

  private static MetricRow.Moments moments(GroupMoments m) {
    return new MetricRow.Moments(m.n(), m.mean(), m.variance());
  }

  private static MetricRow.Test test(TestResult t) {
    return new MetricRow.Test(t.estimate(), t.se(), t.ciLower(), t.ciUpper(), t.pValue());
  }
}
