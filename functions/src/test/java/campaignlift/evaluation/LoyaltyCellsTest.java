package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.SurveyAnswer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The loyalty metrics in the exact cells (docs/aggregates.md): survey answers, cancellations,
 * activity times and repeat-purchase days fold in as contribution(new) − contribution(old) in any
 * order and batching, the derived {@code loyalty} segment follows each enrolment's counters, and
 * cells written in the first format are read but kept out of evaluations.
 */
class LoyaltyCellsTest {
  static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
  static final CampaignCells.Settings SETTINGS =
      new CampaignCells.Settings(List.of("loyalty", "channel"), 30, 14, 5, 2);

  /** Enrolments with every loyalty counter drawn at random (version {@code v} of each user). */
  static List<Enrolment> enrolments(int count, long seed) {
    Random rnd = new Random(seed);
    List<Enrolment> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant t0 = T.minus(Duration.ofDays(20 + rnd.nextInt(20))).plusSeconds(rnd.nextInt(86_400));
      Instant first = rnd.nextBoolean() ? t0.plusSeconds(rnd.nextInt(12 * 86_400)) : null;
      Instant second =
          first != null && rnd.nextBoolean() ? first.plusSeconds(rnd.nextInt(86_400)) : null;
      LoyaltyCounters l =
          new LoyaltyCounters(
              rnd.nextInt(2),
              rnd.nextInt(2),
              rnd.nextBoolean() ? t0.plusSeconds(rnd.nextInt(14 * 86_400)) : null,
              rnd.nextBoolean() ? t0.minusSeconds(1 + rnd.nextInt(14 * 86_400)) : null,
              rnd.nextInt(3) == 0 ? answer(t0, rnd, 11) : null,
              rnd.nextInt(3) == 0 ? answer(t0, rnd, 5) : null,
              rnd.nextInt(2) == 0 ? answer(t0.minus(Duration.ofDays(30)), rnd, 11) : null,
              first,
              second);
      long pre = rnd.nextInt(4);
      Counters c =
          new Counters(
              0,
              rnd.nextInt(3),
              second != null ? 2 : first != null ? 1 : 0,
              BigDecimal.valueOf(rnd.nextInt(100_000), 2),
              0,
              0,
              pre,
              BigDecimal.valueOf(rnd.nextInt(50_000), 2),
              pre + 2,
              pre,
              l);
      String group = rnd.nextBoolean() ? "control" : "treated";
      out.add(
          new Enrolment(
              "c",
              "u" + i,
              0,
              group,
              t0,
              14,
              rnd.nextBoolean() ? Map.of("channel", "ch" + rnd.nextInt(4)) : Map.of(),
              Set.of(group),
              1,
              null,
              c));
    }
    return out;
  }

  private static SurveyAnswer answer(Instant t0, Random rnd, int scores) {
    int score = scores == 5 ? 1 + rnd.nextInt(5) : rnd.nextInt(11);
    return new SurveyAnswer(t0.plusSeconds(rnd.nextInt(86_400)), "e" + rnd.nextInt(1000), score);
  }

  @Test
  void loyaltyChangesFoldedInAnyOrderEqualTheFinalState() {
    List<Enrolment> v1 = enrolments(800, 1);
    List<Enrolment> v2 = enrolments(800, 2);
    List<Enrolment[]> changes = new ArrayList<>();
    for (int i = 0; i < v1.size(); i++) {
      changes.add(new Enrolment[] {null, v1.get(i)});
      changes.add(new Enrolment[] {v1.get(i), v2.get(i)});
    }
    CampaignCells expected = new CampaignCells();
    v2.forEach(e -> expected.add(e, SETTINGS, 1));
    Random rnd = new Random(5);
    for (int run = 0; run < 3; run++) {
      Collections.shuffle(changes, rnd);
      CampaignCells total = new CampaignCells();
      for (int i = 0; i < changes.size(); i += 97) {
        CampaignCells partial = new CampaignCells();
        for (Enrolment[] c : changes.subList(i, Math.min(changes.size(), i + 97))) {
          partial.add(c[1], SETTINGS, 1);
          if (c[0] != null) {
            partial.add(c[0], SETTINGS, -1);
          }
        }
        total.merge(CampaignCells.decode(partial.encode()));
      }
      assertEquals(List.of(), total.differences(expected, 5));
      assertFalse(total.incomplete());
    }
  }

  @Test
  void theLoyaltySegmentAndRepeatDaysFollowTheCounters() {
    List<Enrolment> all = enrolments(600, 3);
    CampaignCells cells = new CampaignCells();
    all.forEach(e -> cells.add(e, SETTINGS, 1));
    Accumulator acc = new Accumulator(SETTINGS, true, T, 50);
    all.forEach(acc::add);
    for (String q : List.of("loyal", "spurious", "latent", "not-loyal", "unknown")) {
      long expected =
          all.stream().filter(e -> e.group().equals("treated") && quadrant(e).equals(q)).count();
      long got =
          acc.statistics().stream()
              .filter(s -> s.group().equals("treated"))
              .filter(s -> s.segment().equals(new Segment("loyalty", q)))
              .filter(s -> s.metric() == Metric.NPS)
              .mapToLong(Statistic::n)
              .sum();
      assertEquals(expected, got, "treated users in quadrant " + q);
    }
    // Every enrolment has matured at T: events on their day, the rest censored at the window.
    SurvivalCounts s =
        acc.statistics().stream()
            .filter(x -> x.group().equals("control") && x.segment().equals(Segment.ALL))
            .filter(x -> x.metric() == Metric.TIME_TO_REPEAT_PURCHASE)
            .findFirst()
            .orElseThrow()
            .survival();
    List<Enrolment> control = all.stream().filter(e -> e.group().equals("control")).toList();
    long[] events = new long[15];
    for (Enrolment e : control) {
      Instant second = e.counters().loyalty().secondPurchaseAt();
      if (second != null) {
        events[(int) (Duration.between(e.t0(), second).getSeconds() / 86_400) + 1]++;
      }
    }
    assertEquals(java.util.Arrays.toString(events), java.util.Arrays.toString(s.events()));
    long repeaters = java.util.Arrays.stream(events).sum();
    assertEquals(control.size() - repeaters, s.censored()[14], "censored at the window's end");
  }

  /** docs/metrics.md's quadrant table, written out. */
  private static String quadrant(Enrolment e) {
    SurveyAnswer before = e.counters().loyalty().npsBefore();
    if (before == null) {
      return "unknown";
    }
    boolean buys = e.counters().prePurchases() >= 2;
    boolean promoter = before.score() >= 9;
    return buys ? (promoter ? "loyal" : "spurious") : (promoter ? "latent" : "not-loyal");
  }

  @Test
  void cellsOfTheFirstFormatAreReadButIncomplete() throws IOException {
    // One cell in format 1: the seven metrics' Σy, Σy², Σx, Σx², Σxy each, written by hand.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeInt(1); // format
      out.writeLong(0); // unreadable
      out.writeInt(0); // kept values
      out.writeInt(1); // tallies
      out.writeLong(20_000);
      string(out, "control");
      for (long t : new long[] {3, 0, 0, 3}) {
        out.writeLong(t);
      }
      out.writeInt(1); // cells
      string(out, "");
      out.writeByte(0); // ALL
      string(out, "");
      out.writeLong(20_000);
      string(out, "control");
      out.writeLong(3); // n
      for (int m = 0; m < 7; m++) {
        for (long v : new long[] {2, 4, 1, 1, 2}) { // Σy=2, Σy²=4, Σx=1, Σx²=1, Σxy=2
          byte[] b = BigInteger.valueOf(v * (m + 1)).toByteArray();
          out.writeShort(b.length);
          out.write(b);
        }
      }
    }
    CampaignCells old = CampaignCells.decode(bytes.toByteArray());
    assertTrue(old.incomplete(), "lacks the loyalty metrics' sums");
    CampaignCells merged = new CampaignCells();
    merged.merge(old);
    assertTrue(CampaignCells.decode(merged.encode()).incomplete(), "the mark survives merges");
    Accumulator acc = new Accumulator(new CampaignCells.Settings(List.of(), 30), false, T, 5);
    acc.cells().merge(old);
    CellSums activity =
        acc.statistics().stream()
            .filter(s -> s.metric() == Metric.ACTIVITY)
            .findFirst()
            .orElseThrow()
            .sums();
    // Metric 3 (activity) was written ×3: each sum lands in its own place.
    assertEquals(new CellSums(3, 6, 12, 3, 3, 6), activity);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
