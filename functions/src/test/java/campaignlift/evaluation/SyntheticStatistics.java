package campaignlift.evaluation;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;

/**
 * Sufficient statistics of any metric kind for tests of the result's shape (sizes, reports), not of
 * its figures: n users with a mean near {@code mean} (a share for proportions and CSAT top-2,
 * points for NPS, days for time to repeat purchase).
 */
public final class SyntheticStatistics {
  private SyntheticStatistics() {}

  /** Days in the window of synthetic time-to-repeat statistics. */
  public static final int HORIZON = 14;

  public static Statistic of(String group, Segment segment, Metric m, long n, double mean) {
    return switch (m.kind()) {
      case MEAN ->
          new Statistic(
              group,
              segment,
              m,
              new CellSums(n, mean * n, mean * mean * n * 2.5, mean * n * 0.9, mean * n, mean * n));
      case PROPORTION ->
          new Statistic(
              group,
              segment,
              m,
              new CellSums(n, mean * n, mean * n, mean * n * 0.9, mean * n * 0.9, mean * n * 0.5));
      case RATIO -> {
        // A quarter of the users answer (or buy); the numerator's mean per answer is `mean`.
        double d = Math.floor(n * 0.25);
        double num = mean * d;
        RatioCellSums.Pre pre =
            m.hasCovariate()
                ? new RatioCellSums.Pre(
                    num * 0.9,
                    num * mean * 2,
                    d,
                    d * 1.5,
                    num * mean,
                    d * 1.2,
                    num * 1.1,
                    num * 1.2,
                    num * 1.1)
                : null;
        yield Statistic.ratio(
            group,
            segment,
            m,
            new RatioCellSums(
                n, num, Math.abs(num) * Math.abs(mean) * 1.5 + d, d, d * 1.5, num * 1.2, pre));
      }
      case SURVIVAL -> {
        long[] events = new long[HORIZON + 1];
        long[] censored = new long[HORIZON + 1];
        long repeat = Math.round(n * Math.min(0.9, 1 / Math.max(1, mean)));
        for (int day = 1; day <= HORIZON; day++) {
          events[day] = repeat / HORIZON;
        }
        censored[HORIZON] = n - (repeat / HORIZON) * HORIZON;
        yield Statistic.survival(group, segment, m, new SurvivalCounts(HORIZON, events, censored));
      }
    };
  }
}
