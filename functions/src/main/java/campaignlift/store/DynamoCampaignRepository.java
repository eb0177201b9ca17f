package campaignlift.store;

import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.campaign.CampaignItem;
import campaignlift.campaign.CampaignJson;
import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Identifiers;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnreadableCampaign;
import campaignlift.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Campaigns in the campaigns table, one item per campaign: the definition as canonical JSON plus
 * version, timestamps and markers (exposures started, final evaluation, archived). Items are read
 * back by {@link StoredCampaignReader}, which never throws for what an item holds.
 */
public final class DynamoCampaignRepository implements CampaignRepository {
  static final String ID = "campaignId";
  static final String DEFINITION = "definition";
  static final String VERSION = "version";
  static final String CREATED = "createdAt";
  static final String UPDATED = "updatedAt";
  static final String EXPOSURES_STARTED = "exposuresStartedAt";
  static final String FINAL_EVALUATED = "finalEvaluatedAt";
  static final String ARCHIVED = "archivedAt";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoCampaignRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<CampaignItem> read(String campaignId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(r -> r.tableName(table).key(Map.of(ID, s(campaignId))).consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(StoredCampaignReader.read(item));
  }

  @Override
  public boolean save(StoredCampaign next, long expectedVersion, boolean requireNoExposures) {
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(toItem(next));
    if (expectedVersion == 0) {
      put.conditionExpression("attribute_not_exists(#id)")
          .expressionAttributeNames(Map.of("#id", ID));
    } else {
      // Marking exposures as started bumps the version too, so this check also proves the marker
      // unchanged. Archiving does not bump it (it must work on unreadable items), hence its own
      // check: a replacement read before a DELETE must not revive the campaign.
      String condition = "#v = :expected AND attribute_not_exists(#a)";
      Map<String, String> names = new HashMap<>(Map.of("#v", VERSION, "#a", ARCHIVED));
      if (requireNoExposures) {
        condition += " AND attribute_not_exists(#x)";
        names.put("#x", EXPOSURES_STARTED);
      }
      put.conditionExpression(condition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
    }
    return conditionalPut(put.build());
  }

  @Override
  public boolean replaceUnreadable(StoredCampaign next, UnreadableCampaign old) {
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(toItem(next));
    if (old.version() != null) {
      put.conditionExpression("#v = :expected AND attribute_not_exists(#a)")
          .expressionAttributeNames(Map.of("#v", VERSION, "#a", ARCHIVED))
          .expressionAttributeValues(Map.of(":expected", n(old.version())));
    } else {
      // The stored version was missing or garbled: it must still be, so a concurrent replacement
      // (which writes a whole-number version) wins once and this one re-reads.
      put.conditionExpression(
              "attribute_exists(#id) AND attribute_not_exists(#a)"
                  + " AND (attribute_not_exists(#v) OR NOT attribute_type(#v, :n))")
          .expressionAttributeNames(Map.of("#id", ID, "#v", VERSION, "#a", ARCHIVED))
          .expressionAttributeValues(Map.of(":n", s("N")));
    }
    return conditionalPut(put.build());
  }

  private boolean conditionalPut(PutItemRequest put) {
    try {
      dynamo.putItem(put);
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The item the write path stores; package-private so tests build items the same way. */
  static Map<String, AttributeValue> toItem(StoredCampaign next) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ID, s(next.campaign().campaignId()));
    item.put(DEFINITION, s(Json.write(CampaignJson.definition(next.campaign()))));
    item.put(VERSION, n(next.version()));
    item.put(CREATED, s(next.createdAt().toString()));
    item.put(UPDATED, s(next.updatedAt().toString()));
    if (next.exposuresStarted()) {
      item.put(EXPOSURES_STARTED, s(next.exposuresStartedAt().toString()));
    }
    if (next.archived()) {
      item.put(ARCHIVED, s(next.archivedAt().toString()));
    }
    return item;
  }

  @Override
  public Optional<CampaignItem> archive(String campaignId, Instant at) {
    // Only the marker is written, never the definition, so this works on unreadable items; the
    // first archiving time stays.
    return update(
            campaignId,
            r ->
                r.updateExpression("SET #a = if_not_exists(#a, :at)")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#a", ARCHIVED, "#id", ID))
                    .expressionAttributeValues(Map.of(":at", s(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW))
        .map(after -> StoredCampaignReader.read(after.attributes()));
  }

  @Override
  public boolean markExposuresStarted(String campaignId, long expectedVersion, Instant at) {
    return update(
            campaignId,
            r ->
                r.updateExpression("SET #x = :at, #v = :next")
                    .conditionExpression("#v = :expected AND attribute_not_exists(#x)")
                    .expressionAttributeNames(Map.of("#x", EXPOSURES_STARTED, "#v", VERSION))
                    .expressionAttributeValues(
                        Map.of(
                            ":at", s(at.toString()),
                            ":expected", n(expectedVersion),
                            ":next", n(expectedVersion + 1))))
        .isPresent();
  }

  /**
   * A conditional UpdateItem of {@code campaignId}'s item; empty when its condition failed.
   *
   * @param request everything but the table and the key
   */
  private Optional<UpdateItemResponse> update(
      String campaignId, Consumer<UpdateItemRequest.Builder> request) {
    try {
      return Optional.of(
          dynamo.updateItem(
              r -> request.accept(r.tableName(table).key(Map.of(ID, s(campaignId))))));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
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
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v.s()));
    } catch (RuntimeException e) {
      // A garbled marker reads as "not yet": the final evaluation is repeated, never lost.
      return Optional.empty();
    }
  }

  @Override
  public void markFinalEvaluated(String campaignId, Instant at) {
    // Not a version bump: the marker is bookkeeping, not part of the definition. A failed condition
    // means the campaign was deleted meanwhile: nothing to mark.
    update(
        campaignId,
        r ->
            r.updateExpression("SET #f = :at")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#f", FINAL_EVALUATED, "#id", ID))
                .expressionAttributeValues(Map.of(":at", s(at.toString()))));
  }

  @Override
  public Page list(int limit, String cursor, boolean archived) {
    String scope = archived ? "GET /campaigns?archived=true" : "GET /campaigns";
    ScanRequest.Builder scan =
        ScanRequest.builder()
            .tableName(table)
            .limit(limit)
            // Limit counts items read before the filter, so a page may come back short.
            .filterExpression(archived ? "attribute_exists(#a)" : "attribute_not_exists(#a)")
            .expressionAttributeNames(Map.of("#a", ARCHIVED));
    if (cursor != null) {
      scan.exclusiveStartKey(
          PageTokens.decode(
              scope,
              cursor,
              key -> key.keySet().equals(Set.of(ID)) && Identifiers.isValid(key.get(ID))));
    }
    ScanResponse page = dynamo.scan(scan.build());
    List<StoredCampaign> items = new ArrayList<>();
    List<UnreadableCampaign> unreadable = new ArrayList<>();
    for (Map<String, AttributeValue> i : page.items()) {
      CampaignItem read = StoredCampaignReader.read(i);
      if (read instanceof StoredCampaign c) {
        items.add(c);
      } else {
        unreadable.add((UnreadableCampaign) read);
      }
    }
    String next =
        page.hasLastEvaluatedKey() ? PageTokens.encode(scope, page.lastEvaluatedKey()) : null;
    return new Page(items, unreadable, next);
  }
}
