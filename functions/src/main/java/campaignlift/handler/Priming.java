package campaignlift.handler;

import campaignlift.campaign.CampaignParser;
import campaignlift.campaign.StoredCampaign;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import campaignlift.support.Backoff;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of one function (docs/operations.md, "SnapStart priming"). Lambda's runtime
 * calls {@link #beforeCheckpoint} once the handler is built and before it takes the snapshot: the
 * handler answers its own sample event ({@code priming/<FunctionLogicalId>.json} on the class path)
 * {@link #ROUNDS} times through its real path — decoding, validation, the cores, the requests to
 * DynamoDB, S3, SQS and EventBridge marshalled and signed — while its backend's clients are
 * answered locally, so the first request after a restore finds the classes loaded and the code warm
 * and nothing was read from or written to the user's data. The samples find the campaign and data
 * of {@link PrimingData}. Then one real read-only call opens the connection to DynamoDB. {@link
 * #afterRestore} refreshes what each execution environment must have of its own.
 *
 * <p>Only the handlers' no-arg constructors (Lambda's) register one; the constructors the tests and
 * the local twin use never do. The handler keeps it: the runtime holds resources weakly.
 */
public final class Priming implements Resource {
  /** The campaign every sample event names, answered from memory and never stored. */
  static final String CAMPAIGN = "lift-priming";

  /** A campaign stored before its first exposure ({@link #draftCampaign}). */
  static final String DRAFT = "lift-priming-draft";

  /** When the sample campaigns were created. */
  private static final Instant SAMPLE_CREATED = Instant.parse("2026-01-01T00:00:00Z");

  /** How Lambda tells an execution environment why it is initialised. */
  static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

  /** The initialisation that ends in a snapshot, the only one whose hooks the runtime calls. */
  static final String SNAP_START = "snap-start";

  /** Time the sample invocation is told it has left (Lambda's longest timeout). */
  private static final int REMAINING_MILLIS = (int) TimeUnit.MINUTES.toMillis(15);

  /**
   * Times the sample runs: the first loads and links the path; the next ones take it as a warm
   * function does, with its caches filled (and, for an evaluation, a history of earlier results).
   */
  static final int ROUNDS = 3;

  private static final AtomicInteger PRIMED = new AtomicInteger();

  private final String function;
  private final RequestStreamHandler handler;
  private final Backend backend;
  private final UnaryOperator<JsonNode> event;
  private final Predicate<JsonNode> expected;
  private final Runnable forget;

  /**
   * @param function the function's logical id in template.yaml, naming its sample event
   * @param event the sample event as the handler gets it (the webhook signs it)
   * @param expected whether the handler's answer is the success the sample must give
   * @param forget drops what the sample invocation left in caches; run after priming and after
   *     every restore
   */
  private Priming(
      String function,
      RequestStreamHandler handler,
      Backend backend,
      UnaryOperator<JsonNode> event,
      Predicate<JsonNode> expected,
      Runnable forget) {
    this.function = function;
    this.handler = handler;
    this.backend = backend;
    this.event = event;
    this.expected = expected;
    this.forget = forget;
  }

  /**
   * The priming of a handler Lambda built, registered; null for one the twin or a test built
   * ({@code function} null). Its sample must simply succeed.
   */
  static Priming register(String function, RequestStreamHandler handler, Backend backend) {
    return register(function, handler, backend, Priming::succeeded);
  }

  /** The same, for a function whose sample must answer as {@code expected} says. */
  static Priming register(
      String function,
      RequestStreamHandler handler,
      Backend backend,
      Predicate<JsonNode> expected) {
    return register(function, handler, backend, e -> e, expected, () -> {});
  }

  /**
   * The same, with the sample event as the handler gets it ({@code event}, e.g. signed) and what to
   * forget after priming and after every restore. Registered with the runtime only when this
   * execution environment is initialised for a SnapStart snapshot ({@code
   * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): in any other (on-demand, provisioned concurrency)
   * the runtime never calls the hooks, so the first request does not pay for loading the crac
   * context.
   */
  static Priming register(
      String function,
      RequestStreamHandler handler,
      Backend backend,
      UnaryOperator<JsonNode> event,
      Predicate<JsonNode> expected,
      Runnable forget) {
    if (function == null) {
      return null;
    }
    Priming priming = new Priming(function, handler, backend, event, expected, forget);
    if (SNAP_START.equals(System.getenv(INITIALIZATION_TYPE))) {
      Core.getGlobalContext().register(priming);
    }
    return priming;
  }

  /** How many primings ran {@link #beforeCheckpoint} to the end in this JVM. */
  public static int primedCount() {
    return PRIMED.get();
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
    long start = System.nanoTime();
    // A request id that says what it is; Lambda's own logger.
    Context sample =
        new InvocationContext("priming", function, REMAINING_MILLIS, LambdaRuntime.getLogger());
    PrimingData.register(backend, sampleCampaign());
    backend.priming().start();
    try {
      byte[] request = Json.MAPPER.writeValueAsBytes(event.apply(sampleEvent()));
      for (int round = 1; round <= ROUNDS; round++) {
        JsonNode answer = invoke(request, sample);
        if (!expected.test(answer)) {
          throw new IllegalStateException(
              function
                  + " did not answer its priming event as expected (round "
                  + round
                  + "): "
                  + answer);
        }
      }
    } finally {
      backend.priming().stop();
      backend.priming().clear();
      forget.run();
    }
    try {
      backend.warmUp();
    } catch (RuntimeException e) {
      // Only a warm-up: the first request opens the connection instead.
      Log.error(sample, "priming: warm-up call failed", Map.of("function", function), e);
    }
    PRIMED.incrementAndGet();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("function", function);
    fields.put("rounds", ROUNDS);
    fields.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    Log.info(sample, "primed", fields);
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    backend.afterRestore();
    Backoff.reseed();
    forget.run();
  }

  private JsonNode invoke(byte[] sample, Context context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(sample), out, context);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  /**
   * Success as each kind of function reports it: an HTTP status under 300, no failed record of a
   * batch, no failed campaign of a scheduled run, a report per imported file.
   */
  static boolean succeeded(JsonNode answer) {
    if (answer == null || !answer.isObject()) {
      return false;
    }
    if (answer.has("statusCode")) {
      int status = answer.path("statusCode").asInt();
      return status >= 200 && status < 300;
    }
    if (answer.has("batchItemFailures")) {
      return answer.path("batchItemFailures").isEmpty();
    }
    if (answer.has("runId")) {
      return answer.path("failed").isEmpty();
    }
    return answer.path("files").size() > 0;
  }

  /**
   * An evaluation that computed statistics: a success whose result has enrolments analysed in every
   * group and metric rows — the sample read {@link PrimingData}'s aggregates, not an empty
   * campaign.
   */
  static boolean evaluatedWithData(JsonNode answer) {
    if (!succeeded(answer)) {
      return false;
    }
    JsonNode result;
    try {
      result = Json.MAPPER.readTree(answer.path("body").asText());
    } catch (IOException e) {
      return false;
    }
    JsonNode groups = result.path("groups");
    if (groups.size() < 2 || result.path("results").isEmpty()) {
      return false;
    }
    for (JsonNode g : groups) {
      if (g.path("analysed").asLong() <= 0) {
        return false;
      }
    }
    return true;
  }

  JsonNode sampleEvent() {
    return resource("priming/" + function + ".json");
  }

  /**
   * The campaign of the campaigns function's sample: the sample campaign's definition, stored but
   * not yet exposed, as campaigns are while they are prepared and changed before their launch.
   */
  static StoredCampaign draftCampaign() {
    return stored(DRAFT, 1, null);
  }

  /** The campaign the samples name, as its registration would have stored it. */
  static StoredCampaign sampleCampaign() {
    return stored(CAMPAIGN, 2, SAMPLE_CREATED);
  }

  /** The sample definition stored as {@code campaignId}, exposed since {@code exposuresStarted}. */
  private static StoredCampaign stored(String campaignId, long version, Instant exposuresStarted) {
    return new StoredCampaign(
        CampaignParser.parse(campaignId, resource("priming/campaign.json")),
        version,
        SAMPLE_CREATED,
        SAMPLE_CREATED,
        exposuresStarted,
        null);
  }

  private static JsonNode resource(String name) {
    try {
      return Json.MAPPER.readTree(resourceBytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A classpath resource of the priming samples. */
  static byte[] resourceBytes(String name) {
    try (InputStream in = Priming.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no " + name + " on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
