package campaignlift.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A batch an event source mapping discarded after its retries, described as Lambda describes it to
 * the mapping's on-failure destination (Lambda developer guide, "Retaining discarded records for a
 * DynamoDB event source in Lambda"): the records themselves are not sent, only where they are in
 * the stream.
 *
 * @param mapping the mapping that gave up
 * @param streamArn the stream read
 * @param shardId the shard the records are in
 * @param startSequenceNumber the first record's sequence number
 * @param endSequenceNumber the last record's sequence number
 * @param batchSize how many records
 * @param firstArrival the first record's approximate creation time
 * @param lastArrival the last record's approximate creation time
 * @param invokeCount how many times the records were invoked
 * @param functionError the error of the last invocation
 * @param at when the mapping gave up
 */
public record FailedBatch(
    StreamMapping mapping,
    String streamArn,
    String shardId,
    String startSequenceNumber,
    String endSequenceNumber,
    int batchSize,
    Instant firstArrival,
    Instant lastArrival,
    int invokeCount,
    String functionError,
    Instant at) {

  /** The invocation record Lambda sends to an SQS or SNS on-failure destination. */
  public String invocationRecord() {
    ObjectNode root = StreamEvents.JSON.createObjectNode();
    ObjectNode request = root.putObject("requestContext");
    request.put("requestId", UUID.randomUUID().toString());
    request.put(
        "functionArn", "arn:aws:lambda:us-east-1:000000000000:function:" + mapping.functionId());
    request.put("condition", "RetryAttemptsExhausted");
    request.put("approximateInvokeCount", invokeCount);
    ObjectNode response = root.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", functionError);
    root.put("version", "1.0");
    root.put("timestamp", at.toString());
    ObjectNode info = root.putObject("DDBStreamBatchInfo");
    info.put("shardId", shardId);
    info.put("startSequenceNumber", startSequenceNumber);
    info.put("endSequenceNumber", endSequenceNumber);
    info.put("approximateArrivalOfFirstRecord", String.valueOf(firstArrival));
    info.put("approximateArrivalOfLastRecord", String.valueOf(lastArrival));
    info.put("batchSize", batchSize);
    info.put("streamArn", streamArn);
    return root.toString();
  }

  /** One line for a console: which function, which shard, which records. */
  public String summary() {
    return mapping.functionId()
        + " gave up on "
        + batchSize
        + " stream record(s) of "
        + shardId
        + " ("
        + startSequenceNumber
        + ".."
        + endSequenceNumber
        + ") after "
        + invokeCount
        + " invocation(s)"
        + (mapping.onFailure() == null ? "" : "; sent to " + mapping.onFailure());
  }
}
