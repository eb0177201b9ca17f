package campaignlift.local;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Correction;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Segment;
import campaignlift.local.demo.Simulation;
import campaignlift.report.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * {@code ./lift demo}: a whole campaign end to end on the embedded backends. Simulates users with
 * known true effects, replays the campaign on a simulated clock in three stages — every exposure
 * and outcome sent through the real handlers over HTTP, an evaluation after each stage — then
 * prints the lift table beside the true effects and writes the HTML report.
 */
final class DemoCommand {
  static final int DEFAULT_USERS = 20_000;
  static final long DEFAULT_SEED = 7;
  static final String CAMPAIGN = "spring-loyalty";

  /**
   * The campaign starts on a fixed date so the default run is reproducible; all of it lies in the
   * past.
   */
  static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  /**
   * Days after the start at which the replay stops to evaluate (the last one after every window
   * matured).
   */
  static final int[] STAGES = {28, 42, 50};

  static final int BATCH = 1000;
  static final int SENDERS = 3;

  /**
   * Below this many control users with a repeat purchase the demo says its restricted-mean interval
   * covers less often than stated.
   */
  static final int FEW_REPEATS = 50;

  /** Attempts per batch when the API answers 503. */
  static final int RETRIES = 4;

  /** The longest the demo waits for the stream to be read before an evaluation. */
  static final Duration STREAM_CATCH_UP = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoCommand() {}

  static int run(Options options, PrintStream out, PrintStream err) throws Exception {
    options.allow("--users", "--seed", "--port", "--keep", "--biased-response");
    int users = options.integer("--users", DEFAULT_USERS);
    if (users < 100 || users > 1_000_000) {
      throw new Options.UsageException("--users must be between 100 and 1000000");
    }
    long seed = options.integer("--seed", (int) DEFAULT_SEED);
    int port = options.integer("--port", 3000);
    boolean biasedResponse = options.get("--biased-response") != null;
    Template template = Template.read(Lift.root().resolve("template.yaml"));
    long began = System.nanoTime();
    err.println("lift demo: starting DynamoDB Local and S3Proxy...");
    LocalBackends backends = LocalBackends.start(null, null, null);
    HttpTwin twin = null;
    StreamMappings streams = null;
    try {
      backends.provision(template);
      SimulatedClock clock = new SimulatedClock(START);
      LocalFunctions functions =
          new LocalFunctions(template, backends.backend(template, null), clock, null);
      streams =
          StreamMappings.start(
              template,
              backends.dynamoEndpoint(),
              UnaryOperator.identity(),
              functions,
              new FailedBatches(err),
              err);
      twin = startTwin(template, functions, port, err);
      Simulation sim = new Simulation(CAMPAIGN, START, users, seed, biasedResponse);
      Api api = new Api(twin.url());
      api.put("/campaigns/" + CAMPAIGN, campaign().toString(), 201);
      err.printf(
          Locale.ROOT,
          "lift demo: %,d users, %,d outcome events, 10%% holdout%s; replaying on a simulated clock via %s%n",
          users,
          sim.events.size(),
          biasedResponse ? ", treated users answer surveys more often" : "",
          twin.url());

      List<ObjectNode> exposures = exposures(sim);
      List<ObjectNode> outcomes = outcomes(sim);
      long total = exposures.size() + outcomes.size();
      Progress progress = new Progress(total, err);
      int sentExposures = 0;
      int sentOutcomes = 0;
      Result result = null;
      List<String> timeline = new ArrayList<>();
      for (int day : STAGES) {
        Instant until = START.plus(Duration.ofDays(day));
        clock.set(until);
        int e = upTo(exposures, sentExposures, until);
        int o = upTo(outcomes, sentOutcomes, until);
        // Each stage is sent like a daily export: sorted by user, so a user's records share a
        // batch.
        long t = System.nanoTime();
        api.send(
            "/campaigns/" + CAMPAIGN + "/exposures",
            "exposures",
            byUser(exposures.subList(sentExposures, e)),
            progress);
        progress.exposureNanos += System.nanoTime() - t;
        t = System.nanoTime();
        api.send("/outcomes", "outcomes", byUser(outcomes.subList(sentOutcomes, o)), progress);
        progress.outcomeNanos += System.nanoTime() - t;
        progress.exposures += e - sentExposures;
        progress.outcomes += o - sentOutcomes;
        sentExposures = e;
        sentOutcomes = o;
        // Stream-fed results count what was written once the stream is read to its end.
        streams.awaitCaughtUp(STREAM_CATCH_UP);
        result =
            ResultJson.read(
                api.post("/campaigns/" + CAMPAIGN + "/evaluations", "{\"maturedOnly\": true}"),
                Result.class);
        timeline.add(stageLine(day, result));
      }
      progress.done();
      err.printf(
          Locale.ROOT,
          "lift demo: loaded %,d records in %.0f s (%s)%n",
          total,
          progress.seconds(),
          progress.rates());
      err.printf(
          Locale.ROOT,
          "lift demo: %d result events on the twin's event bus (docs/result-events.md)%n",
          backends.events().events().size());
      for (String line : timeline) {
        out.println(line);
      }
      out.println();
      print(result, sim, out);
      Path report = api.download("/campaigns/" + CAMPAIGN + "/report", reportPath());
      out.printf(
          Locale.ROOT,
          "%nHTML report: %s%nfinished in %.0f s%n",
          report,
          (System.nanoTime() - began) / 1e9);
      if (options.get("--keep") != null) {
        out.println(
            "--keep: still serving "
                + twin.url()
                + " (try curl "
                + twin.url()
                + "/campaigns/"
                + CAMPAIGN
                + "/results/latest); Ctrl-C to stop");
        out.flush();
        HttpTwin running = twin;
        StreamMappings polling = streams;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      polling.close();
                      running.close();
                      backends.close();
                      stopped.countDown();
                    }));
        twin = null;
        streams = null;
        stopped.await();
        return 0;
      }
      return 0;
    } finally {
      if (streams != null) {
        streams.close();
      }
      if (twin != null) {
        twin.close();
        backends.close();
      }
    }
  }

  private static HttpTwin startTwin(
      Template template, LocalFunctions functions, int port, PrintStream err) throws IOException {
    try {
      return HttpTwin.start(template, functions, port);
    } catch (BindException busy) {
      err.println("lift demo: port " + port + " is busy; using a free one");
      return HttpTwin.start(template, functions, 0);
    }
  }

  static Path reportPath() throws IOException {
    Path dir = Lift.root().resolve("target").resolve("demo");
    Files.createDirectories(dir);
    return dir.resolve(CAMPAIGN + "-report.html");
  }

  /** The demo campaign's definition, as PUT to the API. */
  static ObjectNode campaign() {
    ObjectNode c = JSON.createObjectNode();
    c.put("name", "Spring loyalty coupon");
    c.put("startAt", START.toString());
    c.put("endAt", START.plus(Duration.ofDays(Simulation.EXPOSURE_DAYS + 7)).toString());
    c.put("windowDays", Simulation.WINDOW_DAYS);
    ArrayNode groups = c.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.1).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.9);
    // loyalty is derived by the evaluation from pre-window purchases and pre-exposure NPS answers
    // (docs/metrics.md); exposures do not carry it.
    c.putArray("segmentAttributes").add("channel").add(Campaign.LOYALTY_ATTRIBUTE);
    c.put("cost", 20000);
    return c;
  }

  private static List<ObjectNode> exposures(Simulation sim) {
    List<ObjectNode> out = new ArrayList<>();
    for (Simulation.User u : sim.users) {
      ObjectNode x = JSON.createObjectNode();
      x.put("userId", u.userId());
      x.put("at", u.exposedAt().toString());
      x.putObject("attributes").put("channel", u.channel());
      if (u.createdAt() != null) {
        x.put("userCreatedAt", u.createdAt().toString());
      }
      out.add(x);
      if (u.reExposedAt() != null) {
        out.add(
            JSON.createObjectNode()
                .put("userId", u.userId())
                .put("at", u.reExposedAt().toString()));
      }
    }
    out.sort((a, b) -> a.path("at").asText().compareTo(b.path("at").asText()));
    return out;
  }

  private static List<ObjectNode> outcomes(Simulation sim) {
    List<ObjectNode> out = new ArrayList<>();
    for (Simulation.Event e : sim.events) {
      ObjectNode o = JSON.createObjectNode();
      o.put("eventId", e.eventId());
      o.put("userId", e.userId());
      o.put("type", e.type());
      o.put("at", e.at().toString());
      if (e.value() != null) {
        o.put("value", e.value());
      }
      if (e.referredBy() != null) {
        o.put("referredBy", e.referredBy());
      }
      if (e.survey() != null) {
        o.put("survey", e.survey());
        o.put("score", e.score());
      }
      out.add(o);
    }
    return out;
  }

  private static List<ObjectNode> byUser(List<ObjectNode> records) {
    List<ObjectNode> sorted = new ArrayList<>(records);
    sorted.sort((a, b) -> a.path("userId").asText().compareTo(b.path("userId").asText()));
    return sorted;
  }

  /**
   * Index of the first record at or after {@code until}, from {@code from} (records are sorted by
   * time).
   */
  private static int upTo(List<ObjectNode> records, int from, Instant until) {
    int i = from;
    while (i < records.size()
        && Instant.parse(records.get(i).path("at").asText()).isBefore(until)) {
      i++;
    }
    return i;
  }

  private static String stageLine(int day, Result result) {
    MetricRow.Interval ci =
        row(result, Metric.REPEAT_PURCHASE_RATE).decisionInterval(result.settings().sequential());
    long analysed = result.groups().stream().mapToLong(GroupCount::analysed).sum();
    return String.format(
        Locale.ROOT,
        "day %2d: %,6d users analysed   repeat purchase rate %s (95%% CI %s to %s)",
        day,
        analysed,
        pct(ci.estimate()),
        pct(ci.ciLower()),
        pct(ci.ciUpper()));
  }

  /** The treatment group's row of {@code metric} in segment {@code all}. */
  static MetricRow row(Result result, Metric metric) {
    return result.results().stream()
        .filter(r -> r.metric() == metric && r.segment().equals(Segment.ALL))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no row for " + metric.id() + " in the result"));
  }

  /**
   * The lift table. Its p is the report's "adjusted p": the decision p-value (always-valid when the
   * campaign is sequential) after the campaign's multiple-testing correction over every row of the
   * evaluation, written as the report writes it.
   */
  static void print(Result result, Simulation sim, PrintStream out) {
    boolean sequential = result.settings().sequential();
    Correction correction = result.settings().correction();
    out.printf(
        Locale.ROOT,
        "%-20s %10s %10s %9s  %-21s %8s %12s%n",
        "metric",
        "control",
        "treatment",
        "lift",
        sequential ? "95% CI (sequential)" : "95% CI",
        pHeader(correction),
        "true effect");
    for (int m = 0; m < Simulation.METRICS.size(); m++) {
      Metric metric = Simulation.METRICS.get(m);
      MetricRow row = row(result, metric);
      MetricRow.Interval ci = row.decisionInterval(sequential);
      double truth = sim.trueRelativeEffect(m);
      boolean covered = ci.ciLower() <= truth && truth <= ci.ciUpper();
      out.printf(
          Locale.ROOT,
          "%-20s %10.4f %10.4f %9s  %-21s %8s %12s%s%n",
          metric.id(),
          row.control().mean(),
          row.treatment().mean(),
          pct(ci.estimate()),
          "[" + pct(ci.ciLower()) + ", " + pct(ci.ciUpper()) + "]",
          Report.formatPValue(row.pValueAdjusted()),
          pct(truth),
          covered ? "  covered" : "  NOT covered");
    }
    Health health = result.health();
    out.printf(
        Locale.ROOT,
        "%nlift is relative (CUPED-adjusted); %s; %s is the %s p-value %s, the report's"
            + " \"adjusted p\".%nhealth: SRM p = %.3f%s, conflicts %d%n",
        sequential
            ? "CIs are always-valid sequential ones, as the campaign is sequential"
            : "CIs are fixed-horizon ones",
        pHeader(correction),
        sequential ? "always-valid" : "fixed-horizon",
        corrected(correction, result.results().size()),
        health.srmPValue(),
        health.srmMismatch() ? " (MISMATCH)" : "",
        health.conflicts());
    printLoyalty(result, sim, out);
  }

  /**
   * The loyalty table (docs/metrics.md): NPS as an absolute difference in points, time to repeat
   * purchase as the difference in restricted mean days over the window with its log-rank p, every
   * other row relative; then the survey response check and the users per loyalty quadrant.
   */
  private static void printLoyalty(Result result, Simulation sim, PrintStream out) {
    boolean sequential = result.settings().sequential();
    out.printf(
        Locale.ROOT,
        "%nloyalty%n%-20s %10s %10s %10s  %-23s %8s %12s%n",
        "metric",
        "control",
        "treatment",
        "lift",
        sequential ? "95% CI (sequential)" : "95% CI",
        pHeader(result.settings().correction()),
        "true effect");
    for (Metric metric : Simulation.LOYALTY_METRICS) {
      MetricRow row = row(result, metric);
      MetricRow.Interval ci = row.decisionInterval(sequential);
      double truth = sim.trueEffect(metric);
      boolean covered = ci.ciLower() <= truth && truth <= ci.ciUpper();
      String note = "";
      if (Boolean.FALSE.equals(row.comparable())) {
        note = "  NOT COMPARABLE (response rates differ)";
      } else if (row.survival() != null) {
        note = String.format(Locale.ROOT, "  log-rank p = %.4f", row.survival().logRank().pValue());
      }
      out.printf(
          Locale.ROOT,
          "%-20s %10s %10s %10s  %-23s %8s %12s%s%s%n",
          metric.id(),
          level(metric, row.control().mean()),
          level(metric, row.treatment().mean()),
          lift(metric, ci.estimate()),
          "[" + lift(metric, ci.ciLower()) + ", " + lift(metric, ci.ciUpper()) + "]",
          Report.formatPValue(row.pValueAdjusted()),
          lift(metric, truth),
          covered ? "  covered" : "  NOT covered",
          note);
    }
    out.printf(
        Locale.ROOT,
        "%nnps is in points (promoters %% − detractors %%) and its lift absolute; %s is restricted mean"
            + " days over the %d-day window (control, treatment, and their difference; lower is"
            + " better, as for %s); the others are relative.%n",
        Metric.TIME_TO_REPEAT_PURCHASE.id(),
        Simulation.WINDOW_DAYS,
        Metric.CANCELLATION_RATE.id());
    MetricRow.Survival repeat = row(result, Metric.TIME_TO_REPEAT_PURCHASE).survival();
    if (repeat != null && repeat.control().events() < FEW_REPEATS) {
      // Measured over 40 seeds at --users 2000: its interval missed the true effect 4 times.
      out.printf(
          Locale.ROOT,
          "note: only %d control users repeated a purchase; with so few the restricted-mean interval"
              + " (a large-sample one) covers the true effect less often than 95%% (about 90%% at"
              + " --users 2000 over 40 seeds).%n",
          repeat.control().events());
    }
    List<Health.SurveyResponse> checks = result.health().surveyResponse();
    if (checks == null || checks.isEmpty()) {
      out.println("survey response check: no survey answered");
    } else {
      for (Health.SurveyResponse c : checks) {
        out.printf(
            Locale.ROOT,
            "survey response check: %-4s answered by %.1f%% of control, %.1f%% of %s, p = %.4f: %s%n",
            c.survey(),
            100 * c.controlRate(),
            100 * c.treatmentRate(),
            c.group(),
            c.pValue(),
            c.comparable()
                ? "comparable"
                : "NOT comparable (p < "
                    + c.threshold()
                    + "): non-response can fake a lift, its rows are flagged");
      }
    }
    StringBuilder quadrants = new StringBuilder("loyalty quadrants (users analysed):");
    for (MetricRow r : result.results()) {
      if (r.metric() == Metric.ACTIVITY
          && r.segment().attribute().equals(Campaign.LOYALTY_ATTRIBUTE)) {
        quadrants
            .append(' ')
            .append(r.segment().value())
            .append(' ')
            .append(String.format(Locale.ROOT, "%,d", r.control().n() + r.treatment().n()));
      }
    }
    out.println(quadrants);
  }

  /** A level of a loyalty metric: NPS points, days, a share or a mean. */
  private static String level(Metric metric, double x) {
    return switch (metric) {
      case NPS -> String.format(Locale.ROOT, "%.1f", x);
      case TIME_TO_REPEAT_PURCHASE -> String.format(Locale.ROOT, "%.2f d", x);
      default -> String.format(Locale.ROOT, "%.4f", x);
    };
  }

  /** A lift of a loyalty metric on the scale it is reported on. */
  private static String lift(Metric metric, double x) {
    return switch (metric) {
      case NPS -> String.format(Locale.ROOT, "%+.1f pts", x);
      case TIME_TO_REPEAT_PURCHASE -> String.format(Locale.ROOT, "%+.2f d", x);
      default -> pct(x);
    };
  }

  /** The p column's header: which correction its p-values went through. */
  static String pHeader(Correction correction) {
    return switch (correction) {
      case BH -> "p (BH)";
      case HOLM -> "p (Holm)";
      case NONE -> "p";
    };
  }

  private static String corrected(Correction correction, int rows) {
    return switch (correction) {
      case BH -> "after the Benjamini-Hochberg correction over all " + rows + " rows";
      case HOLM -> "after the Holm correction over all " + rows + " rows";
      case NONE -> "without a multiple-testing correction";
    };
  }

  private static String pct(double x) {
    return String.format(Locale.ROOT, "%+.1f%%", 100 * x);
  }

  /** Load progress on one line of stderr. */
  static final class Progress {
    private final long total;
    private final PrintStream err;
    private final AtomicLong sent = new AtomicLong();
    private final long started = System.nanoTime();

    Progress(long total, PrintStream err) {
      this.total = total;
      this.err = err;
    }

    void add(int n) {
      long now = sent.addAndGet(n);
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      synchronized (err) {
        err.printf(
            Locale.ROOT,
            "\rloading %,d / %,d records (%.0f%%, %,.0f records/s)   ",
            now,
            total,
            100.0 * now / total,
            now / seconds);
        err.flush();
      }
    }

    long exposureNanos;
    long outcomeNanos;
    long exposures;
    long outcomes;

    void done() {
      err.println();
    }

    double seconds() {
      return (System.nanoTime() - started) / 1e9;
    }

    String rates() {
      return String.format(
          Locale.ROOT,
          "exposures %,.0f/s, outcomes %,.0f/s",
          exposures / Math.max(1e-9, exposureNanos / 1e9),
          outcomes / Math.max(1e-9, outcomeNanos / 1e9));
    }
  }

  /** The HTTP API as a client sees it. */
  static final class Api {
    private final String base;
    private final HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Api(String base) {
      this.base = base;
    }

    void put(String path, String body, int expected) throws IOException, InterruptedException {
      check(send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body))), expected, path);
    }

    JsonNode post(String path, String body) throws IOException, InterruptedException {
      HttpResponse<String> r = send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
      if (r.statusCode() / 100 != 2) {
        throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    }

    /** Sends records in batches, {@link #SENDERS} at a time, as a campaign tool would. */
    void send(String path, String field, List<ObjectNode> records, Progress progress)
        throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH) {
          List<ObjectNode> batch = records.subList(i, Math.min(records.size(), i + BATCH));
          ObjectNode body = JSON.createObjectNode();
          body.putArray(field).addAll(batch);
          String json = body.toString();
          futures.add(
              pool.submit(
                  () -> {
                    postRetrying(path, json);
                    progress.add(batch.size());
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }

    /**
     * Posts a batch, sending it again after a 503 (the gateway's timeout on a starved machine), as
     * a campaign tool would: exposures and outcomes are recorded exactly once, so a batch sent
     * twice counts once (docs/write-path.md, "Dedupe").
     */
    private void postRetrying(String path, String body) throws Exception {
      for (int attempt = 1; ; attempt++) {
        HttpResponse<String> r =
            send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() == 503 && attempt < RETRIES) {
          Thread.sleep(1000L * attempt);
          continue;
        }
        if (r.statusCode() / 100 != 2) {
          throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return;
      }
    }

    Path download(String path, Path file) throws IOException, InterruptedException {
      HttpResponse<String> redirect = send(request(path).GET());
      check(redirect, 302, path);
      String location = redirect.headers().firstValue("location").orElseThrow();
      HttpResponse<Path> page =
          client.send(
              HttpRequest.newBuilder(URI.create(location)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(file));
      if (page.statusCode() != 200) {
        throw new IOException("report download answered " + page.statusCode());
      }
      return file;
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofMinutes(5))
          .header("content-type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder r)
        throws IOException, InterruptedException {
      return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(HttpResponse<String> r, int expected, String path)
        throws IOException {
      if (r.statusCode() != expected) {
        throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }
}
