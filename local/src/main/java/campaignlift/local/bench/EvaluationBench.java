package campaignlift.local.bench;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Shards;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.EvaluationService;
import campaignlift.evaluation.Evaluator;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.handler.Wiring;
import campaignlift.local.LocalFunctions;
import campaignlift.recording.Enrolment;
import campaignlift.store.Backend;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.EnrolmentItems;
import campaignlift.support.Backoff;
import campaignlift.support.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Per campaign size (docs/aggregates.md, BENCHMARKS.md):
 *
 * <ul>
 *   <li>the <b>evaluation from the aggregates</b>: the campaign is created and marked seeded (empty
 *       aggregates) before its enrolments are written, the template's stream mapping folds their
 *       changes, and one {@code POST /campaigns/{id}/evaluations} through the results function is
 *       timed; its result must equal a full read's exactly ({@code health.freshness} aside);
 *   <li>the <b>stream fold</b>: changes/s the stream function folds from a backlog of the seeding's
 *       changes, against a raw reader of the same stream;
 *   <li>the <b>recompute</b> path: enrolments/s through the evaluator reading every enrolment
 *       (parallel paginated Query per write shard, folded into sufficient statistics) against a raw
 *       parallel Query of the same shards with the same parallelism (items counted and discarded),
 *       with the heap each needs.
 * </ul>
 *
 * Enrolments are seeded straight into the enrolments table with BatchWriteItem in the write path's
 * item format — loading 10^6 through the handlers on DynamoDB Local would take hours — spread over
 * the campaign's shards by {@link Shards#of}, as the write path does.
 */
final class EvaluationBench {
  /** The evaluation function's own reader pool size. */
  static final int READERS = Wiring.READ_CONCURRENCY;

  static final int SEEDERS = 8;

  /** Between rounds of a seeder's unprocessed items, as the store's own batch reads back off. */
  private static final Backoff SEED_BACKOFF = new Backoff(10, 500);

  record Run(double seconds, double perSecond, double peakUsedMb, double peakLiveMb) {}

  /**
   * @param evaluator the recompute path: every enrolment read and folded (no aggregates)
   * @param raw the raw parallel Query of the same enrolments
   * @param endToEndSeconds one {@code POST /campaigns/{id}/evaluations} through the function, from
   *     the stream-fed aggregates
   * @param endToEndSource the response's {@code health.freshness.source}: {@code stream} when it
   *     was computed from the aggregates
   * @param equalToFullRead the response equals the result of a full read, {@code health.freshness}
   *     and the result's identity (evaluatedAt, snapshot, report) aside
   * @param difference the first difference when not equal, else null
   * @param aggregateItems the items of the campaign's aggregates partition the evaluation read
   * @param aggregateParts of them, partials not yet compacted into the base
   * @param fold the stream function folding the seeding's changes
   * @param rawStream the raw reader of the same changes
   */
  record Result(
      int enrolments,
      double seedSeconds,
      double seedPerSecond,
      Run evaluator,
      Run raw,
      double endToEndSeconds,
      String endToEndSource,
      boolean equalToFullRead,
      String difference,
      int aggregateItems,
      int aggregateParts,
      BenchStreams.Fold fold,
      RawStreamReader.Read rawStream) {
    double ratio() {
      return evaluator.perSecond() / raw.perSecond();
    }

    double streamRatio() {
      return fold.perSecond() / rawStream.perSecond();
    }
  }

  /**
   * A size whose end-to-end evaluation was measured but whose later phases (the full reads, the
   * comparison) failed: the figure the aggregates exist for is kept.
   *
   * @param failedWhile the phase that failed and why
   */
  record Incomplete(
      int enrolments, double endToEndSeconds, String endToEndSource, String failedWhile) {}

  private final LocalFunctions functions;
  private final Backend backend;
  private final String runId;
  private final BenchStreams streams;
  private final RawStreamReader rawStream;
  private final PrintStream progress;
  private boolean warm;

  /** The last size's end-to-end figure, as soon as it is measured (null before). */
  private volatile Incomplete measured;

  /**
   * @param streams the template's stream mappings, running on the bench's tables
   * @param rawStream a plain reader of the enrolments table's stream
   * @param progress where the end-to-end figure is printed as soon as it is measured
   */
  EvaluationBench(
      LocalFunctions functions,
      Backend backend,
      String runId,
      BenchStreams streams,
      RawStreamReader rawStream,
      PrintStream progress) {
    this.progress = progress;
    this.functions = functions;
    this.backend = backend;
    this.runId = runId;
    this.streams = streams;
    this.rawStream = rawStream;
  }

  /**
   * After {@link #run}{@code (n)} failed with {@code failure}: its end-to-end figure when that was
   * measured before the failure, else null.
   */
  Incomplete incomplete(int n, String failure) {
    Incomplete m = measured;
    return m == null || m.enrolments() != n
        ? null
        : new Incomplete(n, m.endToEndSeconds(), m.endToEndSource(), failure);
  }

  /** What {@link #run} was doing last, so a failure says where it happened. */
  private volatile String phase = "starting";

  String phase() {
    return phase;
  }

  Result run(int n) throws Exception {
    phase = "folding earlier changes";
    String campaignId = "bench-eval-" + n + "-" + runId;
    Instant start = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.DAYS);
    // Whatever earlier phases wrote (ingestion's tens of thousands of changes before the first
    // size) is folded first, so the timed fold is this campaign's alone.
    streams.awaitCaughtUp(Math.max(n, 200_000));
    streams.hold();
    ApiEvents.putCampaign(functions, campaignId, start.toString());
    // A campaign created before its first exposure starts with empty aggregates
    // (docs/aggregates.md); marking it is idempotent if creating it did so already.
    Wiring.aggregates(backend, Clock.systemUTC()).markSeededIfAbsent(campaignId);
    Campaign campaign =
        new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns())
            .find(campaignId)
            .orElseThrow()
            .campaign();
    Map<String, String> streamEnds = rawStream.ends();
    phase = "seeding";
    double seed = seed(campaign, start, n);
    phase = "folding the stream";
    BenchStreams.Fold fold = streams.drain(n);
    phase = "raw stream read";
    RawStreamReader.Read raw = rawStream.read(streamEnds, campaignId, n);
    // The figure the aggregates exist for, timed before the full reads: at 10^6 those hold
    // gigabytes and can fail on DynamoDB Local, and the user's request never waits for them.
    phase = "end-to-end evaluation";
    if (!warm) {
      // The results function's first invocation loads the analysis and report classes.
      endToEnd(campaignId);
    }
    long t = System.nanoTime();
    JsonNode fromAggregates = endToEnd(campaignId);
    double e2e = (System.nanoTime() - t) / 1e9;
    measured =
        new Incomplete(
            n,
            e2e,
            fromAggregates.path("health").path("freshness").path("source").asText("none"),
            null);
    progress.println(
        "lift bench: 10^"
            + Math.round(Math.log10(n))
            + " end-to-end from the aggregates "
            + String.format(java.util.Locale.ROOT, "%.3f", e2e)
            + " s; now the full reads to compare with...");
    ExecutorService readers =
        Executors.newFixedThreadPool(READERS, DaemonThreads.named("bench-reader"));
    try {
      // No aggregate source: the recompute path, every enrolment read.
      Evaluator evaluator =
          new Evaluator(
              new DynamoEnrolmentReader(backend.dynamo(), backend.tables().enrolments()), readers);
      phase = "full reads";
      if (!warm) {
        evaluate(evaluator, campaign, n);
        rawRead(readers, campaign, n);
        warm = true;
      }
      // Timed passes (sampled heap), then untimed passes with a full GC every second for the live
      // heap.
      HeapMeter meter = new HeapMeter(false);
      double evalSeconds = evaluate(evaluator, campaign, n);
      HeapMeter.Peak evalPeak = meter.stop();
      meter = new HeapMeter(false);
      double rawSeconds = rawRead(readers, campaign, n);
      HeapMeter.Peak rawPeak = meter.stop();
      meter = new HeapMeter(true);
      evaluate(evaluator, campaign, n);
      HeapMeter.Peak evalLive = meter.stop();
      meter = new HeapMeter(true);
      rawRead(readers, campaign, n);
      HeapMeter.Peak rawLive = meter.stop();
      phase = "comparison with a full read";
      // The full read's result at the same instant, computed as the function computes a result.
      String evaluatedAt = fromAggregates.path("evaluatedAt").asText();
      // Both as text read back by one mapper, so numbers compare by value whatever node type.
      JsonNode fullRead =
          ApiEvents.JSON.readTree(
              ResultJson.write(
                  ResultAnalysis.result(
                      evaluator.evaluate(
                          campaign, false, Instant.parse(evaluatedAt), evaluatedAt))));
      String difference = ResultComparison.firstDifference(fromAggregates, fullRead);
      int[] items = aggregateItems(campaignId);
      return new Result(
          n,
          seed,
          n / seed,
          new Run(evalSeconds, n / evalSeconds, evalPeak.usedMb(), evalLive.liveMb()),
          new Run(rawSeconds, n / rawSeconds, rawPeak.usedMb(), rawLive.liveMb()),
          e2e,
          fromAggregates.path("health").path("freshness").path("source").asText("none"),
          difference == null,
          difference,
          items[0],
          items[1],
          fold,
          raw);
    } finally {
      readers.shutdownNow();
    }
  }

  /**
   * The items in the campaign's partition of the aggregates table, and how many are partials (key
   * layout of docs/aggregates.md): what an evaluation from the aggregates reads.
   */
  private int[] aggregateItems(String campaignId) {
    int[] counts = new int[2];
    backend
        .dynamo()
        .queryPaginator(
            b ->
                b.tableName(backend.tables().aggregates())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("campaign#" + campaignId)))
                    .projectionExpression("sk"))
        .items()
        .forEach(
            item -> {
              counts[0]++;
              if (item.get("sk").s().startsWith("part#")) {
                counts[1]++;
              }
            });
    return counts;
  }

  /** Read + fold only (no analysis, no snapshot/report/result writes); checks the count. */
  private static double evaluate(Evaluator evaluator, Campaign campaign, int n) {
    long t = System.nanoTime();
    Instant now = Instant.now();
    EvaluationInput input =
        evaluator.evaluate(campaign, false, now, EvaluationService.EVALUATED_AT.format(now));
    double seconds = (System.nanoTime() - t) / 1e9;
    long enrolled = input.groups().stream().mapToLong(GroupCount::enrolled).sum();
    if (enrolled != n) {
      throw new IllegalStateException("evaluator saw " + enrolled + " enrolments, seeded " + n);
    }
    return seconds;
  }

  /** The same Query per shard, same parallelism, items counted and dropped. */
  private double rawRead(ExecutorService readers, Campaign campaign, int n) throws Exception {
    DynamoDbClient dynamo = backend.dynamo();
    String table = backend.tables().enrolments();
    AtomicLong count = new AtomicLong();
    List<Callable<Void>> work = new ArrayList<>();
    for (int shard = 0; shard < campaign.shards(); shard++) {
      int s = shard;
      work.add(
          () -> {
            dynamo
                .queryPaginator(DynamoEnrolmentReader.shardQuery(table, campaign.campaignId(), s))
                .forEach(page -> count.addAndGet(page.count()));
            return null;
          });
    }
    double seconds = IngestionBench.timeAll(readers, work);
    if (count.get() != n) {
      throw new IllegalStateException("raw read saw " + count.get() + " items, seeded " + n);
    }
    return seconds;
  }

  /**
   * The whole POST /campaigns/{id}/evaluations through ResultsFunction (read the aggregates,
   * analyse, store snapshot, report and result); the result document.
   */
  private JsonNode endToEnd(String campaignId) throws Exception {
    byte[] event =
        ApiEvents.event(
            "POST /campaigns/{campaignId}/evaluations",
            "/campaigns/" + campaignId + "/evaluations",
            Map.of("campaignId", campaignId),
            "{\"maturedOnly\":false}");
    byte[] response = functions.invoke("ResultsFunction", event);
    int status = ApiEvents.status(response);
    if (status / 100 != 2) {
      throw new IllegalStateException(
          "evaluation answered " + new String(response, StandardCharsets.UTF_8));
    }
    return ApiEvents.body(response);
  }

  /** BatchWriteItem of 25 items, {@link #SEEDERS} in flight, UnprocessedItems retried; seconds. */
  private double seed(Campaign campaign, Instant start, int n) throws Exception {
    DynamoDbClient dynamo = backend.dynamo();
    String table = backend.tables().enrolments();
    String prefix = runId + "-e" + n + "-";
    ExecutorService seeders =
        Executors.newFixedThreadPool(SEEDERS, DaemonThreads.named("bench-seeder"));
    AtomicInteger next = new AtomicInteger();
    List<Callable<Void>> work = new ArrayList<>();
    for (int w = 0; w < SEEDERS; w++) {
      work.add(
          () -> {
            for (int from = next.getAndAdd(25); from < n; from = next.getAndAdd(25)) {
              List<WriteRequest> requests = new ArrayList<>(25);
              for (int i = from; i < Math.min(n, from + 25); i++) {
                requests.add(
                    WriteRequest.builder()
                        .putRequest(
                            PutRequest.builder()
                                .item(
                                    EnrolmentItems.item(enrolment(campaign, start, prefix + i, i)))
                                .build())
                        .build());
              }
              Map<String, List<WriteRequest>> pending = Map.of(table, requests);
              for (int round = 1; !pending.isEmpty(); round++) {
                Map<String, List<WriteRequest>> current = pending;
                BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(current));
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                  if (round > 30) {
                    throw new IllegalStateException("items stayed unprocessed");
                  }
                  SEED_BACKOFF.sleep(round);
                }
              }
            }
            return null;
          });
    }
    try {
      return IngestionBench.timeAll(seeders, work);
    } finally {
      seeders.shutdownNow();
    }
  }

  /** A realistic enrolment: group by the campaign's weights, counters from a seeded RNG. */
  private static Enrolment enrolment(Campaign campaign, Instant start, String user, int i) {
    Random r = new Random(i * 31L + 7);
    boolean control = r.nextDouble() < 0.2;
    Instant t0 = start.plus(Duration.ofMinutes(r.nextInt(30 * 24 * 60)));
    int purchases = r.nextDouble() < (control ? 0.2 : 0.25) ? 1 + r.nextInt(3) : 0;
    int prePurchases = r.nextDouble() < 0.2 ? 1 + r.nextInt(2) : 0;
    String channel = r.nextDouble() < 0.7 ? (r.nextBoolean() ? "email" : "push") : null;
    Instant firstKnownAt = t0.minus(Duration.ofDays(r.nextInt(300)));
    long activity = r.nextInt(8);
    BigDecimal revenue = BigDecimal.valueOf(purchases * (100 + r.nextInt(9900)), 2);
    long preActivity = r.nextInt(6);
    BigDecimal preRevenue = BigDecimal.valueOf(prePurchases * (100 + r.nextInt(9900)), 2);
    return BenchEnrolments.of(
        campaign,
        user,
        control ? "control" : "coupon",
        t0,
        channel,
        firstKnownAt,
        BenchEnrolments.counters(
            activity, purchases, revenue, preActivity, prePurchases, preRevenue));
  }
}
