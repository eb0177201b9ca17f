package campaignlift.store;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients and resource names one function instance uses, built once per instance (before
 * the SnapStart snapshot). Endpoints come from {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code
 * AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL_SQS} when set, which is how the local twin and
 * LocalStack runs point the same code at local services. Only the DynamoDB client is built at once;
 * the S3 client and presigner, the SQS client ({@link Queues}) and the EventBridge client of the
 * result events ({@link EventBridgeEvents}, endpoint from {@code AWS_ENDPOINT_URL_EVENTBRIDGE}) are
 * built on first use, so a function that never touches them loads none of their classes.
 *
 * <p>A backend built by {@link #create} can prime (docs/operations.md, "SnapStart priming"): while
 * {@link #priming()} is on, every client's calls are answered locally by {@link PrimingResponses};
 * {@link #afterRestore} re-resolves the credentials of all its clients.
 */
public final class Backend implements AutoCloseable {
  /** SDK attempts per DynamoDB call (first try included). */
  public static final int MAX_ATTEMPTS = 8;

  /**
   * The key of the warm-up read: not an identifier ({@code #} is outside docs/api.md's alphabet),
   * so no campaign can have it.
   */
  static final String NO_CAMPAIGN = "#lift-priming";

  private final DynamoDbClient dynamo;
  private final Lazy<S3Client> s3;
  private final Lazy<S3Presigner> presigner;
  private final Tables tables;
  private final Queues queues;
  private final EventBridgeEvents events;
  private final ClientSetup setup;

  private Backend(
      DynamoDbClient dynamo,
      Lazy<S3Client> s3,
      Lazy<S3Presigner> presigner,
      Tables tables,
      Queues queues,
      EventBridgeEvents events,
      ClientSetup setup) {
    this.dynamo = dynamo;
    this.s3 = s3;
    this.presigner = presigner;
    this.tables = tables;
    this.queues = queues;
    this.events = events;
    this.setup = setup;
    queues.setup(setup);
    events.setup(setup);
  }

  /** A backend on clients built elsewhere (tests wrap them to inject faults); it cannot prime. */
  public Backend(
      DynamoDbClient dynamo,
      S3Client s3,
      S3Presigner presigner,
      Tables tables,
      Queues queues,
      EventBridgeEvents events) {
    this(
        dynamo,
        Lazy.of(s3),
        Lazy.of(presigner),
        tables,
        queues,
        events,
        new ClientSetup(PrimingResponses.unavailable(), null));
  }

  /** A backend without queues. */
  public Backend(DynamoDbClient dynamo, S3Client s3, S3Presigner presigner, Tables tables) {
    this(dynamo, s3, presigner, tables, Queues.none());
  }

  /** A backend without an event bus. */
  public Backend(
      DynamoDbClient dynamo, S3Client s3, S3Presigner presigner, Tables tables, Queues queues) {
    this(dynamo, s3, presigner, tables, queues, EventBridgeEvents.none());
  }

  public static Backend fromEnvironment(Map<String, String> env) {
    return create(
            Tables.fromEnvironment(env),
            env.get("AWS_ENDPOINT_URL_DYNAMODB"),
            env.get("AWS_ENDPOINT_URL_S3"),
            null)
        .withQueues(Queues.fromEnvironment(env))
        .withEvents(EventBridgeEvents.fromEnvironment(env));
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  /** The S3 client, built on first use. */
  public S3Client s3() {
    return s3.get();
  }

  /** The presigner of report links, built on first use. */
  public S3Presigner presigner() {
    return presigner.get();
  }

  public Tables tables() {
    return tables;
  }

  public Queues queues() {
    return queues;
  }

  public EventBridgeEvents events() {
    return events;
  }

  /** This backend's clients with {@code queues} in place of its own (which it closes). */
  public Backend withQueues(Queues queues) {
    if (this.queues != queues) {
      this.queues.close();
    }
    return new Backend(dynamo, s3, presigner, tables, queues, events, setup);
  }

  /** This backend's clients with {@code events} in place of its own (which it closes). */
  public Backend withEvents(EventBridgeEvents events) {
    if (this.events != events) {
      this.events.close();
    }
    return new Backend(dynamo, s3, presigner, tables, queues, events, setup);
  }

  /** The SQS client, built on first use. */
  public SqsClient sqs() {
    return queues.client();
  }

  /** How this backend builds clients: for the ones built elsewhere in this package. */
  ClientSetup setup() {
    return setup;
  }

  /** The switch and the answers of priming (docs/operations.md, "SnapStart priming"). */
  public PrimingResponses priming() {
    return setup.priming();
  }

  /**
   * One real, read-only DynamoDB call — a GetItem of a key no campaign can have — that opens the
   * connection (DNS, TLS, signing) the first request would otherwise open.
   */
  public void warmUp() {
    dynamo.getItem(
        r ->
            r.tableName(tables.campaigns())
                .key(Map.of(DynamoCampaignRepository.ID, AttributeValues.s(NO_CAMPAIGN))));
  }

  /**
   * After a SnapStart restore: credentials are resolved anew by every client of this backend (those
   * resolved before the snapshot belong to the environment that took it).
   */
  public void afterRestore() {
    if (setup.credentials() != null) {
      setup.credentials().refresh();
    }
  }

  /**
   * @param dynamoEndpoint null for the region's endpoint
   * @param s3Endpoint null for the region's endpoint; otherwise path-style access, as local S3
   *     servers need
   * @param interceptor null, or an SDK interceptor (tests use it to inject faults)
   */
  public static Backend create(
      Tables tables, String dynamoEndpoint, String s3Endpoint, ExecutionInterceptor interceptor) {
    ClientSetup setup = ClientSetup.forTables(tables);
    DynamoDbClientBuilder dynamo = setup.configure(DynamoDbClient.builder());
    if (dynamoEndpoint != null && !dynamoEndpoint.isBlank()) {
      dynamo.endpointOverride(URI.create(dynamoEndpoint));
    }
    // Throttling and 5xx are retried by the SDK with backoff; more attempts than the default and no
    // circuit breaker, because a batch that gives up returns 5xx and makes the client resend all of
    // it.
    dynamo.overrideConfiguration(
        c -> {
          c.retryStrategy(
              AwsRetryStrategy.standardRetryStrategy().toBuilder()
                  .maxAttempts(MAX_ATTEMPTS)
                  .circuitBreakerEnabled(false)
                  .build());
          if (interceptor != null) {
            c.addExecutionInterceptor(interceptor);
          }
        });
    String s3Override = s3Endpoint == null || s3Endpoint.isBlank() ? null : s3Endpoint;
    return new Backend(
        dynamo.build(),
        new Lazy<>(() -> s3(setup, s3Override, interceptor)),
        new Lazy<>(() -> presigner(setup, s3Override)),
        tables,
        Queues.none(),
        EventBridgeEvents.none(),
        setup);
  }

  private static S3Client s3(ClientSetup setup, String endpoint, ExecutionInterceptor interceptor) {
    S3ClientBuilder s3 = setup.configure(S3Client.builder());
    if (endpoint != null) {
      s3.endpointOverride(URI.create(endpoint))
          .serviceConfiguration(localS3())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (interceptor != null) {
      s3.overrideConfiguration(c -> c.addExecutionInterceptor(interceptor));
    }
    return s3.build();
  }

  private static S3Presigner presigner(ClientSetup setup, String endpoint) {
    S3Presigner.Builder presigner = S3Presigner.builder();
    if (setup.credentials() != null) {
      presigner.credentialsProvider(setup.credentials());
    }
    if (endpoint != null) {
      presigner.endpointOverride(URI.create(endpoint)).serviceConfiguration(pathStyle());
    }
    return presigner.build();
  }

  /** Local S3 servers need path-style access. */
  private static S3Configuration pathStyle() {
    return S3Configuration.builder().pathStyleAccessEnabled(true).build();
  }

  /**
   * A local S3 server's client: path-style, and uploads sent whole. On a plain-http endpoint the
   * SDK signs an upload's body in {@code aws-chunked} encoding, after which S3Proxy closed the
   * connection about once in twenty uploads; the next request on that connection then failed
   * ("Error writing request body to server") and was retried, up to three attempts
   * (docs/operations.md). In AWS, over https, PutObject's body is not signed in chunks.
   */
  static S3Configuration localS3() {
    return S3Configuration.builder()
        .pathStyleAccessEnabled(true)
        .chunkedEncodingEnabled(false)
        .build();
  }

  @Override
  public void close() {
    dynamo.close();
    s3.close();
    presigner.close();
    queues.close();
    events.close();
    if (setup.credentials() != null) {
      setup.credentials().release();
    }
  }

  /** A client built on first use, shared by the backends derived from one (withQueues …). */
  private static final class Lazy<T extends AutoCloseable> {
    private final Supplier<T> build;
    private T value;
    private boolean closed;

    Lazy(Supplier<T> build) {
      this.build = build;
    }

    static <T extends AutoCloseable> Lazy<T> of(T value) {
      Lazy<T> lazy = new Lazy<>(() -> value);
      lazy.value = value;
      return lazy;
    }

    synchronized T get() {
      if (value == null) {
        if (closed) {
          throw new IllegalStateException("the backend is closed");
        }
        value = build.get();
      }
      return value;
    }

    synchronized void close() {
      closed = true;
      if (value != null) {
        try {
          value.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
