package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignParser;
import campaignlift.campaign.Shards;
import campaignlift.evaluation.EnrolmentReader;
import campaignlift.evaluation.Evaluator;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.local.demo.Simulation;
import campaignlift.recording.Attribution;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's default size (20,000 users, default seed) covers every true effect. The full demo
 * takes minutes over HTTP, so this runs the same simulated events through the write path's pure
 * attribution ({@link Attribution#of}) and the real evaluation ({@link Evaluator}, {@link
 * ResultAnalysis}) in memory, and prints the table with the demo's own printer; {@link
 * DemoCommandTest} runs the whole demo over HTTP at the size CI uses.
 */
class DemoCoverageTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stop() {
    POOL.shutdown();
  }

  /** The demo's output table for {@code users} simulated users, evaluated after every window. */
  static String table(int users, long seed, boolean biasedResponse) {
    Simulation sim =
        new Simulation(DemoCommand.CAMPAIGN, DemoCommand.START, users, seed, biasedResponse);
    Campaign campaign = CampaignParser.parse(DemoCommand.CAMPAIGN, DemoCommand.campaign());
    List<Enrolment> enrolments = enrolments(sim, campaign);
    EnrolmentReader reader =
        (String campaignId, int shard, Consumer<Enrolment> sink) -> {
          for (Enrolment e : enrolments) {
            if (e.shard() == shard) {
              sink.accept(e);
            }
          }
          return 0;
        };
    Instant at = DemoCommand.START.plus(Duration.ofDays(DemoCommand.STAGES[2]));
    Result result =
        ResultAnalysis.result(
            new Evaluator(reader, POOL).evaluate(campaign, true, at, at.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoCommand.print(result, sim, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Each simulated user's enrolment, its counters folded from the user's log as recorded. */
  private static List<Enrolment> enrolments(Simulation sim, Campaign campaign) {
    Map<String, List<LoggedEvent>> logs = new HashMap<>();
    Map<String, Instant> firstOwn = new HashMap<>();
    for (Simulation.Event e : sim.events) {
      OutcomeType type = OutcomeType.fromWire(e.type());
      BigDecimal value = e.value() == null ? null : BigDecimal.valueOf(e.value());
      SurveyKind survey = e.survey() == null ? null : SurveyKind.fromWire(e.survey());
      logs.computeIfAbsent(e.userId(), u -> new ArrayList<>())
          .add(new LoggedEvent(e.eventId(), type, e.at(), value, false, survey, e.score()));
      firstOwn.merge(e.userId(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
      if (e.referredBy() != null) {
        logs.computeIfAbsent(e.referredBy(), u -> new ArrayList<>())
            .add(new LoggedEvent(e.eventId(), OutcomeType.SIGNUP, e.at(), BigDecimal.ZERO, true));
      }
    }
    List<Enrolment> out = new ArrayList<>();
    for (Simulation.User u : sim.users) {
      String group = u.control() ? "control" : "coupon";
      Counters c = Counters.ZERO;
      for (LoggedEvent e : logs.getOrDefault(u.userId(), List.of())) {
        c = c.plus(Attribution.of(u.exposedAt(), Simulation.WINDOW_DAYS, e));
      }
      Instant known = firstOwn.get(u.userId());
      if (u.createdAt() != null && (known == null || u.createdAt().isBefore(known))) {
        known = u.createdAt();
      }
      out.add(
          new Enrolment(
              campaign.campaignId(),
              u.userId(),
              Shards.of(u.userId(), campaign.shards()),
              group,
              u.exposedAt(),
              Simulation.WINDOW_DAYS,
              Map.of("channel", u.channel()),
              Set.of(group),
              u.reExposedAt() == null ? 1 : 2,
              known,
              c));
    }
    return out;
  }

  @Test
  void everyTrueEffectIsCoveredAtTheDefaultSize() {
    String output = table(DemoCommand.DEFAULT_USERS, DemoCommand.DEFAULT_SEED, false);
    List<Metric> all = new ArrayList<>(Simulation.METRICS);
    all.addAll(Simulation.LOYALTY_METRICS);
    for (Metric metric : all) {
      String line =
          output
              .lines()
              .filter(l -> l.startsWith(metric.id() + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no line for " + metric.id() + ":\n" + output));
      assertTrue(
          line.contains("  covered") && !line.contains("NOT covered"),
          metric.id() + " not covered:\n" + output);
    }
    assertTrue(!output.contains("NOT comparable") && !output.contains("NOT COMPARABLE"), output);
    assertTrue(!output.contains("note: only "), "enough repeat purchasers at the default size");
  }

  @Test
  void treatedUsersAnsweringMoreOftenFailTheResponseCheck() {
    // --biased-response at the size CI runs the demo: both surveys flagged, their rows marked.
    String output = table(2000, DemoCommand.DEFAULT_SEED, true);
    for (String survey : List.of("nps", "csat")) {
      assertTrue(
          output
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("survey response check: " + survey + " ")
                          && l.contains("NOT comparable")),
          survey + " should fail the response check:\n" + output);
    }
    for (Metric m : Metric.SURVEY) {
      assertTrue(
          output.lines().anyMatch(l -> l.startsWith(m.id() + " ") && l.contains("NOT COMPARABLE")),
          m.id() + " should be marked:\n" + output);
    }
  }
}
