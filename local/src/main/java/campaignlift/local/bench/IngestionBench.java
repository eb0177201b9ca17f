package campaignlift.local.bench;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Shards;
import campaignlift.local.LocalFunctions;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.Exposure;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.UserRecord;
import campaignlift.store.Backend;
import campaignlift.store.DedupeItems;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoRecordingStore;
import campaignlift.store.EnrolmentItems;
import campaignlift.store.UserItems;
import campaignlift.support.DaemonThreads;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Exposures/s and outcomes/s through the real handlers (in-process, payload-v2 events, batches of
 * {@link #BATCH}, {@link #CLIENTS} batches in flight) against a raw SDK loop that issues the same
 * DynamoDB requests per batch and per user on the same backend with the same concurrency.
 *
 * <p>Every record is a fresh user (one exposure, then one outcome in its window), so per batch the
 * handler does: exposures — BatchGetItem of the users (chunks of 100) and of the exposures' dedupe
 * records (eventually consistent), then per user one TransactWriteItems {user item
 * (attribute_not_exists version), enrolment, dedupe record (attribute_not_exists)}; outcomes —
 * BatchGetItem of the events' dedupe records, of the users and of their enrolments, then per user
 * one TransactWriteItems {user item (version = 1), enrolment, log entry, dedupe record}. Then each
 * side's batches are delivered again, untimed, to measure what a redelivery costs: the handlers
 * against the raw minimum of one dedupe lookup per record. The raw side issues exactly those calls
 * with items of the same attributes, per-user transactions fanned out on a shared pool of {@link
 * #WRITERS} threads like the handlers' {@code Wiring.WRITE_CONCURRENCY}. The two sides are timed in
 * alternating rounds of {@link #ROUND} records (BENCHMARKS.md), so neither gets the JVM's
 * compile-heavy first minutes or a burst of other load to itself.
 */
final class IngestionBench {
  static final int BATCH = 500;
  static final int CLIENTS = 4;

  /** The API functions' own writer pool size. */
  static final int WRITERS = campaignlift.handler.Wiring.WRITE_CONCURRENCY;

  /** DynamoDB's limit of keys per BatchGetItem. */
  private static final int MAX_KEYS = 100;

  private static final int WARM_UP = 200;

  /** Records per side in one timed round: {@link #CLIENTS} full batches. */
  static final int ROUND = CLIENTS * BATCH;

  record Side(double exposuresPerSecond, double outcomesPerSecond) {}

  /**
   * Capacity units per record, as DynamoDB reported them ({@link CapacityMeter}): a new exposure, a
   * redelivered one, a new outcome and a redelivered one.
   */
  record Units(
      CapacityMeter.Units exposure,
      CapacityMeter.Units duplicateExposure,
      CapacityMeter.Units outcome,
      CapacityMeter.Units duplicateOutcome) {}

  record Result(
      int records,
      Side handler,
      Side raw,
      Units handlerUnits,
      Units rawUnits,
      boolean sameItemShapes,
      String shapeDifferences,
      double seconds) {}

  private final LocalFunctions functions;
  private final Backend backend;
  private final CapacityMeter handlerMeter;
  private final CapacityMeter rawMeter;
  private final String runId;
  private final String campaignId;
  private Instant start;
  private Campaign campaign;
  private int shards;

  /**
   * @param functions the handlers, on a backend metered by {@code handlerMeter}
   * @param backend the raw baseline's clients, metered by {@code rawMeter}
   */
  IngestionBench(
      LocalFunctions functions,
      Backend backend,
      CapacityMeter handlerMeter,
      CapacityMeter rawMeter,
      String runId) {
    this.functions = functions;
    this.backend = backend;
    this.handlerMeter = handlerMeter;
    this.rawMeter = rawMeter;
    this.runId = runId;
    this.campaignId = "bench-ingest-" + runId;
  }

  Result run(int records) throws Exception {
    long began = System.nanoTime();
    Instant now = Instant.now();
    start = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
    ApiEvents.putCampaign(functions, campaignId, start.toString());
    campaign =
        new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns())
            .find(campaignId)
            .orElseThrow()
            .campaign();
    shards = campaign.shards();
    ExecutorService clients =
        Executors.newFixedThreadPool(CLIENTS, DaemonThreads.named("bench-client"));
    ExecutorService writers =
        Executors.newFixedThreadPool(WRITERS, DaemonThreads.named("bench-raw-writer"));
    try {
      // Warm-up (untimed): one small batch of each kind on each side, on users of their own.
      int warm = Math.min(WARM_UP, records);
      handlerExposures(clients, users("hw", warm), warm);
      rawExposures(clients, writers, users("rw", warm));
      handlerOutcomes(clients, users("hw", warm), warm);
      rawOutcomes(clients, writers, users("rw", warm));

      List<String> h = users("h", records);
      List<String> r = users("r", records);
      // The sides take turns, round by round, each going first in every other round: the JVM is
      // still compiling (C2 takes most of a core in the first minutes) and other processes come and
      // go, so one long pass per side would hand whichever side ran first a slower machine.
      Phase hx = new Phase(handlerMeter);
      Phase rx = new Phase(rawMeter);
      List<List<String>> hRounds = rounds(h);
      List<List<String>> rRounds = rounds(r);
      for (int i = 0; i < hRounds.size(); i++) {
        List<String> hi = hRounds.get(i);
        List<String> ri = rRounds.get(i);
        turns(
            handlerFirst(i),
            () -> hx.time(() -> handlerExposures(clients, hi, hi.size())),
            () -> rx.time(() -> rawExposures(clients, writers, ri)));
      }
      Phase ho = new Phase(handlerMeter);
      Phase ro = new Phase(rawMeter);
      for (int i = 0; i < hRounds.size(); i++) {
        List<String> hi = hRounds.get(i);
        List<String> ri = rRounds.get(i);
        turns(
            handlerFirst(i),
            () -> ho.time(() -> handlerOutcomes(clients, hi, hi.size())),
            () -> ro.time(() -> rawOutcomes(clients, writers, ri)));
      }
      // Redeliveries (untimed): the handlers' cost against the raw minimum, a dedupe lookup.
      Measured hdx = measure(handlerMeter, records, () -> handlerExposures(clients, h, 0));
      Measured hdo = measure(handlerMeter, records, () -> handlerOutcomes(clients, h, 0));
      Measured rdx = measure(rawMeter, records, () -> rawDuplicates(clients, exposureKeys(r)));
      Measured rdo = measure(rawMeter, records, () -> rawDuplicates(clients, eventIds(r)));
      String differences = compareShapes(h.get(0), r.get(0));
      return new Result(
          records,
          new Side(records / hx.seconds, records / ho.seconds),
          new Side(records / rx.seconds, records / ro.seconds),
          new Units(hx.perRecord(records), hdx.perRecord(), ho.perRecord(records), hdo.perRecord()),
          new Units(rx.perRecord(records), rdx.perRecord(), ro.perRecord(records), rdo.perRecord()),
          differences.isEmpty(),
          differences,
          (System.nanoTime() - began) / 1e9);
    } finally {
      clients.shutdownNow();
      writers.shutdownNow();
    }
  }

  private List<String> users(String side, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(runId + "-" + side + "-" + i);
    }
    return out;
  }

  // ---- the records (same values on both sides) ----

  private int index(String user) {
    return Integer.parseInt(user.substring(user.lastIndexOf('-') + 1));
  }

  private Instant exposedAt(String user) {
    return start.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(index(user) % 20_000));
  }

  private Instant createdAt(String user) {
    return exposedAt(user).minus(Duration.ofDays(10));
  }

  private Instant outcomeAt(String user) {
    return exposedAt(user).plus(Duration.ofHours(2));
  }

  private static String group(String user) {
    return user.hashCode() % 5 == 0 ? "control" : "coupon";
  }

  private String channel(String user) {
    return index(user) % 2 == 0 ? "email" : "push";
  }

  private boolean purchase(String user) {
    return index(user) % 3 == 0;
  }

  private static final BigDecimal PRICE = new BigDecimal("12.34");

  private static String eventId(String user) {
    return user + "-e";
  }

  // ---- through the handlers ----

  /** One timed pass and the capacity units it used per record. */
  private record Measured(double seconds, CapacityMeter.Units perRecord) {}

  /** One side's timed rounds of one kind: seconds and capacity units summed over the rounds. */
  private static final class Phase {
    private final CapacityMeter meter;
    private double seconds;
    private CapacityMeter.Units units = new CapacityMeter.Units(0, 0);

    Phase(CapacityMeter meter) {
      this.meter = meter;
    }

    void time(Callable<Double> round) throws Exception {
      CapacityMeter.Units before = meter.units();
      seconds += round.call();
      CapacityMeter.Units used = meter.units().minus(before);
      units = new CapacityMeter.Units(units.reads() + used.reads(), units.writes() + used.writes());
    }

    CapacityMeter.Units perRecord(int records) {
      return new CapacityMeter.Units(units.reads() / records, units.writes() / records);
    }
  }

  /** Rounds of {@link #ROUND} records: each keeps all {@link #CLIENTS} batches in flight. */
  private static <T> List<List<T>> rounds(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += ROUND) {
      out.add(all.subList(i, Math.min(all.size(), i + ROUND)));
    }
    return out;
  }

  /** Handler first in rounds 0, 3, 4, 7, 8, …, raw first in the others (A B B A, repeated). */
  private static boolean handlerFirst(int round) {
    return round % 4 == 0 || round % 4 == 3;
  }

  private interface Turn {
    void run() throws Exception;
  }

  private static void turns(boolean handlerFirst, Turn handler, Turn raw) throws Exception {
    if (handlerFirst) {
      handler.run();
      raw.run();
    } else {
      raw.run();
      handler.run();
    }
  }

  private static Measured measure(CapacityMeter meter, int records, Callable<Double> pass)
      throws Exception {
    CapacityMeter.Units before = meter.units();
    double seconds = pass.call();
    CapacityMeter.Units used = meter.units().minus(before);
    return new Measured(
        seconds, new CapacityMeter.Units(used.reads() / records, used.writes() / records));
  }

  private Exposure exposure(String u) {
    return new Exposure(u, exposedAt(u), group(u), Map.of("channel", channel(u)), createdAt(u));
  }

  private List<String> exposureKeys(List<String> users) {
    return users.stream().map(u -> exposure(u).dedupeKey(campaign)).toList();
  }

  /**
   * Sends every user's exposure; {@code expected} records must be accepted (0 for a redelivery).
   */
  private double handlerExposures(ExecutorService clients, List<String> users, int expected)
      throws Exception {
    String path = "/campaigns/" + campaignId + "/exposures";
    Map<String, String> params = Map.of("campaignId", campaignId);
    return invokeAll(
        clients,
        "ExposuresFunction",
        events(
            users,
            "exposures",
            this::exposureJson,
            body -> ApiEvents.event("POST /campaigns/{campaignId}/exposures", path, params, body)),
        expected);
  }

  private double handlerOutcomes(ExecutorService clients, List<String> users, int expected)
      throws Exception {
    return invokeAll(
        clients,
        "OutcomesFunction",
        events(
            users,
            "outcomes",
            this::outcomeJson,
            body -> ApiEvents.event("POST /outcomes", "/outcomes", Map.of(), body)),
        expected);
  }

  private void exposureJson(String u, ObjectNode x) {
    x.put("userId", u);
    x.put("at", exposedAt(u).toString());
    x.put("group", group(u));
    x.putObject("attributes").put("channel", channel(u));
    x.put("userCreatedAt", createdAt(u).toString());
  }

  private void outcomeJson(String u, ObjectNode o) {
    o.put("eventId", eventId(u));
    o.put("userId", u);
    o.put("type", purchase(u) ? "purchase" : "activity");
    o.put("at", outcomeAt(u).toString());
    if (purchase(u)) {
      o.put("value", PRICE);
    }
  }

  /**
   * One API event per {@link #BATCH} users: a body whose array {@code field} holds one record per
   * user, filled by {@code record}.
   */
  private static List<byte[]> events(
      List<String> users,
      String field,
      BiConsumer<String, ObjectNode> record,
      Function<String, byte[]> event) {
    List<byte[]> events = new ArrayList<>();
    for (List<String> batch : batches(users)) {
      ObjectNode body = ApiEvents.JSON.createObjectNode();
      ArrayNode array = body.putArray(field);
      batch.forEach(u -> record.accept(u, array.addObject()));
      events.add(event.apply(body.toString()));
    }
    return events;
  }

  /** Sends the events with {@link #CLIENTS} in flight; returns seconds. */
  private double invokeAll(
      ExecutorService clients, String function, List<byte[]> events, int expected)
      throws Exception {
    AtomicLong accepted = new AtomicLong();
    List<Callable<Void>> work = new ArrayList<>();
    for (byte[] event : events) {
      work.add(
          () -> {
            byte[] response = functions.invoke(function, event);
            if (ApiEvents.status(response) != 200) {
              throw new IllegalStateException(
                  function
                      + " answered "
                      + new String(response, StandardCharsets.UTF_8).substring(0, 300));
            }
            accepted.addAndGet(ApiEvents.body(response).path("accepted").asLong());
            return null;
          });
    }
    double seconds = timeAll(clients, work);
    if (accepted.get() != expected) {
      throw new IllegalStateException(
          function + " accepted " + accepted.get() + " of " + expected + " records");
    }
    return seconds;
  }

  // ---- raw SDK baseline ----

  private double rawExposures(ExecutorService clients, ExecutorService writers, List<String> users)
      throws Exception {
    return raw(clients, writers, users, this::exposureReads, this::exposureWrites);
  }

  private double rawOutcomes(ExecutorService clients, ExecutorService writers, List<String> users)
      throws Exception {
    return raw(clients, writers, users, this::outcomeReads, this::outcomeWrites);
  }

  /** What the handler reads per batch of exposures: the users, then the dedupe records. */
  private void exposureReads(List<String> batch) {
    readUsers(batch);
    readDedupe(exposureKeys(batch));
  }

  /** One new user's exposure: user item, enrolment and dedupe record in one transaction. */
  private List<Put> exposureWrites(String u, long expires) {
    return List.of(
        userPut(u, 1), enrolmentPut(u, false), dedupePut(exposure(u).dedupeKey(campaign), expires));
  }

  /** What the handler reads per batch of outcomes: dedupe records, users, their enrolments. */
  private void outcomeReads(List<String> batch) {
    readDedupe(eventIds(batch));
    readUsers(batch);
    batchGet(backend.tables().enrolments(), batch.stream().map(this::enrolmentKey).toList(), true);
  }

  /** One user's outcome: user item, enrolment, log entry and dedupe record in one transaction. */
  private List<Put> outcomeWrites(String u, long expires) {
    return List.of(
        userPut(u, 2), enrolmentPut(u, true), logPut(u, expires), dedupePut(eventId(u), expires));
  }

  /**
   * One kind of record on the raw side: per batch of {@link #BATCH} users the {@code reads}, then
   * per user one TransactWriteItems of {@code writes} (given the dedupe records' expiry), fanned
   * out on {@code writers}; returns seconds.
   */
  private double raw(
      ExecutorService clients,
      ExecutorService writers,
      List<String> users,
      Consumer<List<String>> reads,
      BiFunction<String, Long, List<Put>> writes)
      throws Exception {
    List<Callable<Void>> work = new ArrayList<>();
    for (List<String> batch : batches(users)) {
      work.add(
          () -> {
            reads.accept(batch);
            long expires = Instant.now().plus(DynamoRecordingStore.RETENTION).getEpochSecond();
            List<Callable<Void>> perUser = new ArrayList<>();
            for (String u : batch) {
              List<TransactWriteItem> items =
                  writes.apply(u, expires).stream()
                      .map(put -> TransactWriteItem.builder().put(put).build())
                      .toList();
              perUser.add(
                  () -> {
                    backend.dynamo().transactWriteItems(r -> r.transactItems(items));
                    return null;
                  });
            }
            await(writers.invokeAll(perUser));
            return null;
          });
    }
    return timeAll(clients, work);
  }

  /** The least a redelivery can cost: one dedupe lookup per record, no write. */
  private double rawDuplicates(ExecutorService clients, List<String> dedupeKeys) throws Exception {
    List<Callable<Void>> work = new ArrayList<>();
    for (List<String> batch : batches(dedupeKeys)) {
      work.add(
          () -> {
            readDedupe(batch);
            return null;
          });
    }
    return timeAll(clients, work);
  }

  /** The users' items, read consistently as the write path reads them before a commit. */
  private void readUsers(List<String> users) {
    batchGet(backend.tables().users(), users.stream().map(UserItems::key).toList(), true);
  }

  private static List<String> eventIds(List<String> users) {
    return users.stream().map(IngestionBench::eventId).toList();
  }

  /**
   * The dedupe records of {@code dedupeKeys}, eventually consistent as the write path reads them.
   */
  private void readDedupe(List<String> dedupeKeys) {
    batchGet(
        backend.tables().eventIds(), dedupeKeys.stream().map(DedupeItems::key).toList(), false);
  }

  private Map<String, AttributeValue> enrolmentKey(String u) {
    return EnrolmentItems.key(campaignId, Shards.of(u, shards), u);
  }

  /**
   * The user item at {@code version} with its one enrolment reference, conditioned as the write
   * path conditions it: on no item for the first version, else on the version before.
   */
  private Put userPut(String u, long version) {
    UserRecord user =
        new UserRecord(
            u,
            version,
            createdAt(u),
            Map.of(
                campaignId,
                new UserRecord.EnrolmentRef(
                    Shards.of(u, shards), exposedAt(u), campaign.windowDays())));
    Put.Builder put =
        Put.builder()
            .tableName(backend.tables().users())
            .item(UserItems.userItem(user))
            .expressionAttributeNames(Map.of("#v", "version"));
    return version == 1
        ? put.conditionExpression("attribute_not_exists(#v)").build()
        : put.conditionExpression("#v = :v")
            .expressionAttributeValues(
                Map.of(":v", AttributeValue.fromN(Long.toString(version - 1))))
            .build();
  }

  private Put enrolmentPut(String u, boolean withOutcome) {
    return Put.builder()
        .tableName(backend.tables().enrolments())
        .item(EnrolmentItems.item(enrolment(u, withOutcome)))
        .build();
  }

  private Put logPut(String u, long expires) {
    LoggedEvent event =
        new LoggedEvent(
            eventId(u),
            purchase(u) ? OutcomeType.PURCHASE : OutcomeType.ACTIVITY,
            outcomeAt(u),
            purchase(u) ? PRICE : BigDecimal.ZERO,
            false);
    return Put.builder()
        .tableName(backend.tables().users())
        .item(UserItems.logItem(u, event, expires))
        .build();
  }

  private Put dedupePut(String dedupeKey, long expires) {
    return Put.builder()
        .tableName(backend.tables().eventIds())
        .item(DedupeItems.item(dedupeKey, expires))
        .conditionExpression(DedupeItems.NOT_RECORDED)
        .build();
  }

  private Enrolment enrolment(String u, boolean withOutcome) {
    boolean p = withOutcome && purchase(u);
    Counters counters =
        BenchEnrolments.counters(
            withOutcome && !p ? 1 : 0,
            p ? 1 : 0,
            p ? PRICE : BigDecimal.ZERO,
            0,
            0,
            BigDecimal.ZERO);
    if (withOutcome) {
      // What the handler's attribution keeps of the outcome for the loyalty metrics: the user
      // was active at its time, and a purchase is the first in the window (docs/metrics.md).
      Instant at = outcomeAt(u).truncatedTo(ChronoUnit.MILLIS);
      counters =
          counters.withLoyalty(
              new LoyaltyCounters(0, 0, at, null, null, null, null, p ? at : null, null));
    }
    return BenchEnrolments.of(
        campaign, u, group(u), exposedAt(u), channel(u), createdAt(u), counters);
  }

  /** {@code all} in runs of {@link #BATCH}, one request (or event) each. */
  private static <T> List<List<T>> batches(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
  }

  /** BatchGetItem in chunks of 100; items discarded. */
  private void batchGet(String table, List<Map<String, AttributeValue>> keys, boolean consistent) {
    for (int i = 0; i < keys.size(); i += MAX_KEYS) {
      List<Map<String, AttributeValue>> chunk =
          keys.subList(i, Math.min(keys.size(), i + MAX_KEYS));
      BatchGetItemResponse r =
          backend
              .dynamo()
              .batchGetItem(
                  b ->
                      b.requestItems(
                          Map.of(
                              table,
                              KeysAndAttributes.builder()
                                  .keys(chunk)
                                  .consistentRead(consistent)
                                  .build())));
      if (r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty()) {
        throw new IllegalStateException("raw baseline: DynamoDB left keys unprocessed");
      }
    }
  }

  // ---- item shapes ----

  /** Attribute names of the items each side wrote for one user; empty when they match. */
  private String compareShapes(String handlerUser, String rawUser) {
    Map<String, Set<String>> h = shapes(handlerUser);
    Map<String, Set<String>> r = shapes(rawUser);
    StringBuilder out = new StringBuilder();
    for (String kind : h.keySet()) {
      if (!h.get(kind).equals(r.get(kind))) {
        out.append(kind)
            .append(": handler ")
            .append(h.get(kind))
            .append(" raw ")
            .append(r.get(kind))
            .append("; ");
      }
    }
    return out.toString();
  }

  private Map<String, Set<String>> shapes(String u) {
    DynamoDbClient dynamo = backend.dynamo();
    Map<String, Set<String>> out = new HashMap<>();
    out.put(
        "user",
        names(
            dynamo
                .getItem(r -> r.tableName(backend.tables().users()).key(UserItems.key(u)))
                .item()));
    out.put(
        "enrolment",
        names(
            dynamo
                .getItem(r -> r.tableName(backend.tables().enrolments()).key(enrolmentKey(u)))
                .item()));
    List<Map<String, AttributeValue>> log =
        dynamo
            .query(
                r ->
                    r.tableName(backend.tables().users())
                        .keyConditionExpression("userId = :u AND begins_with(sk, :p)")
                        .expressionAttributeValues(
                            Map.of(
                                ":u",
                                AttributeValue.fromS(u),
                                ":p",
                                AttributeValue.fromS(UserItems.LOG_PREFIX))))
            .items();
    out.put("log", log.isEmpty() ? Set.of() : names(log.get(0)));
    out.put(
        "dedupe",
        names(
            dynamo
                .getItem(
                    r -> r.tableName(backend.tables().eventIds()).key(DedupeItems.key(eventId(u))))
                .item()));
    return out;
  }

  private static Set<String> names(Map<String, AttributeValue> item) {
    Set<String> names = new TreeSet<>();
    if (item == null) {
      return names;
    }
    item.forEach(
        (k, v) -> {
          names.add(k);
          if (v.hasM()) {
            v.m()
                .forEach(
                    (k2, v2) -> {
                      if (v2.hasM()) {
                        v2.m().keySet().forEach(k3 -> names.add(k + ".*." + k3));
                      } else {
                        names.add(k + "." + k2);
                      }
                    });
          }
        });
    return names;
  }

  // ---- plumbing ----

  static double timeAll(ExecutorService pool, List<Callable<Void>> work) throws Exception {
    long t = System.nanoTime();
    await(pool.invokeAll(work));
    return (System.nanoTime() - t) / 1e9;
  }

  static void await(List<Future<Void>> futures) throws Exception {
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }
}
