package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.store.Backend;
import campaignlift.store.ItemSize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One user exposed 50,000 times with 50,000 outcomes, over real HTTP on DynamoDB Local: every item
 * the write path keeps stays under the documented 16 KB (docs/write-path.md), the enrolment's
 * values equal those computed straight from the raw records, and a redelivery writes nothing.
 */
class BoundedItemsTest extends TwinTest {
  static final int N = 50_000;
  static final int BATCH = 1_000;
  static final int WINDOW_DAYS = 14;
  static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
  static final long SPAN_SECONDS = Duration.ofDays(60).toSeconds();

  record Outcome(String type, Instant at, BigDecimal value) {}

  @Test
  void aHeavyUserKeepsEveryItemSmallAndEveryCountExact() {
    String campaignId = Campaigns.uniqueId("heavy");
    String userId = campaignId + "-user";
    ObjectNode campaign = Campaigns.valid();
    campaign
        .put("startAt", START.toString())
        .put("endAt", START.plusSeconds(SPAN_SECONDS).toString());
    assertEquals(201, http.put("/campaigns/" + campaignId, campaign.toString()).status());

    Random random = new Random(20261201);
    List<ObjectNode> exposures = new ArrayList<>();
    Instant t0 = null;
    // N distinct exposure times, 50 s apart, in random order.
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      slots.add(i);
    }
    Collections.shuffle(slots, random);
    for (int i = 0; i < N; i++) {
      Instant at = START.plusSeconds(1 + 50L * slots.get(i));
      t0 = t0 == null || at.isBefore(t0) ? at : t0;
      ObjectNode x = Http.JSON.createObjectNode().put("userId", userId).put("at", at.toString());
      x.putObject("attributes").put("channel", i % 2 == 0 ? "email" : "push");
      exposures.add(x);
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<ObjectNode> outcomeJson = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      // Spread around the campaign so pre-window, window and after-window all get events.
      Instant at = START.minus(Duration.ofDays(20)).plusSeconds(random.nextInt((int) SPAN_SECONDS));
      String type = i % 3 == 0 ? "purchase" : i % 3 == 1 ? "activity" : "signup";
      BigDecimal value =
          type.equals("purchase") ? BigDecimal.valueOf(random.nextInt(100_000), 2) : null;
      outcomes.add(new Outcome(type, at, value));
      ObjectNode o =
          Http.JSON
              .createObjectNode()
              .put("eventId", userId + "-e" + i)
              .put("userId", userId)
              .put("type", type)
              .put("at", at.toString());
      if (value != null) {
        o.put("value", value);
      }
      outcomeJson.add(o);
    }
    // Exposures and outcomes interleaved, in random order.
    List<String[]> sends = new ArrayList<>();
    for (int i = 0; i < N; i += BATCH) {
      sends.add(
          new String[] {
            "/campaigns/" + campaignId + "/exposures",
            body("exposures", exposures.subList(i, i + BATCH))
          });
      sends.add(new String[] {"/outcomes", body("outcomes", outcomeJson.subList(i, i + BATCH))});
    }
    Collections.shuffle(sends, random);
    long accepted = 0;
    for (String[] send : sends) {
      Http.Response r = http.post(send[0], send[1]);
      assertEquals(200, r.status(), r.raw().body());
      accepted += r.json().path("accepted").asLong();
    }
    assertEquals(2L * N, accepted, "distinct exposures and outcomes are all accepted");

    Backend backend = backends.backend();
    Map<String, AttributeValue> user = userItem(backend, userId);
    Map<String, AttributeValue> enrolment = onlyEnrolment(backend, campaignId, userId);

    // Redelivery of a batch of each kind: all duplicates, and nothing is written at all.
    Http.Response again = http.post(sends.get(0)[0], sends.get(0)[1]);
    Http.Response again2 = http.post(sends.get(1)[0], sends.get(1)[1]);
    assertEquals(BATCH, again.json().path("duplicates").asInt());
    assertEquals(BATCH, again2.json().path("duplicates").asInt());
    assertEquals(user, userItem(backend, userId), "a redelivery must not rewrite the user item");
    assertEquals(
        enrolment,
        onlyEnrolment(backend, campaignId, userId),
        "a redelivery must not rewrite the enrolment");

    // Every item of the user and the enrolment stay under the bound.
    int largest = ItemSize.of(enrolment);
    int count = 0;
    for (Map<String, AttributeValue> item :
        backend
            .dynamo()
            .queryPaginator(
                r ->
                    r.tableName(backend.tables().users())
                        .keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
            .items()) {
      largest = Math.max(largest, ItemSize.of(item));
      count++;
    }
    assertEquals(N + 1, count, "the user item and one log entry per outcome");
    assertTrue(largest < 16 * 1024, "largest item " + largest + " bytes");

    // The enrolment's values, computed straight from the raw records.
    Instant end = t0.plus(Duration.ofDays(WINDOW_DAYS));
    Instant pre = t0.minus(Duration.ofDays(WINDOW_DAYS));
    long signups = 0, activity = 0, purchases = 0, preActivity = 0, beforeEnd = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (Outcome o : outcomes) {
      boolean in = !o.at().isBefore(t0) && o.at().isBefore(end);
      boolean inPre = !o.at().isBefore(pre) && o.at().isBefore(t0);
      switch (o.type()) {
        case "signup" -> signups += in ? 1 : 0;
        case "activity" -> {
          activity += in ? 1 : 0;
          preActivity += inPre ? 1 : 0;
        }
        default -> {
          purchases += in ? 1 : 0;
          revenue = in ? revenue.add(o.value()) : revenue;
          beforeEnd += o.at().isBefore(end) ? 1 : 0;
        }
      }
    }
    assertEquals(Long.toString(t0.toEpochMilli()), enrolment.get("t0").n());
    assertEquals(Integer.toString(N), enrolment.get("exposures").n());
    assertEquals(signups, Long.parseLong(enrolment.get("signups").n()));
    assertEquals(activity, Long.parseLong(enrolment.get("activity").n()));
    assertEquals(preActivity, Long.parseLong(enrolment.get("preActivity").n()));
    assertEquals(purchases, Long.parseLong(enrolment.get("purchases").n()));
    assertEquals(beforeEnd, Long.parseLong(enrolment.get("purchasesBeforeEnd").n()));
    assertEquals(0, revenue.compareTo(new BigDecimal(enrolment.get("revenue").n())));
    assertTrue(activity > 0 && preActivity > 0 && purchases > 0, "the window saw events");

    // And the evaluation sees exactly one analysed user with those values.
    FoldedAggregates.awaitFolded();
    Http.Response result =
        http.post("/campaigns/" + campaignId + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, result.status(), result.raw().body());
    long analysed = 0;
    for (var g : result.json().path("groups")) {
      analysed += g.path("analysed").asLong();
    }
    assertEquals(1, analysed);
  }

  private static String body(String field, List<ObjectNode> records) {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode array = body.putArray(field);
    records.forEach(array::add);
    return body.toString();
  }

  private static Map<String, AttributeValue> userItem(Backend backend, String userId) {
    return backend
        .dynamo()
        .getItem(
            r ->
                r.tableName(backend.tables().users())
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "userId",
                            AttributeValue.fromS(userId),
                            "sk",
                            AttributeValue.fromS("U"))))
        .item();
  }

  private static Map<String, AttributeValue> onlyEnrolment(
      Backend backend, String campaignId, String userId) {
    Map<String, AttributeValue> item = StoredEnrolments.item(backend, campaignId, userId);
    assertNotNull(item, "the user's enrolment item");
    return item;
  }
}
