package campaignlift.store;

import campaignlift.aggregate.AggregateBase;
import campaignlift.evaluation.CampaignCells;
import campaignlift.evaluation.result.Reconciliation;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The recompute's view of a campaign's aggregates (docs/aggregates.md): the base ({@code base#<n>},
 * chunked), the {@code meta} seeded flag and the last reconciliation ({@code recon}).
 *
 * <p>A stand-in until the stream-fed aggregates' own store is merged: then this adapter delegates
 * {@code current} to its read (base and partials folded), {@code seed} to its seed and {@code
 * saveReconciliation} to its own, so both agree on the item formats.
 */
public record DynamoAggregateBase(DynamoDbClient dynamo, String table) implements AggregateBase {

  @Override
  public Optional<CampaignCells> current(String campaignId) {
    List<Map<String, AttributeValue>> chunks = query(campaignId, "base#");
    if (chunks.isEmpty()) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(i -> out.writeBytes(i.get("cells").b().asByteArray()));
    return Optional.of(CampaignCells.decode(out.toByteArray()));
  }

  @Override
  public void seed(String campaignId, CampaignCells base, Instant at) {
    byte[] bytes = base.encode();
    int chunks =
        Math.max(
            1,
            (bytes.length + DynamoRecomputeParts.CHUNK_BYTES - 1)
                / DynamoRecomputeParts.CHUNK_BYTES);
    for (int n = 0; n < chunks; n++) {
      int from = n * DynamoRecomputeParts.CHUNK_BYTES;
      byte[] chunk =
          Arrays.copyOfRange(
              bytes, from, Math.min(bytes.length, from + DynamoRecomputeParts.CHUNK_BYTES));
      Map<String, AttributeValue> item = key(campaignId, "base#" + String.format("%04d", n));
      item.put("cells", AttributeValue.fromB(SdkBytes.fromByteArray(chunk)));
      item.put("chunks", AttributeValues.n(chunks));
      dynamo.putItem(p -> p.tableName(table).item(item));
    }
    // A shorter base than before leaves no stale chunk behind; the partials folded so far are
    // replaced by the base.
    for (Map<String, AttributeValue> old : query(campaignId, "base#")) {
      if (Integer.parseInt(old.get("sk").s().substring("base#".length())) >= chunks) {
        dynamo.deleteItem(d -> d.tableName(table).key(keyOf(old)));
      }
    }
    for (Map<String, AttributeValue> partial : query(campaignId, "part#")) {
      dynamo.deleteItem(d -> d.tableName(table).key(keyOf(partial)));
    }
    Map<String, AttributeValue> meta = key(campaignId, "meta");
    meta.put("seeded", AttributeValue.fromBool(true));
    meta.put("seededAt", AttributeValues.s(at.toString()));
    dynamo.putItem(p -> p.tableName(table).item(meta));
  }

  @Override
  public void saveReconciliation(String campaignId, Reconciliation reconciliation) {
    Map<String, AttributeValue> item = key(campaignId, "recon");
    item.put("reconciledAt", AttributeValues.s(reconciliation.reconciledAt()));
    item.put("differences", AttributeValues.n(reconciliation.differences()));
    item.put(
        "examples",
        AttributeValue.fromL(reconciliation.examples().stream().map(AttributeValues::s).toList()));
    dynamo.putItem(p -> p.tableName(table).item(item));
  }

  private Map<String, AttributeValue> key(String campaignId, String sk) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put("pk", AttributeValues.s(DynamoRecomputeParts.partition(campaignId)));
    key.put("sk", AttributeValues.s(sk));
    return key;
  }

  private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
  }

  private List<Map<String, AttributeValue>> query(String campaignId, String prefix) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo
        .queryPaginator(
            QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(
                    Map.of(
                        ":pk", AttributeValues.s(DynamoRecomputeParts.partition(campaignId)),
                        ":prefix", AttributeValues.s(prefix)))
                .build())
        .items()
        .forEach(items::add);
    return items;
  }
}
