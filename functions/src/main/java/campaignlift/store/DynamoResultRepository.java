package campaignlift.store;

import static campaignlift.store.AttributeValues.s;

import campaignlift.evaluation.ResultRepository;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Results table: hash {@code campaignId}, range {@code evaluatedAt} (fixed-width ISO string, so the
 * sort order is time order). Attributes: {@code summary} (compact JSON), {@code result} (full JSON
 * when small enough), {@code snapshotKey}, {@code reportKey}. Read leniently (docs/stored-data.md):
 * an item missing an attribute or holding JSON that does not parse is skipped and its key reported,
 * never thrown.
 */
public record DynamoResultRepository(DynamoDbClient dynamo, String table)
    implements ResultRepository {
  private static final Pattern EVALUATED_AT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  /**
   * Items per query while looking for the newest readable result: one, as the newest is nearly
   * always readable and each check parses the full result JSON.
   */
  static final int LATEST_PAGE = 1;

  /** What a history page reads of each item: all but the full result. */
  private static final String HISTORY_ATTRIBUTES = "#c, #at, #s, #sk, #rk";

  private static final Map<String, String> HISTORY_NAMES =
      Map.of(
          "#c", "campaignId",
          "#at", "evaluatedAt",
          "#s", "summary",
          "#sk", "snapshotKey",
          "#rk", "reportKey");

  @Override
  public boolean save(StoredResult r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("campaignId", s(r.campaignId()));
    item.put("evaluatedAt", s(r.evaluatedAt()));
    item.put("summary", s(r.summary()));
    item.put("snapshotKey", s(r.snapshotKey()));
    item.put("reportKey", s(r.reportKey()));
    if (r.result() != null) {
      item.put("result", s(r.result()));
    }
    try {
      dynamo.putItem(
          p ->
              p.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#at)")
                  .expressionAttributeNames(Map.of("#at", "evaluatedAt")));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<StoredResult> latest(String campaignId) {
    Map<String, AttributeValue> after = null;
    do {
      Query q = query(campaignId, LATEST_PAGE, after, true);
      if (!q.items().isEmpty()) {
        return Optional.of(q.items().get(0));
      }
      after = q.lastKey();
    } while (after != null);
    return Optional.empty();
  }

  @Override
  public Page page(String campaignId, int limit, String cursor) {
    String scope = scope(campaignId);
    Map<String, AttributeValue> after = null;
    if (cursor != null) {
      after =
          PageTokens.decode(
              scope,
              cursor,
              key ->
                  key.keySet().equals(Set.of("campaignId", "evaluatedAt"))
                      && key.get("campaignId").equals(campaignId)
                      && EVALUATED_AT.matcher(key.get("evaluatedAt")).matches());
    }
    Query q = query(campaignId, limit, after, false);
    return new Page(q.items(), q.unreadable(), PageTokens.encode(scope, q.lastKey()));
  }

  /** The listing a history token belongs to: this route for this one campaign. */
  private static String scope(String campaignId) {
    return "GET /campaigns/" + campaignId + "/results";
  }

  private record Query(
      List<StoredResult> items, List<String> unreadable, Map<String, AttributeValue> lastKey) {}

  /**
   * One page, newest first. {@code withResult}: the full result JSON is read (and checked) too;
   * history pages leave it out and do not even read it back (a projection), as they show summaries
   * only.
   */
  private Query query(
      String campaignId, int limit, Map<String, AttributeValue> after, boolean withResult) {
    QueryRequest.Builder q =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#c = :c")
            .expressionAttributeValues(Map.of(":c", s(campaignId)))
            .scanIndexForward(false)
            .consistentRead(true)
            .limit(limit);
    if (withResult) {
      q.expressionAttributeNames(Map.of("#c", "campaignId"));
    } else {
      // The full result (up to MAX_INLINE_RESULT_BYTES per item) stays in the table.
      q.projectionExpression(HISTORY_ATTRIBUTES).expressionAttributeNames(HISTORY_NAMES);
    }
    if (after != null) {
      q.exclusiveStartKey(after);
    }
    QueryResponse page = dynamo.query(q.build());
    List<StoredResult> items = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Map<String, AttributeValue> i : page.items()) {
      StoredResult r = read(i, withResult);
      if (r == null) {
        unreadable.add(i.get("evaluatedAt").s());
      } else {
        items.add(r);
      }
    }
    Map<String, AttributeValue> last =
        page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
            ? page.lastEvaluatedKey()
            : null;
    return new Query(items, unreadable, last);
  }

  /** The result in one item, or null when it cannot be read. */
  private static StoredResult read(Map<String, AttributeValue> i, boolean withResult) {
    String summary = text(i, "summary");
    String snapshotKey = text(i, "snapshotKey");
    String reportKey = text(i, "reportKey");
    String result = text(i, "result");
    boolean garbledResult = i.containsKey("result") && result == null;
    if (summary == null
        || snapshotKey == null
        || reportKey == null
        || garbledResult
        || !summaryOf(summary, i.get("evaluatedAt").s())
        || (withResult && result != null && !isJsonObject(result))) {
      return null;
    }
    return new StoredResult(
        i.get("campaignId").s(), i.get("evaluatedAt").s(), result, summary, snapshotKey, reportKey);
  }

  private static String text(Map<String, AttributeValue> i, String name) {
    AttributeValue v = i.get(name);
    return v == null ? null : v.s();
  }

  /**
   * A summary is JSON object naming the item's own evaluatedAt (the history series sorts by it).
   */
  private static boolean summaryOf(String json, String evaluatedAt) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      return node != null
          && node.isObject()
          && evaluatedAt.equals(node.path("evaluatedAt").asText());
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean isJsonObject(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      return node != null && node.isObject();
    } catch (Exception e) {
      return false;
    }
  }
}
