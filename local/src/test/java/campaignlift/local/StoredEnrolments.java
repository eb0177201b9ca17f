package campaignlift.local;

import campaignlift.campaign.Shards;
import campaignlift.store.Backend;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a campaign's enrolment items straight from DynamoDB, in the shape {@link Dataset#expected}
 * computes.
 */
final class StoredEnrolments {
  private StoredEnrolments() {}

  static Map<String, Map<String, String>> read(Backend backend, String campaignId, String prefix) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (int shard = 0; shard < 16; shard++) {
      String pk = campaignId + "#" + shard;
      backend
          .dynamo()
          .queryPaginator(
              r ->
                  r.tableName(backend.tables().enrolments())
                      .consistentRead(true)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
          .items()
          .forEach(item -> out.put(item.get("userId").s().substring(prefix.length()), shape(item)));
    }
    return out;
  }

  /** One user's enrolment item, read consistently; null when the user is not enrolled. */
  static Map<String, AttributeValue> item(Backend backend, String campaignId, String userId) {
    String pk = campaignId + "#" + Shards.of(userId, 16);
    Map<String, AttributeValue> item =
        backend
            .dynamo()
            .getItem(
                r ->
                    r.tableName(backend.tables().enrolments())
                        .consistentRead(true)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS(pk),
                                "userId", AttributeValue.fromS(userId))))
            .item();
    return item == null || item.isEmpty() ? null : item;
  }

  private static Map<String, String> shape(Map<String, AttributeValue> item) {
    Map<String, String> v = new TreeMap<>();
    v.put("group", item.get("group").s());
    v.put("t0", item.get("t0").n());
    AttributeValue channel = item.get("attributes").m().get("channel");
    v.put("channel", channel == null ? "" : channel.s());
    v.put("conflict", Boolean.toString(item.get("conflict").bool()));
    v.put("groupsSeen", String.join(",", new TreeSet<>(item.get("groupsSeen").ss())));
    v.put("exposures", item.get("exposures").n());
    v.put("firstKnownAt", item.containsKey("firstKnownAt") ? item.get("firstKnownAt").n() : "");
    for (String n :
        new String[] {
          "signups",
          "activity",
          "purchases",
          "preSignups",
          "preActivity",
          "prePurchases",
          "purchasesBeforeEnd",
          "purchasesBeforeStart"
        }) {
      v.put(n, item.get(n).n());
    }
    v.put("revenue", new BigDecimal(item.get("revenue").n()).stripTrailingZeros().toPlainString());
    v.put(
        "preRevenue",
        new BigDecimal(item.get("preRevenue").n()).stripTrailingZeros().toPlainString());
    return v;
  }
}
