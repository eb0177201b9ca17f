package campaignlift.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One DynamoDB event source mapping as template.yaml declares it: an {@code Events} entry of {@code
 * Type: DynamoDB} on a function, with Lambda's defaults for what it leaves out (Lambda developer
 * guide, "Lambda parameters for Amazon DynamoDB event source mappings"). The twin's {@link
 * StreamPoller} plays the mapping against DynamoDB Local's stream.
 *
 * @param functionId the function's logical id
 * @param eventName the key of the event under {@code Events}
 * @param tableId the logical id of the table whose {@code StreamArn} is the source
 * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}
 * @param batchSize the most records in one invocation (default 100)
 * @param batchingWindowSeconds how long to gather records before invoking (default 0)
 * @param bisectOnError split a batch whose invocation failed in two and retry the halves
 * @param maximumRetryAttempts retries before a batch is discarded; -1 (default) retries forever
 * @param reportBatchItemFailures {@code FunctionResponseTypes} holds {@code
 *     ReportBatchItemFailures}
 * @param parallelizationFactor batches in flight per shard; the twin runs 1 whatever is declared
 * @param onFailure the logical id of the on-failure destination, or null
 */
public record StreamMapping(
    String functionId,
    String eventName,
    String tableId,
    String startingPosition,
    int batchSize,
    int batchingWindowSeconds,
    boolean bisectOnError,
    int maximumRetryAttempts,
    boolean reportBatchItemFailures,
    int parallelizationFactor,
    String onFailure) {

  public StreamMapping {
    if (!startingPosition.equals("TRIM_HORIZON") && !startingPosition.equals("LATEST")) {
      throw new IllegalArgumentException(
          functionId + "." + eventName + ": StartingPosition must be TRIM_HORIZON or LATEST");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException(functionId + "." + eventName + ": BatchSize 1..10000");
    }
    if (maximumRetryAttempts < -1) {
      throw new IllegalArgumentException(
          functionId + "." + eventName + ": MaximumRetryAttempts -1..10000");
    }
  }

  /** A mapping with Lambda's defaults on {@code tableId}, for tests that set what they exercise. */
  public static StreamMapping defaults(String functionId, String tableId) {
    return new StreamMapping(
        functionId, "Stream", tableId, "TRIM_HORIZON", 100, 0, false, -1, false, 1, null);
  }

  public StreamMapping withBatchSize(int size) {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        startingPosition,
        size,
        batchingWindowSeconds,
        bisectOnError,
        maximumRetryAttempts,
        reportBatchItemFailures,
        parallelizationFactor,
        onFailure);
  }

  public StreamMapping withStartingPosition(String position) {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        position,
        batchSize,
        batchingWindowSeconds,
        bisectOnError,
        maximumRetryAttempts,
        reportBatchItemFailures,
        parallelizationFactor,
        onFailure);
  }

  public StreamMapping withBatchingWindow(int seconds) {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        startingPosition,
        batchSize,
        seconds,
        bisectOnError,
        maximumRetryAttempts,
        reportBatchItemFailures,
        parallelizationFactor,
        onFailure);
  }

  public StreamMapping withRetries(int attempts, boolean bisect) {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        startingPosition,
        batchSize,
        batchingWindowSeconds,
        bisect,
        attempts,
        reportBatchItemFailures,
        parallelizationFactor,
        onFailure);
  }

  public StreamMapping withReportBatchItemFailures() {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        startingPosition,
        batchSize,
        batchingWindowSeconds,
        bisectOnError,
        maximumRetryAttempts,
        true,
        parallelizationFactor,
        onFailure);
  }

  public StreamMapping withOnFailure(String destination) {
    return new StreamMapping(
        functionId,
        eventName,
        tableId,
        startingPosition,
        batchSize,
        batchingWindowSeconds,
        bisectOnError,
        maximumRetryAttempts,
        reportBatchItemFailures,
        parallelizationFactor,
        destination);
  }

  /** The DynamoDB event source mappings among one function's {@code Events}. */
  static List<StreamMapping> of(String functionId, JsonNode events) {
    List<StreamMapping> mappings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : events.properties()) {
      if (!"DynamoDB".equals(e.getValue().path("Type").asText())) {
        continue;
      }
      JsonNode p = e.getValue().path("Properties");
      boolean partial = false;
      for (JsonNode type : p.path("FunctionResponseTypes")) {
        partial |= "ReportBatchItemFailures".equals(type.asText());
      }
      JsonNode onFailure = p.path("DestinationConfig").path("OnFailure").path("Destination");
      mappings.add(
          new StreamMapping(
              functionId,
              e.getKey(),
              logicalId(p.path("Stream")),
              p.path("StartingPosition").asText("TRIM_HORIZON"),
              p.path("BatchSize").asInt(100),
              p.path("MaximumBatchingWindowInSeconds").asInt(0),
              p.path("BisectBatchOnFunctionError").asBoolean(false),
              p.path("MaximumRetryAttempts").asInt(-1),
              partial,
              p.path("ParallelizationFactor").asInt(1),
              onFailure.isMissingNode() ? null : logicalId(onFailure)));
    }
    return mappings;
  }

  /**
   * The resource a reference names: {@code !GetAtt Table.StreamArn} reads as the scalar {@code
   * Table.StreamArn}, {@code !Ref Queue} as {@code Queue}; the long forms {@code Fn::GetAtt:
   * [Table, StreamArn]} and {@code Ref: Queue} are read too.
   */
  private static String logicalId(JsonNode ref) {
    JsonNode getAtt = ref.path("Fn::GetAtt");
    if (getAtt.isArray()) {
      return getAtt.path(0).asText();
    }
    String text = !getAtt.isMissingNode() ? getAtt.asText() : ref.path("Ref").asText(ref.asText());
    int dot = text.indexOf('.');
    return dot < 0 ? text : text.substring(0, dot);
  }
}
