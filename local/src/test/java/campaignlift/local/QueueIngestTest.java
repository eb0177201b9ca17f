package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS front door end to end (docs/queue.md) through the twin's real queue (ElasticMQ) and the
 * template's SQS event source mapping: exact counts in the store whatever is delivered twice,
 * poison messages in the dead-letter queue with their reasons, and failures that may pass retried
 * until SQS's receive limit, never forever.
 */
class QueueIngestTest {
  static final int MESSAGES = 10_000;

  /** Exposed users of the dataset: about 2.9 unique messages each (see {@link #unique}). */
  static final int USERS = Integer.getInteger("lift.test.queue.users", 1_600);

  /** Messages made of records already sent in other messages. */
  static final int REGROUPED = 1_500;

  /** One poison message: what is sent and what its reason must say. */
  record Poison(QueueTwin.Outgoing message, String code, Integer index, String field) {}

  @Test
  void tenThousandMessagesWithDuplicatesAndPoisonGiveExactCountsAndOnlyThePoisonIsDeadLettered()
      throws Exception {
    TestBackends shared = TestBackends.get();
    Http http = new Http(shared.url());
    String prefix = Campaigns.uniqueId("queueingest") + "-";
    Dataset data = new Dataset(prefix, USERS, 41, Instant.now());
    Loader loader = new Loader(http, data);
    loader.createCampaign();
    Random random = new Random(13);

    List<QueueTwin.Outgoing> unique = unique(data, random);
    List<QueueTwin.Outgoing> all = new ArrayList<>(unique);
    all.addAll(regrouped(data, random));
    List<Poison> poison = poison(data);
    int resends = MESSAGES - all.size() - poison.size();
    assertTrue(resends > 1_000, "enough messages sent twice: " + resends);
    for (int i = 0; i < resends; i++) {
      all.add(unique.get(random.nextInt(unique.size())));
    }
    all.addAll(poison.stream().map(Poison::message).toList());
    Collections.shuffle(all, random);
    assertEquals(MESSAGES, all.size());

    try (QueueTwin twin = new QueueTwin("queueingest", Duration.ofSeconds(30), null)) {
      long started = System.nanoTime();
      List<String> ids = twin.send(all);
      double sentSeconds = (System.nanoTime() - started) / 1e9;
      // Generous: on a loaded 2-core machine 10,000 messages took up to 210 s (docs/queue.md).
      twin.awaitSettled(poison.size(), Duration.ofSeconds(480));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "QueueIngestTest: %d messages (%d records unique, %d messages unique) sent in %.1f s,"
              + " all handled in %.1f s: %.0f messages/s through ElasticMQ and the event source%n",
          MESSAGES,
          data.exposures.size() + data.outcomes.size(),
          unique.size(),
          sentSeconds,
          seconds,
          MESSAGES / seconds);

      // Exactly the poison messages are in the dead-letter queue, each with its reason.
      Map<String, Poison> expected = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        for (Poison p : poison) {
          if (p.message() == all.get(i)) {
            expected.put(ids.get(i), p);
          }
        }
      }
      Map<String, Message> dead = new TreeMap<>();
      for (Message m : twin.takeDeadLetters()) {
        dead.put(m.messageAttributes().get("sourceMessageId").stringValue(), m);
      }
      assertEquals(new TreeMap<>(expected).keySet(), dead.keySet(), "the poison, no more, no less");
      for (Map.Entry<String, Message> e : dead.entrySet()) {
        Poison p = expected.get(e.getKey());
        Message m = e.getValue();
        assertEquals(p.message().body(), m.body(), "the body unchanged");
        p.message()
            .attributes()
            .forEach((n, v) -> assertEquals(v, m.messageAttributes().get(n).stringValue(), n));
        assertEquals(p.code(), m.messageAttributes().get("errorCode").stringValue(), m.body());
        JsonNode error = Http.JSON.readTree(m.messageAttributes().get("error").stringValue());
        assertEquals(p.code(), error.path("code").asText());
        assertTrue(error.path("message").asText().length() > 10, error.toString());
        if (p.field() != null) {
          boolean named = false;
          for (JsonNode d : error.path("details")) {
            named |=
                d.path("field").asText().equals(p.field())
                    && (p.index() == null || d.path("index").asInt(-1) == p.index());
          }
          assertTrue(named, p.field() + " named in " + error);
        }
      }
      assertEquals(0, shared.backends().queues().depth(twin.url("IngestQueue")), "none in flight");
    }

    // Every enrolment holds exactly what the raw records say: nothing lost, nothing twice, and
    // nothing of a poison message.
    Map<String, Map<String, String>> want = data.expected(loader.assignments());
    OrderIndependenceTest.assertSame(
        want, StoredEnrolments.read(shared.backend(), data.campaignId, prefix), prefix);
    FoldedAggregates.assertEqualToFullRead(shared, data.campaignId);

    // And the evaluation a user would read counts every exposed user once, in their group.
    Http.Response result =
        http.post("/campaigns/" + data.campaignId + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, result.status(), result.raw().body());
    Map<String, Long> enrolled = new TreeMap<>();
    long conflicts = 0;
    for (Map<String, String> v : want.values()) {
      enrolled.merge(v.get("group"), 1L, Long::sum);
      conflicts += Boolean.parseBoolean(v.get("conflict")) ? 1 : 0;
    }
    Map<String, Long> counted = new TreeMap<>();
    for (JsonNode g : result.json().path("groups")) {
      counted.put(g.path("name").asText(), g.path("enrolled").asLong());
    }
    assertEquals(enrolled, counted);
    assertEquals(USERS, counted.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(conflicts, result.json().path("health").path("conflicts").asLong());
  }

  /**
   * Every record once, in messages of one to three records of one kind (a user's records are
   * adjacent, so a message mostly holds one or two users); every third names its kind.
   */
  static List<QueueTwin.Outgoing> unique(Dataset data, Random random) {
    List<QueueTwin.Outgoing> out = new ArrayList<>();
    chunks(data.exposureJson(), "exposures", data.campaignId, random, out);
    chunks(data.outcomeJson(), "outcomes", null, random, out);
    return out;
  }

  private static void chunks(
      List<ObjectNode> records,
      String kind,
      String campaignId,
      Random random,
      List<QueueTwin.Outgoing> out) {
    for (int i = 0; i < records.size(); ) {
      int n = Math.min(records.size() - i, 1 + random.nextInt(3));
      out.add(message(kind, campaignId, records.subList(i, i + n), out.size() % 3 == 0));
      i += n;
    }
  }

  /** Records already sent, put together differently: two to four from anywhere in the dataset. */
  static List<QueueTwin.Outgoing> regrouped(Dataset data, Random random) {
    List<ObjectNode> exposures = data.exposureJson();
    List<ObjectNode> outcomes = data.outcomeJson();
    List<QueueTwin.Outgoing> out = new ArrayList<>();
    for (int i = 0; i < REGROUPED; i++) {
      boolean x = random.nextInt(3) == 0;
      List<ObjectNode> from = x ? exposures : outcomes;
      List<ObjectNode> picked = new ArrayList<>();
      for (int n = 2 + random.nextInt(3); picked.size() < n; ) {
        ObjectNode r = from.get(random.nextInt(from.size()));
        if (!picked.contains(r)) {
          picked.add(r);
        }
      }
      out.add(message(x ? "exposures" : "outcomes", x ? data.campaignId : null, picked, false));
    }
    return out;
  }

  static QueueTwin.Outgoing message(
      String kind, String campaignId, List<ObjectNode> records, boolean namesKind) {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode array = body.putArray(kind);
    records.forEach(array::add);
    Map<String, String> attributes = new TreeMap<>();
    if (campaignId != null) {
      attributes.put("campaignId", campaignId);
    }
    if (namesKind) {
      attributes.put("kind", kind);
    }
    return new QueueTwin.Outgoing(body.toString(), attributes);
  }

  /**
   * Six messages that can never be recorded; two of them hold a good record of a dataset user
   * besides the bad one, which must not be recorded either (the whole message is refused).
   */
  static List<Poison> poison(Dataset data) {
    Dataset.Exposure first = data.exposures.get(0); // the earliest exposure of user u0: its t0
    ObjectNode good = Http.JSON.createObjectNode();
    good.put("eventId", data.prefix + "poison-good")
        .put("userId", first.userId())
        .put("type", "purchase")
        .put("at", first.at().plus(Duration.ofHours(1)).toString())
        .put("value", new BigDecimal("12.5"));
    ObjectNode tooMuch = good.deepCopy();
    tooMuch.put("eventId", data.prefix + "poison-bad").put("value", new BigDecimal("1e10"));
    ObjectNode unknownType = good.deepCopy();
    unknownType.put("eventId", data.prefix + "poison-type").put("type", "purchased");
    ObjectNode early = Http.JSON.createObjectNode();
    early.put("userId", first.userId()).put("at", data.start.minus(Duration.ofDays(1)).toString());
    ObjectNode stranger = Http.JSON.createObjectNode();
    stranger.put("userId", data.prefix + "poison-stranger").put("at", first.at().toString());
    return List.of(
        new Poison(
            new QueueTwin.Outgoing(
                "{\"outcomes\": [{\"eventId\": \"" + data.prefix + "poison-json\", ", Map.of()),
            "bad_json",
            null,
            null),
        new Poison(
            message("outcomes", null, List.of(good, tooMuch), false),
            "invalid_request",
            1,
            "value"),
        new Poison(
            message("outcomes", null, List.of(unknownType), true), "invalid_request", 0, "type"),
        new Poison(
            message("exposures", data.prefix + "no-such-campaign", List.of(stranger), false),
            "not_found",
            null,
            null),
        new Poison(
            message("exposures", null, List.of(stranger), true),
            "invalid_request",
            null,
            "messageAttributes.campaignId"),
        new Poison(
            message("exposures", data.campaignId, List.of(early, stranger), false),
            "invalid_request",
            0,
            "at"));
  }

  /**
   * Fails every write of user {@code always}, and those of user {@code flaky} while {@code
   * flakyFails} says so: faults that outlast the SDK's retries, injected before the call is sent.
   */
  static final class FailingUsers implements ExecutionInterceptor {
    final String always;
    final String flaky;
    final BooleanSupplier flakyFails;

    FailingUsers(String always, String flaky, BooleanSupplier flakyFails) {
      this.always = always;
      this.flaky = flaky;
      this.flakyFails = flakyFails;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof TransactWriteItemsRequest t) {
        for (TransactWriteItem item : t.transactItems()) {
          AttributeValue user = item.put() == null ? null : item.put().item().get("userId");
          String id = user == null ? null : user.s();
          if (always.equals(id) || (flaky.equals(id) && flakyFails.getAsBoolean())) {
            throw DynamoDbException.builder()
                .message("injected fault writing " + id)
                .statusCode(500)
                .build();
          }
        }
      }
    }
  }

  @Test
  void aFailureThatMayPassIsRetriedUntilTheReceiveLimitAndItsNeighboursAreRecordedOnce()
      throws Exception {
    TestBackends shared = TestBackends.get();
    Http http = new Http(shared.url());
    String campaignId = Campaigns.uniqueId("queueretry");
    String always = campaignId + "-always";
    String flaky = campaignId + "-flaky";
    String fine = campaignId + "-fine";
    ObjectNode campaign = Campaigns.valid();
    assertEquals(201, http.put("/campaigns/" + campaignId, campaign.toString()).status());
    ObjectNode exposures = Http.JSON.createObjectNode();
    ArrayNode xs = exposures.putArray("exposures");
    for (String u : List.of(always, flaky, fine)) {
      xs.addObject().put("userId", u).put("at", "2026-03-02T09:00:00Z").put("group", "coupon");
    }
    Http.Response r = http.post("/campaigns/" + campaignId + "/exposures", exposures.toString());
    assertEquals(200, r.status(), r.raw().body());

    int receives = shared.template().queues().get("IngestQueue").maxReceiveCount();
    AtomicReference<QueueTwin> running = new AtomicReference<>();
    AtomicReference<String> flakyMessage = new AtomicReference<>();
    // The flaky user's writes fail until its message has been left for a retry twice.
    FailingUsers faults =
        new FailingUsers(
            always,
            flaky,
            () ->
                flakyMessage.get() == null
                    || running.get().failed.getOrDefault(flakyMessage.get(), 0) < 2);
    try (QueueTwin twin = new QueueTwin("queueretry", Duration.ofSeconds(2), faults)) {
      running.set(twin);
      List<QueueTwin.Outgoing> messages = new ArrayList<>();
      for (String u : List.of(always, flaky, fine)) {
        ObjectNode purchase = Http.JSON.createObjectNode();
        purchase
            .put("eventId", u + "-order-1")
            .put("userId", u)
            .put("type", "purchase")
            .put("at", "2026-03-03T10:00:00Z")
            .put("value", new BigDecimal("40.25"));
        messages.add(message("outcomes", null, List.of(purchase), false));
      }
      List<String> ids = twin.send(messages);
      flakyMessage.set(ids.get(1));
      twin.awaitSettled(1, Duration.ofSeconds(60));

      List<Message> dead = twin.takeDeadLetters();
      assertEquals(1, dead.size());
      Message m = dead.get(0);
      assertEquals(messages.get(0).body(), m.body(), "the always failing one");
      assertNull(m.messageAttributes().get("errorCode"), "moved by SQS, not rejected");
      assertEquals(receives, twin.delivered.get(ids.get(0)), "delivered up to the receive limit");
      assertEquals(receives, twin.failed.get(ids.get(0)), "and failed each time, never more");
      assertTrue(twin.failed.get(ids.get(1)) >= 2, "the flaky one failed twice, then was recorded");
      assertNull(twin.failed.get(ids.get(2)), "its neighbour was recorded at once, never retried");
    }
    for (String u : List.of(flaky, fine)) {
      Map<String, AttributeValue> e = StoredEnrolments.item(shared.backend(), campaignId, u);
      assertEquals("1", e.get("purchases").n(), u + ": recorded once");
      assertEquals(0, new BigDecimal("40.25").compareTo(new BigDecimal(e.get("revenue").n())), u);
    }
    Map<String, AttributeValue> never = StoredEnrolments.item(shared.backend(), campaignId, always);
    assertEquals("0", never.get("purchases").n(), "the dead-lettered purchase is not recorded");
  }
}
