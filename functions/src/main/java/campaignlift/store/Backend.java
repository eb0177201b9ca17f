package campaignlift.store;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
 * LocalStack runs point the same code at local services. The SQS client ({@link Queues}) and the
 * EventBridge client of the result events ({@link EventBridgeEvents}, endpoint from {@code
 * AWS_ENDPOINT_URL_EVENTBRIDGE}) are built on first use only.
 */
public record Backend(
    DynamoDbClient dynamo,
    S3Client s3,
    S3Presigner presigner,
    Tables tables,
    Queues queues,
    EventBridgeEvents events)
    implements AutoCloseable {
  /** SDK attempts per DynamoDB call (first try included). */
  public static final int MAX_ATTEMPTS = 8;

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

  /** This backend's clients with {@code queues} in place of its own (which it closes). */
  public Backend withQueues(Queues queues) {
    if (this.queues != queues) {
      this.queues.close();
    }
    return new Backend(dynamo, s3, presigner, tables, queues, events);
  }

  /** This backend's clients with {@code events} in place of its own (which it closes). */
  public Backend withEvents(EventBridgeEvents events) {
    if (this.events != events) {
      this.events.close();
    }
    return new Backend(dynamo, s3, presigner, tables, queues, events);
  }

  /** The SQS client, built on first use. */
  public SqsClient sqs() {
    return queues.client();
  }

  /**
   * @param dynamoEndpoint null for the region's endpoint
   * @param s3Endpoint null for the region's endpoint; otherwise path-style access, as local S3
   *     servers need
   * @param interceptor null, or an SDK interceptor (tests use it to inject faults)
   */
  public static Backend create(
      Tables tables, String dynamoEndpoint, String s3Endpoint, ExecutionInterceptor interceptor) {
    DynamoDbClientBuilder dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    S3ClientBuilder s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    S3Presigner.Builder presigner = S3Presigner.builder();
    if (dynamoEndpoint != null && !dynamoEndpoint.isBlank()) {
      dynamo.endpointOverride(URI.create(dynamoEndpoint));
    }
    if (s3Endpoint != null && !s3Endpoint.isBlank()) {
      URI uri = URI.create(s3Endpoint);
      S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
      s3.endpointOverride(uri)
          .serviceConfiguration(pathStyle)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      presigner.endpointOverride(uri).serviceConfiguration(pathStyle);
    }
    // Throttling and 5xx are retried by the SDK with backoff; more attempts than the default and no
    // circuit
    // breaker, because a batch that gives up returns 5xx and makes the client resend all of it.
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
    if (interceptor != null) {
      s3.overrideConfiguration(c -> c.addExecutionInterceptor(interceptor));
    }
    return new Backend(dynamo.build(), s3.build(), presigner.build(), tables);
  }

  @Override
  public void close() {
    dynamo.close();
    s3.close();
    presigner.close();
    queues.close();
    events.close();
  }
}
