package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.SegmentValues;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The per-attribute cap on segment values (docs/results.md): the kept values and every cell are the
 * same whatever order enrolments arrive in and however they are split over shards, and {@code
 * (other)} is exactly the sum of the folded values' cells, computed here independently from the raw
 * enrolments with exact decimal arithmetic.
 */
class SegmentCapTest {
  static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
  static final List<String> ATTRIBUTES = List.of("country", "tier");
  static final List<String> GROUPS = List.of("control", "email", "push");
  static final int K = Accumulator.MIN_VALUES_PER_ATTRIBUTE;

  /** Enrolments with many more values than K, missing ones, reserved and over-long ones. */
  static List<Enrolment> enrolments(int count, int distinct, long seed) {
    Random rnd = new Random(seed);
    List<Enrolment> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> attrs = new HashMap<>();
      for (String a : ATTRIBUTES) {
        int pick = rnd.nextInt(distinct + 8);
        if (pick == distinct) {
          continue; // missing: (none)
        } else if (pick == distinct + 1) {
          attrs.put(a, Segment.NONE); // stored before the names were reserved
        } else if (pick == distinct + 2) {
          attrs.put(a, Segment.OTHER);
        } else if (pick == distinct + 3) {
          attrs.put(a, "0" + "x".repeat(Accumulator.MAX_VALUE_LENGTH)); // sorts first, too long
        } else {
          attrs.put(a, a + "-" + (pick % distinct));
        }
      }
      // Fractional amounts of very different magnitudes: floating-point sums would depend on order.
      Counters c =
          new Counters(
              rnd.nextInt(3),
              rnd.nextInt(20),
              rnd.nextInt(4),
              BigDecimal.valueOf(rnd.nextInt(1_000_000_000), rnd.nextInt(5)),
              rnd.nextInt(2),
              rnd.nextInt(20),
              rnd.nextInt(4),
              BigDecimal.valueOf(rnd.nextInt(1_000_000), rnd.nextInt(4)),
              rnd.nextInt(5),
              rnd.nextInt(3));
      Instant t0 = T.minus(Duration.ofDays(20 + rnd.nextInt(30)));
      String group = GROUPS.get(rnd.nextInt(GROUPS.size()));
      out.add(
          new Enrolment(
              "c",
              "u" + i,
              i % 16,
              group,
              t0,
              14,
              attrs,
              Set.of(group),
              1,
              rnd.nextBoolean() ? null : t0.minus(Duration.ofDays(rnd.nextInt(90))),
              c));
    }
    return out;
  }

  /**
   * Folds the enrolments in a random order over a random number of shards, merged in random order.
   */
  static Accumulator fold(List<Enrolment> enrolments, Random rnd) {
    List<Enrolment> order = new ArrayList<>(enrolments);
    Collections.shuffle(order, rnd);
    int shards = 1 + rnd.nextInt(16);
    List<Accumulator> parts = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      parts.add(new Accumulator(ATTRIBUTES, 30, false, T));
    }
    for (Enrolment e : order) {
      parts.get(rnd.nextInt(shards)).add(e);
    }
    Collections.shuffle(parts, rnd);
    Accumulator total = new Accumulator(ATTRIBUTES, 30, false, T);
    parts.forEach(total::merge);
    return total;
  }

  /** Every cell as exact bits, keyed by group, segment and metric. */
  static Map<String, List<Long>> bits(Accumulator acc) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Statistic s : acc.statistics()) {
      CellSums m = s.sums();
      if (m == null) {
        // Ratio and survival statistics: compared whole (their doubles are each rounded once).
        out.put(
            s.group()
                + "|"
                + s.segment().attribute()
                + "="
                + s.segment().value()
                + "|"
                + s.metric(),
            List.of((long) s.hashCode(), (long) String.valueOf(s).hashCode()));
        continue;
      }
      out.put(
          s.group() + "|" + s.segment().attribute() + "=" + s.segment().value() + "|" + s.metric(),
          List.of(
              m.n(),
              Double.doubleToRawLongBits(m.sum()),
              Double.doubleToRawLongBits(m.sumSquares()),
              Double.doubleToRawLongBits(m.covariateSum()),
              Double.doubleToRawLongBits(m.covariateSumSquares()),
              Double.doubleToRawLongBits(m.crossSum())));
    }
    return out;
  }

  @Test
  void anyOrderAndAnyShardingGiveBitIdenticalCellsAndKeptValues() {
    List<Enrolment> data = enrolments(3_000, 40, 1);
    Accumulator first = fold(data, new Random(0));
    Map<String, List<Long>> expected = bits(first);
    Random rnd = new Random(99);
    for (int run = 0; run < 40; run++) {
      Accumulator acc = fold(data, rnd);
      assertEquals(first.keptValues(), acc.keptValues(), "run " + run);
      assertEquals(expected, bits(acc), "run " + run);
      assertEquals(first.segmentValues(), acc.segmentValues(), "run " + run);
    }
  }

  @Test
  void keptValuesAreTheKSmallestAndOtherIsExactlyTheSumOfTheRest() {
    List<Enrolment> data = enrolments(3_000, 40, 2);
    Accumulator acc = fold(data, new Random(5));
    Map<String, Statistic> cells = new HashMap<>();
    acc.statistics()
        .forEach(
            s ->
                cells.put(
                    s.group()
                        + "|"
                        + s.segment().attribute()
                        + "|"
                        + s.segment().value()
                        + "|"
                        + s.metric(),
                    s));
    for (String a : ATTRIBUTES) {
      TreeSet<String> eligible =
          data.stream()
              .map(e -> e.attributes().get(a))
              .filter(v -> v != null && !Segment.isReserved(v))
              .filter(v -> v.length() <= Accumulator.MAX_VALUE_LENGTH)
              .collect(Collectors.toCollection(TreeSet::new));
      List<String> kept = eligible.stream().limit(K).toList();
      assertEquals(kept, acc.keptValues().get(a));
      assertTrue(eligible.size() > K, "the data must overflow the cap");
      // Each segment's cell against exact sums over the raw enrolments that belong to it.
      Map<String, String> segmentOf = new HashMap<>();
      for (Enrolment e : data) {
        String v = e.attributes().get(a);
        segmentOf.put(e.userId(), v == null ? Segment.NONE : kept.contains(v) ? v : Segment.OTHER);
      }
      List<String> segments = new ArrayList<>(kept);
      segments.add(Segment.NONE);
      segments.add(Segment.OTHER);
      for (String g : GROUPS) {
        for (String segment : segments) {
          List<Enrolment> members =
              data.stream()
                  .filter(e -> e.group().equals(g) && segmentOf.get(e.userId()).equals(segment))
                  .toList();
          for (Metric m : Metric.values()) {
            if (m.ordinal() > Metric.REVENUE.ordinal()) {
              continue; // ratio and survival sums: CampaignCellsTest and the end-to-end tests
            }
            Statistic s = cells.get(g + "|" + a + "|" + segment + "|" + m);
            assertNotNull(s, g + " " + a + "=" + segment);
            assertExactSums(members, m, s.sums(), g + " " + a + "=" + segment + " " + m);
          }
        }
      }
      // Health: distinct values (reserved and too-long ones included), kept, folded.
      long distinct =
          data.stream().map(e -> e.attributes().get(a)).filter(v -> v != null).distinct().count();
      long foldedEnrolments =
          data.stream().filter(e -> segmentOf.get(e.userId()).equals(Segment.OTHER)).count();
      SegmentValues.Attribute h =
          acc.segmentValues().attributes().stream()
              .filter(x -> x.attribute().equals(a))
              .findFirst()
              .orElseThrow();
      assertEquals(distinct, h.distinctValues());
      assertTrue(h.distinctValuesExact());
      assertEquals(K, h.ownSegments());
      assertEquals(distinct - K, h.foldedValues());
      assertEquals(foldedEnrolments, h.foldedEnrolments());
    }
  }

  /**
   * docs/metrics.md's definitions of the count and share metrics, written out here so the test does
   * not take them from the code under test: the window's value, or the pre-window's.
   */
  static long meanMetricValue(Metric m, Counters c, boolean pre) {
    long signups = pre ? c.preSignups() : c.signups();
    long activity = pre ? c.preActivity() : c.activity();
    long purchases = pre ? c.prePurchases() : c.purchases();
    long repeatBase = pre ? c.purchasesBeforeStart() : c.purchasesBeforeEnd();
    return switch (m) {
      case NEW_USERS -> signups;
      case ACTIVE_RATE -> activity >= 1 ? 1 : 0;
      case ACTIVITY -> activity;
      case PURCHASER_RATE -> purchases >= 1 ? 1 : 0;
      case REPEAT_PURCHASE_RATE -> purchases >= 1 && repeatBase >= 2 ? 1 : 0;
      case PURCHASES -> purchases;
      default -> throw new IllegalArgumentException(m + " is not a count or share of counters");
    };
  }

  /** n and the five sums of one cell, expected from exact decimal sums rounded once. */
  private static void assertExactSums(
      List<Enrolment> members, Metric m, CellSums got, String what) {
    BigDecimal[] exact = new BigDecimal[5];
    java.util.Arrays.fill(exact, BigDecimal.ZERO);
    for (Enrolment e : members) {
      // The recorded decimals themselves, not their doubles: sums are exact (docs/aggregates.md).
      BigDecimal y =
          m == Metric.REVENUE
              ? e.counters().revenue()
              : BigDecimal.valueOf(meanMetricValue(m, e.counters(), false));
      BigDecimal x =
          m == Metric.REVENUE
              ? e.counters().preRevenue()
              : BigDecimal.valueOf(meanMetricValue(m, e.counters(), true));
      BigDecimal[] terms = {y, y.multiply(y), x, x.multiply(x), x.multiply(y)};
      for (int i = 0; i < 5; i++) {
        exact[i] = exact[i].add(terms[i]);
      }
    }
    assertEquals(members.size(), got.n(), what);
    double[] actual = {
      got.sum(), got.sumSquares(), got.covariateSum(), got.covariateSumSquares(), got.crossSum()
    };
    for (int i = 0; i < 5; i++) {
      assertEquals(exact[i].doubleValue(), actual[i], 0.0, what + " sum " + i);
    }
  }

  @Test
  void stateStaysBoundedWhateverTheNumberOfValues() {
    Accumulator few = new Accumulator(ATTRIBUTES, 30, false, T);
    Accumulator many = new Accumulator(ATTRIBUTES, 30, false, T);
    enrolments(2_000, 50, 3).forEach(few::add);
    enrolments(20_000, 10_000, 3).forEach(many::add);
    // Cells are kept per maturity day (t0 spans 30 days here, windows are whole days): per day
    // and group a tally, all + two user types, and per attribute its none, pooled rest and at most
    // VALUES_KEPT values of its own.
    int days = 30;
    int bound =
        days * GROUPS.size() * (1 + 3 + ATTRIBUTES.size() * (CampaignCells.VALUES_KEPT + 2));
    assertTrue(few.cellCount() <= bound, "cells " + few.cellCount());
    // Ten thousand values, yet no more cells than the bound: values past the kept ones pool.
    assertTrue(many.cellCount() <= bound, "cells " + many.cellCount());
    assertTrue(
        few.statistics().size()
            <= GROUPS.size() * (3 + ATTRIBUTES.size() * (K + 2)) * Metric.values().length,
        "rows are capped at K values per attribute");
    SegmentValues.Attribute h = many.segmentValues().attributes().get(0);
    assertFalse(h.distinctValuesExact(), "more than the counting limit");
    assertEquals(Accumulator.DISTINCT_COUNT_LIMIT, h.distinctValues());
  }

  @Test
  void distinctCountOverflowIsTheSameInAnyOrder() {
    List<Enrolment> data = enrolments(4_000, Accumulator.DISTINCT_COUNT_LIMIT + 200, 4);
    Accumulator first = fold(data, new Random(1));
    for (int run = 0; run < 5; run++) {
      Accumulator acc = fold(data, new Random(100 + run));
      assertEquals(first.segmentValues(), acc.segmentValues());
      assertEquals(bits(first), bits(acc));
    }
  }

  @Test
  void exactSumsMatchIntegerArithmeticInAnyOrderAndUndoExactly() {
    Random rnd = new Random(11);
    List<long[]> terms = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      // Products near and past the long range: the sum must switch to big integers exactly.
      long a = rnd.nextLong() >> rnd.nextInt(63);
      long b = rnd.nextLong() >> rnd.nextInt(63);
      terms.add(new long[] {a, b});
    }
    BigInteger exact = BigInteger.ZERO;
    for (long[] t : terms) {
      exact =
          exact
              .add(BigInteger.valueOf(t[0]).multiply(BigInteger.valueOf(t[1])))
              .add(BigInteger.valueOf(t[0]));
    }
    for (int run = 0; run < 20; run++) {
      Collections.shuffle(terms, rnd);
      ExactSum a = new ExactSum();
      ExactSum b = new ExactSum();
      for (int i = 0; i < terms.size(); i++) {
        ExactSum s = i % 3 == 0 ? a : b;
        s.addProduct(terms.get(i)[0], terms.get(i)[1], 1);
        s.add(terms.get(i)[0]);
      }
      b.merge(a);
      assertEquals(exact, b.value());
      for (long[] t : terms) {
        b.addProduct(t[0], t[1], -1);
        b.add(-t[0]);
      }
      assertTrue(b.isZero(), "adding every term with the opposite sign leaves exactly zero");
    }
  }

  @Test
  void kKeepsEveryCampaignWithinTheRowBudget() {
    int metrics = Metric.values().length;
    for (int compared = 1; compared <= 9; compared++) {
      for (int attributes = 1; attributes <= 5; attributes++) {
        int k = Accumulator.valuesPerAttribute(compared, attributes);
        int rows = metrics * compared * (3 + attributes * (k + 2));
        assertTrue(
            rows <= Accumulator.ROW_BUDGET || k == Accumulator.MIN_VALUES_PER_ATTRIBUTE,
            compared + " compared, " + attributes + " attributes: K " + k + ", " + rows + " rows");
        assertTrue(k >= Accumulator.MIN_VALUES_PER_ATTRIBUTE);
        assertTrue(k <= Accumulator.MAX_VALUES_PER_ATTRIBUTE);
      }
    }
    assertEquals(Accumulator.MAX_VALUES_PER_ATTRIBUTE, Accumulator.valuesPerAttribute(1, 1));
    assertEquals(Accumulator.MIN_VALUES_PER_ATTRIBUTE, Accumulator.valuesPerAttribute(9, 5));
  }
}
