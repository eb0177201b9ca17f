package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The twin's DynamoDB event source mapping against DynamoDB Local's real stream: the events a
 * function receives, their order, and Lambda's retry, bisect, partial-batch and on-failure
 * behaviour (docs/aggregates.md). The function here is a test double that records what it was
 * handed and fails on cue; the stream, its shards and its sequence numbers are DynamoDB Local's.
 */
class StreamPollerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CATCH_UP = Duration.ofSeconds(10);

  private DynamoDbClient dynamo;
  private String table;
  private StreamMappings mappings;
  private FailedBatches failed;

  /** Every event the function was invoked with, in order. */
  private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void createTable() throws Exception {
    TestBackends shared = TestBackends.get();
    dynamo = shared.backend().dynamo();
    Template.Table enrolments =
        shared.template().tables().stream()
            .filter(t -> t.logicalId().equals("EnrolmentsTable"))
            .findFirst()
            .orElseThrow();
    table = "stream-" + UUID.randomUUID().toString().substring(0, 8);
    // The template's own create request, so this also checks its StreamSpecification is copied.
    dynamo.createTable(enrolments.create().toBuilder().tableName(table).build());
    failed = new FailedBatches(null);
    mappings = new StreamMappings(shared.backends().dynamoEndpoint(), failed, null);
  }

  @AfterEach
  void dropTable() {
    mappings.close();
    dynamo.deleteTable(r -> r.tableName(table));
  }

  @Test
  void putUpdateAndTransactionRecordsArriveWithOldAndNewImagesInAwsShape() throws Exception {
    StreamPoller poller = start(StreamMapping.defaults("Fn", "EnrolmentsTable"), this::accept);
    put("c#0", "alice", 1);
    dynamo.updateItem(
        r ->
            r.tableName(table)
                .key(key("c#0", "alice"))
                .updateExpression("SET n = :n, tags = :t, nested = :m, ok = :b")
                .expressionAttributeValues(
                    Map.of(
                        ":n", AttributeValue.fromN("2"),
                        ":t", AttributeValue.fromSs(List.of("a", "b")),
                        ":m", AttributeValue.fromM(Map.of("x", AttributeValue.fromN("7"))),
                        ":b", AttributeValue.fromBool(true))));
    dynamo.transactWriteItems(
        r ->
            r.transactItems(
                TransactWriteItem.builder()
                    .put(p -> p.tableName(table).item(item("c#0", "bob", 5)))
                    .build(),
                TransactWriteItem.builder()
                    .update(
                        u ->
                            u.tableName(table)
                                .key(key("c#0", "alice"))
                                .updateExpression("SET n = :n")
                                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("3"))))
                    .build()));
    dynamo.deleteItem(r -> r.tableName(table).key(key("c#0", "bob")));
    poller.awaitCaughtUp(CATCH_UP);

    List<JsonNode> records = records();
    Map<String, List<JsonNode>> byUser = new LinkedHashMap<>();
    for (JsonNode r : records) {
      assertEquals("aws:dynamodb", r.path("eventSource").asText());
      assertEquals("1.1", r.path("eventVersion").asText());
      assertTrue(r.path("eventSourceARN").asText().contains("table/" + table + "/stream/"));
      assertFalse(r.path("eventID").asText().isEmpty());
      assertFalse(r.path("awsRegion").asText().isEmpty());
      JsonNode d = r.path("dynamodb");
      assertEquals("NEW_AND_OLD_IMAGES", d.path("StreamViewType").asText());
      assertTrue(d.path("ApproximateCreationDateTime").isNumber());
      assertTrue(d.path("SizeBytes").asInt() > 0);
      assertTrue(d.path("SequenceNumber").asText().matches("\\d+"));
      byUser
          .computeIfAbsent(d.path("Keys").path("userId").path("S").asText(), u -> new ArrayList<>())
          .add(r);
    }
    assertEquals(5, records.size(), records::toString);
    List<JsonNode> alice = byUser.get("alice");
    assertEquals(List.of("INSERT", "MODIFY", "MODIFY"), names(alice));
    assertTrue(alice.get(0).path("dynamodb").path("OldImage").isMissingNode());
    assertEquals("1", alice.get(0).at("/dynamodb/NewImage/n/N").asText());
    assertEquals("c#0", alice.get(0).at("/dynamodb/Keys/pk/S").asText());
    JsonNode modify = alice.get(1).path("dynamodb");
    assertEquals("1", modify.at("/OldImage/n/N").asText());
    assertEquals("2", modify.at("/NewImage/n/N").asText());
    assertEquals(JSON.readTree("{\"SS\":[\"a\",\"b\"]}"), sorted(modify.at("/NewImage/tags")));
    assertEquals(JSON.readTree("{\"M\":{\"x\":{\"N\":\"7\"}}}"), modify.at("/NewImage/nested"));
    assertEquals(JSON.readTree("{\"BOOL\":true}"), modify.at("/NewImage/ok"));
    JsonNode transacted = alice.get(2).path("dynamodb");
    assertEquals("2", transacted.at("/OldImage/n/N").asText());
    assertEquals("3", transacted.at("/NewImage/n/N").asText());
    List<JsonNode> bob = byUser.get("bob");
    assertEquals(List.of("INSERT", "REMOVE"), names(bob));
    assertEquals("5", bob.get(0).at("/dynamodb/NewImage/n/N").asText());
    assertEquals("5", bob.get(1).at("/dynamodb/OldImage/n/N").asText());
    assertTrue(bob.get(1).path("dynamodb").path("NewImage").isMissingNode());
  }

  @Test
  void recordsOfOneKeyArriveInWriteOrderAcrossBatches() throws Exception {
    StreamPoller poller =
        start(StreamMapping.defaults("Fn", "EnrolmentsTable").withBatchSize(7), this::accept);
    int writes = 25;
    for (int n = 1; n <= writes; n++) {
      for (String user : List.of("u1", "u2", "u3")) {
        put("c#" + user.charAt(1), user, n);
      }
    }
    poller.awaitCaughtUp(CATCH_UP);

    Map<String, List<Integer>> seen = new LinkedHashMap<>();
    BigInteger previous = BigInteger.valueOf(-1);
    for (JsonNode r : records()) {
      JsonNode d = r.path("dynamodb");
      BigInteger seq = new BigInteger(d.path("SequenceNumber").asText());
      assertTrue(seq.compareTo(previous) > 0, "sequence numbers rise within the stream");
      previous = seq;
      int n = d.at("/NewImage/n/N").asInt();
      if (n > 1) {
        assertEquals(n - 1, d.at("/OldImage/n/N").asInt(), "each old image is the previous write");
      }
      seen.computeIfAbsent(d.at("/Keys/userId/S").asText(), u -> new ArrayList<>()).add(n);
    }
    List<Integer> expected = new ArrayList<>();
    for (int n = 1; n <= writes; n++) {
      expected.add(n);
    }
    assertEquals(Map.of("u1", expected, "u2", expected, "u3", expected), seen);
    assertTrue(events.stream().allMatch(e -> e.path("Records").size() <= 7), "BatchSize kept");
    assertEquals(3L * writes, poller.counters().recordsAcknowledged());
  }

  @Test
  void theBatchingWindowGathersRecordsWrittenWithinItIntoOneInvocation() throws Exception {
    StreamPoller poller =
        start(StreamMapping.defaults("Fn", "EnrolmentsTable").withBatchingWindow(2), this::accept);
    poller.awaitCaughtUp(CATCH_UP);
    for (int i = 0; i < 4; i++) {
      put("c#0", "user-" + i, i);
    }
    poller.awaitCaughtUp(CATCH_UP);
    assertEquals(1, events.size(), "one invocation for the writes of one window");
    assertEquals(4, events.get(0).path("Records").size());
  }

  @Test
  void startingAtLatestSkipsWhatWasWrittenBefore() throws Exception {
    put("c#0", "before", 1);
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable").withStartingPosition("LATEST"),
            this::accept);
    poller.awaitCaughtUp(CATCH_UP);
    put("c#0", "after", 2);
    poller.awaitCaughtUp(CATCH_UP);
    assertEquals(
        List.of("after"),
        records().stream().map(r -> r.at("/dynamodb/Keys/userId/S").asText()).toList());
  }

  @Test
  void aFailingBatchIsRetriedAndTheCheckpointWaitsForSuccess() throws Exception {
    AtomicReference<StreamPoller> self = new AtomicReference<>();
    List<String> checkpointsDuringCalls = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      put("c#0", "user-" + i, i);
    }
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable"),
            event -> {
              checkpointsDuringCalls.add(String.valueOf(self.get().checkpoints().values()));
              record(event);
              if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("transient failure " + calls.get());
              }
              return new byte[0];
            });
    self.set(poller);
    poller.awaitCaughtUp(CATCH_UP);

    assertEquals(4, events.size(), "three failures, then success");
    for (JsonNode e : events) {
      assertEquals(events.get(0), e, "each retry hands over the same records");
    }
    assertEquals(3, events.get(0).path("Records").size());
    assertEquals(List.of("[null]", "[null]", "[null]", "[null]"), checkpointsDuringCalls);
    String last = events.get(0).at("/Records/2/dynamodb/SequenceNumber").asText();
    assertEquals(List.of(last), List.copyOf(poller.checkpoints().values()));
    assertEquals(3, poller.counters().retries());
    assertEquals(3, poller.counters().recordsAcknowledged());
    assertTrue(failed.all().isEmpty());
  }

  @Test
  void bisectSplitsAFailingBatchUntilTheBadRecordIsAloneAndDiscarded() throws Exception {
    for (int i = 0; i < 8; i++) {
      put("c#0", "user-" + i, i == 5 ? -1 : i);
    }
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable")
                .withBatchSize(8)
                .withRetries(0, true)
                .withOnFailure("StreamFailures"),
            event -> {
              JsonNode e = record(event);
              for (JsonNode r : e.path("Records")) {
                if (r.at("/dynamodb/NewImage/n/N").asInt() < 0) {
                  throw new IllegalStateException("poison record");
                }
              }
              return new byte[0];
            });
    poller.awaitCaughtUp(CATCH_UP);

    List<Integer> sizes = events.stream().map(e -> e.path("Records").size()).toList();
    assertEquals(List.of(8, 4, 4, 2, 1, 1, 2), sizes, "halves first, then halves of halves");
    assertEquals(1, failed.all().size());
    FailedBatch f = failed.all().get(0);
    String poison = events.get(0).at("/Records/5/dynamodb/SequenceNumber").asText();
    assertEquals(1, f.batchSize());
    assertEquals(poison, f.startSequenceNumber());
    assertEquals(poison, f.endSequenceNumber());
    assertEquals(7, poller.counters().recordsAcknowledged());
    assertEquals(3, poller.counters().bisections());
  }

  @Test
  void aPartialBatchResponseRedeliversFromTheLowestFailedRecord() throws Exception {
    for (int i = 0; i < 6; i++) {
      put("c#0", "user-" + i, i);
    }
    AtomicInteger calls = new AtomicInteger();
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable")
                .withBatchSize(6)
                .withReportBatchItemFailures(),
            event -> {
              JsonNode e = record(event);
              if (calls.incrementAndGet() == 1) {
                return failures(
                    e.at("/Records/4/dynamodb/SequenceNumber").asText(),
                    e.at("/Records/2/dynamodb/SequenceNumber").asText());
              }
              return "{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8);
            });
    poller.awaitCaughtUp(CATCH_UP);

    assertEquals(2, events.size());
    assertEquals(
        sequenceNumbers(events.get(0)).subList(2, 6),
        sequenceNumbers(events.get(1)),
        "records from the lowest reported one on are delivered again");
    assertEquals(1, poller.counters().retries(), "a partial failure counts as a failed attempt");
    assertEquals(6, poller.counters().recordsAcknowledged());
  }

  @Test
  void aPartialBatchResponseNamingNoRecordOfTheBatchFailsAllOfIt() throws Exception {
    for (int i = 0; i < 3; i++) {
      put("c#0", "user-" + i, i);
    }
    AtomicInteger calls = new AtomicInteger();
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable").withReportBatchItemFailures(),
            event -> {
              record(event);
              return switch (calls.incrementAndGet()) {
                case 1 -> failures("");
                case 2 -> failures("12345");
                default -> "{}".getBytes(StandardCharsets.UTF_8);
              };
            });
    poller.awaitCaughtUp(CATCH_UP);

    assertEquals(3, events.size());
    assertEquals(events.get(0), events.get(1));
    assertEquals(events.get(0), events.get(2));
    assertEquals(3, events.get(0).path("Records").size());
  }

  @Test
  void exhaustedRetriesGoToTheOnFailureDestinationAndTheShardMovesOn() throws Exception {
    for (int i = 0; i < 3; i++) {
      put("c#0", "poison-" + i, -1);
    }
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable")
                .withRetries(2, false)
                .withOnFailure("StreamFailures"),
            event -> {
              JsonNode e = record(event);
              if (e.at("/Records/0/dynamodb/NewImage/n/N").asInt() < 0) {
                throw new IllegalStateException("cannot fold this record");
              }
              return new byte[0];
            });
    poller.awaitCaughtUp(CATCH_UP);

    assertEquals(3, events.size(), "the first invocation and two retries");
    assertEquals(1, failed.all().size());
    FailedBatch f = failed.all().get(0);
    List<String> seqs = sequenceNumbers(events.get(0));
    assertEquals(3, f.batchSize());
    assertEquals(seqs.get(0), f.startSequenceNumber());
    assertEquals(seqs.get(2), f.endSequenceNumber());
    JsonNode record = JSON.readTree(f.invocationRecord());
    assertEquals("RetryAttemptsExhausted", record.at("/requestContext/condition").asText());
    assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt());
    assertEquals(seqs.get(0), record.at("/DDBStreamBatchInfo/startSequenceNumber").asText());
    assertEquals(seqs.get(2), record.at("/DDBStreamBatchInfo/endSequenceNumber").asText());
    assertEquals(3, record.at("/DDBStreamBatchInfo/batchSize").asInt());
    assertEquals(f.shardId(), record.at("/DDBStreamBatchInfo/shardId").asText());
    assertTrue(record.at("/DDBStreamBatchInfo/streamArn").asText().contains(table));

    put("c#0", "fine", 1);
    poller.awaitCaughtUp(CATCH_UP);
    assertEquals(4, events.size());
    assertEquals("fine", events.get(3).at("/Records/0/dynamodb/Keys/userId/S").asText());
    assertEquals(1, failed.all().size());
  }

  @Test
  void awaitCaughtUpReturnsOnlyOnceTheLastWriteIsAcknowledged() throws Exception {
    Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable").withBatchSize(10),
            event -> {
              JsonNode e = record(event);
              e.path("Records")
                  .forEach(r -> acknowledged.add(r.at("/dynamodb/Keys/userId/S").asText()));
              return new byte[0];
            });
    int writes = 60;
    for (int i = 0; i < writes; i++) {
      put("c#" + (i % 4), "user-" + i, i);
    }
    poller.awaitCaughtUp(CATCH_UP);
    assertEquals(writes, acknowledged.size(), "every write before the call was acknowledged");
    assertEquals(writes, poller.counters().recordsAcknowledged());
  }

  @Test
  void awaitCaughtUpTimesOutWhileAFunctionKeepsFailing() throws Exception {
    CountDownLatch retried = new CountDownLatch(2);
    StreamPoller poller =
        start(
            StreamMapping.defaults("Fn", "EnrolmentsTable"),
            event -> {
              retried.countDown();
              throw new IllegalStateException("always");
            });
    put("c#0", "stuck", 1);
    assertTrue(retried.await(10, TimeUnit.SECONDS), "the failing batch is invoked again");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> poller.awaitCaughtUp(Duration.ofMillis(400)));
    assertTrue(e.getMessage().contains("did not catch up"), e.getMessage());
    assertTrue(poller.counters().retries() > 0);
    assertNull(poller.checkpoints().values().iterator().next());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private StreamPoller start(StreamMapping mapping, Function<byte[], byte[]> function) {
    return mappings.add(mapping, table, function);
  }

  /** The function that succeeds: keeps the event and answers nothing. */
  private byte[] accept(byte[] event) {
    record(event);
    return new byte[0];
  }

  private JsonNode record(byte[] event) {
    try {
      JsonNode e = JSON.readTree(event);
      events.add(e);
      return e;
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }

  private List<JsonNode> records() {
    List<JsonNode> all = new ArrayList<>();
    synchronized (events) {
      events.forEach(e -> e.path("Records").forEach(all::add));
    }
    return all;
  }

  private static List<String> names(List<JsonNode> records) {
    return records.stream().map(r -> r.path("eventName").asText()).toList();
  }

  private static List<String> sequenceNumbers(JsonNode event) {
    List<String> s = new ArrayList<>();
    event.path("Records").forEach(r -> s.add(r.at("/dynamodb/SequenceNumber").asText()));
    return s;
  }

  private static JsonNode sorted(JsonNode set) {
    List<String> values = new ArrayList<>();
    set.path("SS").forEach(v -> values.add(v.asText()));
    Collections.sort(values);
    return JSON.valueToTree(Map.of("SS", values));
  }

  private static byte[] failures(String... sequenceNumbers) {
    var root = JSON.createObjectNode();
    var list = root.putArray("batchItemFailures");
    for (String s : sequenceNumbers) {
      list.addObject().put("itemIdentifier", s);
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void put(String pk, String user, int n) {
    dynamo.putItem(r -> r.tableName(table).item(item(pk, user, n)));
  }

  private static Map<String, AttributeValue> key(String pk, String user) {
    return Map.of("pk", AttributeValue.fromS(pk), "userId", AttributeValue.fromS(user));
  }

  private static Map<String, AttributeValue> item(String pk, String user, int n) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(pk, user));
    item.put("n", AttributeValue.fromN(Integer.toString(n)));
    return item;
  }
}
