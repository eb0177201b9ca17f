package campaignlift.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Faults DynamoDB Local cannot show by itself, injected into the SDK's calls before they are sent
 * (so a failed call never half-happens): throttling, 500s, transaction conflicts, and {@code
 * UnprocessedKeys} in BatchGetItem answers. The one fake in the suite — everything else is the real
 * backend.
 */
final class FaultInjector implements ExecutionInterceptor {
  private final Random random;
  private volatile double rate;
  private volatile boolean failWrites;
  final AtomicInteger throttles = new AtomicInteger();
  final AtomicInteger serverErrors = new AtomicInteger();
  final AtomicInteger conflicts = new AtomicInteger();
  final AtomicInteger unprocessed = new AtomicInteger();
  final AtomicInteger failedWrites = new AtomicInteger();

  FaultInjector(long seed) {
    this.random = new Random(seed);
  }

  /** Fraction of calls that fail (and of BatchGetItem answers that come back partial). */
  void rate(double rate) {
    this.rate = rate;
  }

  /**
   * While on, every transaction fails with a retryable 500: a fault that outlasts the SDK's
   * retries.
   */
  void failWrites(boolean on) {
    this.failWrites = on;
    this.writesBeforeFailing.set(Integer.MAX_VALUE);
  }

  /** Lets {@code n} more transactions through, then fails every one: a batch that dies half-way. */
  void failWritesAfter(int n) {
    this.writesBeforeFailing.set(n);
  }

  private final AtomicInteger writesBeforeFailing = new AtomicInteger(Integer.MAX_VALUE);

  private synchronized double roll() {
    return random.nextDouble();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (!(request instanceof DynamoDbRequest)) {
      return;
    }
    if (request instanceof TransactWriteItemsRequest
        && (failWrites || writesBeforeFailing.getAndDecrement() <= 0)) {
      failedWrites.incrementAndGet();
      throw error(500, "InternalServerError");
    }
    double r = roll();
    if (r >= rate) {
      return;
    }
    if (request instanceof TransactWriteItemsRequest t && r < rate / 3) {
      conflicts.incrementAndGet();
      List<CancellationReason> reasons = new ArrayList<>();
      for (int i = 0; i < t.transactItems().size(); i++) {
        reasons.add(
            CancellationReason.builder().code(i == 0 ? "TransactionConflict" : "None").build());
      }
      throw TransactionCanceledException.builder()
          .message("Transaction cancelled (injected): [TransactionConflict]")
          .cancellationReasons(reasons)
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("TransactionCanceledException")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    if (r < rate * 2 / 3) {
      throttles.incrementAndGet();
      throw error(400, "ThrottlingException");
    }
    serverErrors.incrementAndGet();
    throw error(500, "InternalServerError");
  }

  private static DynamoDbException error(int status, String code) {
    return (DynamoDbException)
        DynamoDbException.builder()
            .message(code + " (injected)")
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .errorMessage("injected")
                    .serviceName("DynamoDb")
                    .build())
            .build();
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (!(context.response() instanceof BatchGetItemResponse response) || roll() >= rate) {
      return context.response();
    }
    Map<String, List<Map<String, AttributeValue>>> kept = new HashMap<>();
    Map<String, KeysAndAttributes> left = new HashMap<>();
    response
        .responses()
        .forEach(
            (table, items) -> {
              List<Map<String, AttributeValue>> keep = new ArrayList<>();
              List<Map<String, AttributeValue>> keys = new ArrayList<>();
              for (int i = 0; i < items.size(); i++) {
                if (i % 2 == 0) {
                  keep.add(items.get(i));
                } else {
                  keys.add(key(items.get(i)));
                }
              }
              kept.put(table, keep);
              if (!keys.isEmpty()) {
                left.put(
                    table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
              }
            });
    if (left.isEmpty()) {
      return response;
    }
    unprocessed.incrementAndGet();
    return response.toBuilder().responses(kept).unprocessedKeys(left).build();
  }

  /** The key of an item of the users table (userId, sk) or the enrolments table (pk, userId). */
  private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return item.containsKey("sk")
        ? Map.of("userId", item.get("userId"), "sk", item.get("sk"))
        : Map.of("pk", item.get("pk"), "userId", item.get("userId"));
  }
}
