package campaignlift.store;

import campaignlift.evaluation.ResultRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Results table: hash {@code campaignId}, range {@code evaluatedAt} (fixed-width ISO string, so the
 * sort order is time order). Attributes: {@code summary} (compact JSON), {@code result} (full JSON
 * when small enough), {@code snapshotKey}, {@code reportKey}.
 */
public final class DynamoResultRepository implements ResultRepository {
  private static final Pattern EVALUATED_AT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoResultRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

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
    List<StoredResult> items = query(campaignId, 1, null, true).items();
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  @Override
  public Page page(String campaignId, int limit, String cursor) {
    String after = null;
    if (cursor != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad cursor", e);
      }
      if (!EVALUATED_AT.matcher(after).matches()) {
        throw new IllegalArgumentException("bad cursor");
      }
    }
    return query(campaignId, limit, after, false);
  }

  private Page query(String campaignId, int limit, String after, boolean onlyFirst) {
    QueryRequest.Builder q =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#c = :c")
            .expressionAttributeNames(Map.of("#c", "campaignId"))
            .expressionAttributeValues(Map.of(":c", s(campaignId)))
            .scanIndexForward(false)
            .consistentRead(true)
            .limit(limit);
    if (after != null) {
      q.exclusiveStartKey(Map.of("campaignId", s(campaignId), "evaluatedAt", s(after)));
    }
    QueryResponse page = dynamo.query(q.build());
    List<StoredResult> items = new ArrayList<>();
    for (Map<String, AttributeValue> i : page.items()) {
      items.add(
          new StoredResult(
              i.get("campaignId").s(),
              i.get("evaluatedAt").s(),
              i.containsKey("result") ? i.get("result").s() : null,
              i.get("summary").s(),
              i.get("snapshotKey").s(),
              i.get("reportKey").s()));
    }
    String next = null;
    if (!onlyFirst && page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  page.lastEvaluatedKey().get("evaluatedAt").s().getBytes(StandardCharsets.UTF_8));
    }
    return new Page(items, next);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
