package campaignlift.store;

import campaignlift.campaign.CampaignJson;
import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Identifiers;
import campaignlift.campaign.StoredCampaign;
import campaignlift.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Campaigns in the campaigns table, one item per campaign: the definition as canonical JSON plus
 * version, timestamps and the enrolment counter that the exposure path increments.
 */
public final class DynamoCampaignRepository implements CampaignRepository {
  static final String ID = "campaignId";
  static final String DEFINITION = "definition";
  static final String VERSION = "version";
  static final String CREATED = "createdAt";
  static final String UPDATED = "updatedAt";
  static final String EXPOSURES_STARTED = "exposuresStartedAt";
  static final String FINAL_EVALUATED = "finalEvaluatedAt";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoCampaignRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<StoredCampaign> find(String campaignId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(r -> r.tableName(table).key(Map.of(ID, s(campaignId))).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public boolean save(StoredCampaign next, long expectedVersion, boolean requireNoExposures) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(next.campaign().campaignId()));
    item.put(DEFINITION, s(Json.write(CampaignJson.definition(next.campaign()))));
    item.put(VERSION, n(next.version()));
    item.put(CREATED, s(next.createdAt().toString()));
    item.put(UPDATED, s(next.updatedAt().toString()));
    if (next.exposuresStarted()) {
      item.put(EXPOSURES_STARTED, s(next.exposuresStartedAt().toString()));
    }
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
    if (expectedVersion == 0) {
      put.conditionExpression("attribute_not_exists(#id)")
          .expressionAttributeNames(Map.of("#id", ID));
    } else {
      // Marking exposures as started bumps the version too, so this check also proves the marker
      // unchanged.
      String condition = "#v = :expected";
      Map<String, String> names = new HashMap<>(Map.of("#v", VERSION));
      if (requireNoExposures) {
        condition += " AND attribute_not_exists(#x)";
        names.put("#x", EXPOSURES_STARTED);
      }
      put.conditionExpression(condition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
    }
    try {
      dynamo.putItem(put.build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public boolean markExposuresStarted(String campaignId, long expectedVersion, Instant at) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(Map.of(ID, s(campaignId)))
                  .updateExpression("SET #x = :at, #v = :next")
                  .conditionExpression("#v = :expected AND attribute_not_exists(#x)")
                  .expressionAttributeNames(Map.of("#x", EXPOSURES_STARTED, "#v", VERSION))
                  .expressionAttributeValues(
                      Map.of(
                          ":at", s(at.toString()),
                          ":expected", n(expectedVersion),
                          ":next", n(expectedVersion + 1))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<Instant> finalEvaluatedAt(String campaignId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(Map.of(ID, s(campaignId)))
                        .consistentRead(true)
                        .projectionExpression("#f")
                        .expressionAttributeNames(Map.of("#f", FINAL_EVALUATED)))
            .item();
    AttributeValue v = item == null ? null : item.get(FINAL_EVALUATED);
    return v == null ? Optional.empty() : Optional.of(Instant.parse(v.s()));
  }

  @Override
  public void markFinalEvaluated(String campaignId, Instant at) {
    try {
      // Not a version bump: the marker is bookkeeping, not part of the definition.
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(Map.of(ID, s(campaignId)))
                  .updateExpression("SET #f = :at")
                  .conditionExpression("attribute_exists(#id)")
                  .expressionAttributeNames(Map.of("#f", FINAL_EVALUATED, "#id", ID))
                  .expressionAttributeValues(Map.of(":at", s(at.toString()))));
    } catch (ConditionalCheckFailedException e) {
      // The campaign was deleted meanwhile: nothing to mark.
    }
  }

  @Override
  public Page list(int limit, String cursor) {
    ScanRequest.Builder scan = ScanRequest.builder().tableName(table).limit(limit);
    if (cursor != null) {
      scan.exclusiveStartKey(Map.of(ID, s(decodeCursor(cursor))));
    }
    ScanResponse page = dynamo.scan(scan.build());
    List<StoredCampaign> items = new ArrayList<>();
    page.items().forEach(i -> items.add(fromItem(i)));
    String next = null;
    if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
      next = encodeCursor(page.lastEvaluatedKey().get(ID).s());
    }
    return new Page(items, next);
  }

  static String encodeCursor(String campaignId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(campaignId.getBytes(StandardCharsets.UTF_8));
  }

  /** The campaign id inside a cursor; IllegalArgumentException when it is not one of ours. */
  static String decodeCursor(String cursor) {
    String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    if (!Identifiers.isValid(id)) {
      throw new IllegalArgumentException("bad cursor");
    }
    return id;
  }

  private static StoredCampaign fromItem(Map<String, AttributeValue> item) {
    String id = item.get(ID).s();
    try {
      return new StoredCampaign(
          CampaignJson.fromDefinition(id, Json.MAPPER.readTree(item.get(DEFINITION).s())),
          Long.parseLong(item.get(VERSION).n()),
          Instant.parse(item.get(CREATED).s()),
          Instant.parse(item.get(UPDATED).s()),
          item.containsKey(EXPOSURES_STARTED)
              ? Instant.parse(item.get(EXPOSURES_STARTED).s())
              : null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored campaign " + id + " is not valid JSON", e);
    }
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
