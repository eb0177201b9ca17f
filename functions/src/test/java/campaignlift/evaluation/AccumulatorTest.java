package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccumulatorTest {
  static final Instant T = Instant.parse("2026-06-01T00:00:00Z");

  static Enrolment enrolment(int i, String group, Instant t0, Counters c, boolean conflict) {
    return new Enrolment(
        "c",
        "u" + i,
        i % 4,
        group,
        t0,
        14,
        i % 3 == 0 ? Map.of() : Map.of("channel", i % 3 == 1 ? "email" : "push"),
        conflict ? Set.of("a", "b") : Set.of(group),
        i % 10 == 0 ? 2 : 1,
        i % 2 == 0 ? null : t0.minus(Duration.ofDays(i % 60)),
        c);
  }

  static Counters counters(int i) {
    return new Counters(
        i % 2,
        i % 5,
        i % 3,
        BigDecimal.valueOf(i % 7, 1),
        i % 3 == 0 ? 1 : 0,
        i % 4,
        i % 2,
        BigDecimal.valueOf(i % 5, 1),
        i % 3 + i % 2,
        i % 2);
  }

  private static Accumulator fill(int users) {
    Accumulator acc = new Accumulator(List.of("channel"), 30, true, T);
    for (int i = 0; i < users; i++) {
      Instant t0 = T.minus(Duration.ofDays(i % 20 == 0 ? 3 : 20));
      acc.add(enrolment(i, i % 2 == 0 ? "control" : "treated", t0, counters(i), i % 97 == 0));
    }
    return acc;
  }

  @Test
  void stateSizeDoesNotGrowWithUsers() {
    Accumulator small = fill(1_000);
    Accumulator large = fill(200_000);
    // Two maturity days (t0 is 3 or 20 days back) × at most 2 groups × (a tally + all + new +
    // existing + 3 channel values).
    assertTrue(small.cellCount() <= 2 * 2 * 7, "cells " + small.cellCount());
    assertEquals(small.cellCount(), large.cellCount());
    assertEquals(small.statistics().size(), large.statistics().size());
    assertEquals(200_000, large.enrolled("control") + large.enrolled("treated"));
  }

  @Test
  void countsConflictsImmatureAndDuplicates() {
    Accumulator acc = fill(1_000);
    long conflicts = 0;
    long immature = 0;
    long duplicates = 0;
    for (int i = 0; i < 1_000; i++) {
      boolean conflict = i % 97 == 0;
      conflicts += conflict ? 1 : 0;
      immature += !conflict && i % 20 == 0 ? 1 : 0;
      duplicates += i % 10 == 0 ? 1 : 0;
    }
    assertEquals(conflicts, acc.conflicts());
    assertEquals(immature, acc.immatureExcluded());
    assertEquals(duplicates, acc.duplicates());
    assertEquals(1_000 - conflicts - immature, acc.analysed("control") + acc.analysed("treated"));
  }

  @Test
  void mergingShardsEqualsOnePass() {
    Accumulator one = fill(3_000);
    Accumulator a = new Accumulator(List.of("channel"), 30, true, T);
    Accumulator b = new Accumulator(List.of("channel"), 30, true, T);
    for (int i = 0; i < 3_000; i++) {
      Instant t0 = T.minus(Duration.ofDays(i % 20 == 0 ? 3 : 20));
      Enrolment e = enrolment(i, i % 2 == 0 ? "control" : "treated", t0, counters(i), i % 97 == 0);
      (i % 2 == 0 ? a : b).add(e);
    }
    a.merge(b);
    List<Statistic> x = one.statistics();
    List<Statistic> y = a.statistics();
    assertEquals(x.size(), y.size());
    for (int i = 0; i < x.size(); i++) {
      // Exact cells: merged shards give the very same statistics, every kind of metric.
      assertEquals(x.get(i), y.get(i));
    }
  }

  @Test
  void metricDerivationFollowsSpec() {
    Counters c = new Counters(2, 3, 1, new BigDecimal("9.50"), 0, 0, 1, BigDecimal.ONE, 2, 1);
    assertEquals(2, SegmentCapTest.meanMetricValue(Metric.NEW_USERS, c, false));
    Enrolment e =
        new Enrolment("c", "u", 0, "control", T, 14, Map.of(), Set.of("control"), 1, null, c);
    long[][] v = MetricVariables.of(e, new CampaignCells.Settings(List.of(), 30)).small();
    assertEquals(2, v[Metric.NEW_USERS.ordinal()][0]);
    assertEquals(1, v[Metric.ACTIVE_RATE.ordinal()][0]);
    assertEquals(0, v[Metric.ACTIVE_RATE.ordinal()][1]);
    assertEquals(1, v[Metric.REPEAT_PURCHASE_RATE.ordinal()][0]);
    assertEquals(0, v[Metric.REPEAT_PURCHASE_RATE.ordinal()][1], "needs 2 purchases before t0");
    assertEquals(95_000, v[Metric.REVENUE.ordinal()][0], "9.50 at four places");
    assertEquals(1, v[Metric.PURCHASER_RATE.ordinal()][1]);
  }

  @Test
  void userTypeUsesNewUserDays() {
    Accumulator acc = new Accumulator(List.of(), 30, false, T);
    Instant t0 = T.minus(Duration.ofDays(20));
    Counters z = Counters.ZERO;
    acc.add(withKnown(enrolment(1, "g", t0, z, false), null));
    acc.add(withKnown(enrolment(2, "g", t0, z, false), t0.minus(Duration.ofDays(30))));
    acc.add(withKnown(enrolment(3, "g", t0, z, false), t0.minus(Duration.ofDays(31))));
    acc.add(withKnown(enrolment(4, "g", t0, z, false), t0.plus(Duration.ofDays(1))));
    long news = 0;
    long existing = 0;
    long all = 0;
    for (Statistic s : acc.statistics()) {
      if (s.metric() == Metric.NEW_USERS && s.segment().equals(Segment.ALL)) {
        all = s.sums().n();
      }
      if (s.metric() == Metric.NEW_USERS && s.segment().equals(Segment.NEW_USERS)) {
        news = s.sums().n();
      }
      if (s.metric() == Metric.NEW_USERS && s.segment().equals(Segment.EXISTING_USERS)) {
        existing = s.sums().n();
      }
    }
    assertEquals(3, news);
    assertEquals(1, existing);
    assertEquals(4, all, "every enrolment is in segment all, whatever its user type");
  }

  private static Enrolment withKnown(Enrolment e, Instant known) {
    return e.withFirstKnownAt(known);
  }
}
