package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SurvivalAnalysis} against published figures and R (docs/statistics.md §12-15).
 *
 * <p>Data: the Freireich et al. (1963) leukaemia remission trial as tabulated by Gehan (1965),
 * times in weeks (the time unit here), 21 patients per arm; and R's {@code aml} data set (Miller
 * 1981), with tied events, an event tied with a censoring, and ties across arms.
 *
 * <p>Published: the 6-MP Kaplan–Meier estimates (e.g. Klein &amp; Moeschberger 2003, Example 4.1)
 * and the log-rank χ² = 16.8 (R {@code survdiff}). Every further figure was computed with R 4.2.2
 * and survival 3.5.3 (Debian r-cran-survival) from the raw times, never from this code:
 *
 * <pre>
 * library(survival); options(digits = 12)
 * time   &lt;- c(6,6,6,6,7,9,10,10,11,13,16,17,19,20,22,23,25,32,32,34,35,
 *             1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23)
 * status &lt;- c(1,1,1,0,1,0,1,0,0,1,1,0,0,0,1,1,0,0,0,0,0, rep(1,21))
 * group  &lt;- c(rep("6-MP",21), rep("placebo",21))
 * fit &lt;- survfit(Surv(time, status) ~ group); summary(fit)
 *  #  6-MP: time n.risk n.event survival std.err
 *  #   6 21 3 0.857 0.0764 |  7 17 1 0.807 0.0869 | 10 15 1 0.753 0.0963 | 13 12 1 0.690 0.1068
 *  #  16 11 1 0.627 0.1141 | 22  7 1 0.538 0.1282 | 23  6 1 0.448 0.1346
 * summary(fit, rmean = 35)$table[, c("rmean", "se(rmean)")]
 *  #  group=6-MP    23.28739495798 2.82746762337
 *  #  group=placebo  8.66666666667 1.37739004126
 * d &lt;- 23.28739495798 - 8.66666666667; se &lt;- sqrt(2.82746762337^2 + 1.37739004126^2)
 *  #  d 14.6207282913 se 3.14511947102 ci (d -/+ qnorm(0.975) se) 8.45640740104 20.7850491816
 *  #  p = 2 * pnorm(-abs(d / se)) 3.34027760091e-06
 * survdiff(Surv(time, status) ~ group)
 *  #  6-MP N 21 O 9 E 19.250500948; placebo N 21 O 21 E 10.749499052
 *  #  Chisq = 16.7929409892 on 1 df, p = 4.16880910933e-05
 *
 * fit &lt;- survfit(Surv(time, status) ~ x, data = aml); summary(fit)
 *  #  Maintained 13: n.risk 10 survival 0.81818182 std.err 0.116291300
 *  #  Maintained 48: n.risk 2 survival 0.18409091 std.err 0.153492746
 *  #  Nonmaintained 45: n.risk 1 survival 0 std.err NaN
 * summary(fit, rmean = 48)$table
 *  #  Maintained    rmean 31.8431818182 se(rmean) 4.52788471175
 *  #  Nonmaintained rmean 22.7083333333 se(rmean) 4.18094198103
 *  #  Nonmaintained - Maintained: d -9.13484848485 se 6.16295512004
 *  #  ci -21.2140185585 2.94432158877 p 0.138282062404
 * survdiff(Surv(time, status) ~ x, data = aml)
 *  #  E Maintained 10.6893359923, Nonmaintained 7.3106640077; Chisq 3.39638869898 p 0.0653393220405
 * </pre>
 */
class SurvivalAnalysisTest {
  private static final AnalysisSettings SETTINGS =
      new AnalysisSettings(
          0.05, false, SequentialTTest.DEFAULT_TUNING, true, Alternative.TWO_SIDED);

  /**
   * Raw follow-up times (whole units) and event flags as daily counts; follow-up beyond the horizon
   * is censored at the horizon, as the caller does for users still waiting at τ.
   */
  static DailySurvival daily(int horizon, int[] times, boolean[] event) {
    long[] events = new long[horizon + 1];
    long[] censored = new long[horizon + 1];
    for (int i = 0; i < times.length; i++) {
      if (times[i] > horizon) {
        censored[horizon]++;
      } else if (event[i]) {
        events[times[i]]++;
      } else {
        censored[times[i]]++;
      }
    }
    return new DailySurvival(horizon, events, censored);
  }

  private static boolean[] flags(int n, int... censoredIndexes) {
    boolean[] e = new boolean[n];
    java.util.Arrays.fill(e, true);
    for (int i : censoredIndexes) {
      e[i] = false;
    }
    return e;
  }

  /**
   * Freireich 6-MP arm: events 6,6,6,7,10,13,16,22,23; censored 6,9,10,11,17,19,20,25,32,32,34,35.
   */
  static final DailySurvival SIX_MP =
      daily(
          35,
          new int[] {6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35},
          flags(21, 3, 5, 7, 8, 11, 12, 13, 16, 17, 18, 19, 20));

  /** Freireich placebo arm: 21 relapses, no censoring. */
  static final DailySurvival PLACEBO =
      daily(
          35,
          new int[] {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23},
          flags(21));

  /** R aml, Maintained: 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+. */
  static final DailySurvival MAINTAINED =
      daily(48, new int[] {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161}, flags(11, 2, 5, 8, 10));

  /** R aml, Nonmaintained: 5, 5, 8, 8, 12, 16+, 23, 27, 30, 33, 43, 45. */
  static final DailySurvival NONMAINTAINED =
      daily(48, new int[] {5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45}, flags(12, 5));

  private static SurvivalPoint day(ArmSurvival arm, int t) {
    SurvivalPoint p = arm.curve().get(t - 1);
    assertEquals(t, p.day());
    return p;
  }

  @Test
  void kaplanMeierOfTheSixMpArmMatchesThePublishedTable() {
    ArmSurvival arm = SurvivalAnalysis.describe(SIX_MP);
    int[] weeks = {6, 7, 10, 13, 16, 22, 23};
    double[] published = {0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448};
    double[] greenwood = {0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346};
    long[] atRisk = {21, 17, 15, 12, 11, 7, 6};
    for (int i = 0; i < weeks.length; i++) {
      SurvivalPoint p = day(arm, weeks[i]);
      assertEquals(published[i], p.survival(), 5e-4, "S(" + weeks[i] + ")");
      assertEquals(greenwood[i], p.se(), 5e-5, "Greenwood SE at " + weeks[i]);
      assertEquals(atRisk[i], p.atRisk(), "at risk at " + weeks[i]);
    }
    assertEquals(1.0, day(arm, 5).survival(), "no relapse before week 6");
    assertEquals(day(arm, 23).survival(), day(arm, 35).survival(), "flat after the last relapse");
    assertEquals(35, arm.curve().size());
    assertEquals(21, arm.users());
    assertEquals(9, arm.events());
  }

  @Test
  void logRankOfTheLeukaemiaTrialMatchesSurvdiff() {
    LogRankResult lr = SurvivalAnalysis.compare(PLACEBO, SIX_MP, SETTINGS).logRank();
    assertEquals(16.8, lr.chiSquare(), 0.05, "published χ²");
    assertEquals(16.7929409892, lr.chiSquare(), 1e-9);
    assertEquals(4.16880910933e-05, lr.pValue(), 1e-15);
    assertEquals(9, lr.observedTreatment());
    assertEquals(19.250500948, lr.expectedTreatment(), 1e-9);
    assertEquals(21, lr.observedControl());
    assertEquals(10.749499052, lr.expectedControl(), 1e-9);
    assertEquals(Reason.NONE, lr.reason());
  }

  @Test
  void rmstAndItsDifferenceOfTheLeukaemiaTrialMatchR() {
    SurvivalResult r = SurvivalAnalysis.compare(PLACEBO, SIX_MP, SETTINGS);
    assertEquals(35, r.horizonDays());
    assertEquals(23.28739495798, r.treatment().rmst(), 1e-10);
    assertEquals(2.82746762337, r.treatment().rmstSe(), 1e-10);
    assertEquals(8.66666666667, r.control().rmst(), 1e-10);
    assertEquals(1.37739004126, r.control().rmstSe(), 1e-10);
    TestResult d = r.rmstDifference();
    assertEquals(14.6207282913, d.estimate(), 1e-9);
    assertEquals(3.14511947102, d.se(), 1e-9);
    assertEquals(8.45640740104, d.ciLower(), 1e-9);
    assertEquals(20.7850491816, d.ciUpper(), 1e-9);
    assertEquals(3.34027760091e-06, d.pValue(), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, d.df());
  }

  @Test
  void tiesAndCensoringOfTheAmlDataMatchR() {
    SurvivalResult r = SurvivalAnalysis.compare(MAINTAINED, NONMAINTAINED, SETTINGS);
    assertEquals(0.81818182, day(r.control(), 13).survival(), 1e-8, "event tied with censoring");
    assertEquals(0.116291300, day(r.control(), 13).se(), 1e-8);
    assertEquals(0.18409091, day(r.control(), 48).survival(), 1e-8, "event at τ");
    assertEquals(0.153492746, day(r.control(), 48).se(), 1e-8);
    assertEquals(2, day(r.control(), 48).atRisk(), "161+ is censored at τ and at risk at τ");
    assertEquals(0.0, day(r.treatment(), 45).survival());
    assertTrue(Double.isNaN(day(r.treatment(), 45).se()), "R: std.err NaN once S = 0");
    assertEquals(31.8431818182, r.control().rmst(), 1e-9);
    assertEquals(4.52788471175, r.control().rmstSe(), 1e-10);
    assertEquals(22.7083333333, r.treatment().rmst(), 1e-9);
    assertEquals(4.18094198103, r.treatment().rmstSe(), 1e-10);
    TestResult d = r.rmstDifference();
    assertEquals(-9.13484848485, d.estimate(), 1e-9);
    assertEquals(6.16295512004, d.se(), 1e-10);
    assertEquals(-21.2140185585, d.ciLower(), 1e-9);
    assertEquals(2.94432158877, d.ciUpper(), 1e-9);
    assertEquals(0.138282062404, d.pValue(), 1e-11);
    LogRankResult lr = r.logRank();
    assertEquals(3.39638869898, lr.chiSquare(), 1e-9);
    assertEquals(0.0653393220405, lr.pValue(), 1e-12);
    assertEquals(10.6893359923, lr.expectedControl(), 1e-9);
    assertEquals(7.3106640077, lr.expectedTreatment(), 1e-9);
  }

  @Test
  void theIntervalFollowsTheSettingsAlpha() {
    SurvivalResult r =
        SurvivalAnalysis.compare(
            PLACEBO,
            SIX_MP,
            new AnalysisSettings(
                0.10, false, SequentialTTest.DEFAULT_TUNING, true, Alternative.TWO_SIDED));
    // R: options(digits = 12); 14.6207282913 -/+ qnorm(0.95) * 3.14511947102
    assertEquals(9.4474671222, r.rmstDifference().ciLower(), 1e-9);
    assertEquals(19.7939894604, r.rmstDifference().ciUpper(), 1e-9);
  }

  @Test
  void anEmptyArmGivesNaNFiguresAndTheDefaultOutput() {
    DailySurvival empty = new DailySurvival(35, new long[36], new long[36]);
    SurvivalResult r = SurvivalAnalysis.compare(empty, SIX_MP, SETTINGS);
    assertTrue(r.control().curve().isEmpty());
    assertTrue(Double.isNaN(r.control().rmst()));
    assertTrue(Double.isNaN(r.control().rmstVariance()));
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.rmstDifference().reason());
    assertEquals(1.0, r.rmstDifference().pValue());
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.logRank().reason());
    assertEquals(1.0, r.logRank().pValue());
    assertEquals(23.28739495798, r.treatment().rmst(), 1e-10, "the other arm is still described");
  }

  @Test
  void noEventsAnywhereGivesTheFullHorizonAndTheDefaultOutput() {
    long[] none = new long[31];
    long[] censored = new long[31];
    censored[30] = 100;
    censored[12] = 5;
    DailySurvival arm = new DailySurvival(30, none, censored);
    SurvivalResult r = SurvivalAnalysis.compare(arm, arm, SETTINGS);
    assertEquals(30.0, r.control().rmst(), "nobody had the event: RMST = τ");
    assertEquals(0.0, r.control().rmstVariance());
    assertEquals(1.0, day(r.control(), 30).survival());
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.rmstDifference().reason());
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.logRank().reason());
    assertEquals(0.0, r.logRank().chiSquare());
  }

  @Test
  void everyoneHavingTheEventOnOneDayDoesNotThrow() {
    long[] events = new long[11];
    events[3] = 4; // n_j − d_j = 0 at day 3
    DailySurvival all = new DailySurvival(10, events, new long[11]);
    ArmSurvival a = SurvivalAnalysis.describe(all);
    assertEquals(3.0, a.rmst(), "S = 1 on [0, 3), 0 after");
    assertEquals(0.0, a.rmstVariance(), "the n_j = d_j term is 0, as in R");
    assertEquals(0.0, day(a, 3).survival());
    assertTrue(Double.isNaN(day(a, 3).se()));
    SurvivalResult r = SurvivalAnalysis.compare(all, all, SETTINGS);
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.rmstDifference().reason());
    // Both arms lose everyone on day 3: V = 4·½·½·(8 − 8)/7 = 0.
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.logRank().reason());
  }

  @Test
  void invalidInputsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SurvivalAnalysis.compare(PLACEBO, MAINTAINED, SETTINGS),
        "different horizons");
    assertThrows(
        IllegalArgumentException.class, () -> new DailySurvival(3, new long[3], new long[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DailySurvival(3, new long[] {1, 0, 0, 0}, new long[4]),
        "day 0 is not a day");
    assertThrows(
        IllegalArgumentException.class,
        () -> new DailySurvival(3, new long[] {0, -1, 0, 0}, new long[4]));
    assertThrows(
        IllegalArgumentException.class, () -> new DailySurvival(0, new long[1], new long[1]));
  }

  @Test
  void theCurveIsACopy() {
    List<SurvivalPoint> curve = SurvivalAnalysis.describe(SIX_MP).curve();
    assertThrows(UnsupportedOperationException.class, () -> curve.remove(0));
  }
}
