package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.aggregate.Checkpoint;
import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignItem;
import campaignlift.campaign.CampaignParser;
import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.AggregateSource;
import campaignlift.evaluation.CampaignCells;
import campaignlift.json.Json;
import campaignlift.queue.IngestMessage;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.UserRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The canned answers of priming go through the real SDK clients — marshalling, signing, the
 * response handlers and the clients' own checks (SQS's MD5 digests, S3's ETag) — against endpoints
 * where nothing listens, so any call that escaped priming would fail to connect; with priming off
 * the calls do reach the network.
 */
class PrimingHttpClientTest {
  private static final Tables TABLES =
      new Tables("Campaigns", "Users", "Enrolments", "EventIds", "Results", "Aggregates", "bucket");

  private static String closedEndpoint;
  private Backend backend;

  @BeforeAll
  static void regionAndCredentials() throws IOException {
    // The SDK's own chains read these; nothing is ever sent with them.
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "priming");
    System.setProperty("aws.secretAccessKey", "priming");
    closedEndpoint = "http://127.0.0.1:" + closedPort();
  }

  @AfterAll
  static void clear() {
    System.clearProperty("aws.region");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @BeforeEach
  void primingBackend() {
    backend =
        Backend.create(TABLES, closedEndpoint, closedEndpoint, null)
            .withQueues(
                Queues.of(
                    closedEndpoint,
                    Map.of(
                        "DEAD_QUEUE_URL", closedEndpoint + "/000000000000/dead",
                        "WORK_QUEUE_URL", closedEndpoint + "/000000000000/work"),
                    null))
            .withEvents(EventBridgeEvents.of(closedEndpoint, null));
    backend.priming().start();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void getItemAnswersTheRegisteredCampaignAsItsRepositoryReadsIt() {
    StoredCampaign stored = campaign("primed");
    backend.priming().campaign(stored);
    DynamoCampaignRepository campaigns =
        new DynamoCampaignRepository(backend.dynamo(), TABLES.campaigns());

    Optional<CampaignItem> read = campaigns.read("primed");

    StoredCampaign back = assertInstanceOf(StoredCampaign.class, read.orElseThrow());
    assertEquals(stored.campaign(), back.campaign());
    assertEquals(2, back.version());
    assertEquals(stored.exposuresStartedAt(), back.exposuresStartedAt());
    assertTrue(campaigns.read("never-registered").isEmpty(), "an unknown key has no item");
  }

  @Test
  void readsFindNothingAndWritesSucceedButThePrimingsFirstTransaction() {
    var dynamo = backend.dynamo();
    Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("u1"));
    var batch =
        dynamo.batchGetItem(
            r ->
                r.requestItems(
                    Map.of(
                        TABLES.users(), KeysAndAttributes.builder().keys(List.of(key)).build())));
    assertEquals(List.of(), batch.responses().get(TABLES.users()));
    assertTrue(batch.unprocessedKeys().isEmpty());
    assertEquals(0, usersQuery("u1"));
    assertTrue(dynamo.scan(r -> r.tableName(TABLES.campaigns())).items().isEmpty());
    TransactWriteItem put =
        TransactWriteItem.builder()
            .put(Put.builder().tableName(TABLES.users()).item(key).build())
            .build();
    // The first transaction of a priming is cancelled by a conflict, as DynamoDB cancels one when
    // another transaction holds an item: the writers' retry path is primed too. The next succeeds.
    TransactionCanceledException conflict =
        assertThrows(
            TransactionCanceledException.class,
            () -> dynamo.transactWriteItems(r -> r.transactItems(put, put)));
    assertEquals(
        List.of("TransactionConflict", "None"),
        conflict.cancellationReasons().stream().map(CancellationReason::code).toList());
    dynamo.transactWriteItems(r -> r.transactItems(put));
    dynamo.transactWriteItems(r -> r.transactItems(put));
    // Once per priming: started again, the first is cancelled again.
    backend.priming().stop();
    backend.priming().start();
    assertThrows(
        TransactionCanceledException.class,
        () -> dynamo.transactWriteItems(r -> r.transactItems(put)));
    dynamo.putItem(r -> r.tableName(TABLES.users()).item(key));
    dynamo.deleteItem(r -> r.tableName(TABLES.users()).key(key));
  }

  @Test
  void anEnrolledUserIsFoundAsTheWritePathReadsThem() {
    StoredCampaign stored = campaign("primed");
    Enrolment e = enrolment(stored, 3);
    UserRecord user =
        new UserRecord(
            e.userId(),
            4,
            e.firstKnownAt(),
            Map.of("primed", new UserRecord.EnrolmentRef(e.shard(), e.t0(), e.windowDays())));
    backend.priming().enrolled(user, e);
    var batch =
        backend
            .dynamo()
            .batchGetItem(
                r ->
                    r.requestItems(
                        Map.of(
                            TABLES.users(),
                            KeysAndAttributes.builder()
                                .keys(List.of(UserItems.key(e.userId()), UserItems.key("absent")))
                                .build(),
                            TABLES.enrolments(),
                            KeysAndAttributes.builder()
                                .keys(List.of(EnrolmentItems.key("primed", e.shard(), e.userId())))
                                .build())));
    assertEquals(
        List.of(user),
        batch.responses().get(TABLES.users()).stream().map(UserItems::user).toList());
    assertEquals(
        List.of(e),
        batch.responses().get(TABLES.enrolments()).stream()
            .map(EnrolmentItems::enrolment)
            .toList());
  }

  @Test
  void theSampleAggregatesReadAsTheEvaluationReadsThem() {
    StoredCampaign stored = campaign("primed");
    CampaignCells.Settings settings = CampaignCells.Settings.of(stored.campaign());
    CampaignCells base = new CampaignCells();
    CampaignCells partial = new CampaignCells();
    for (int i = 0; i < 6; i++) {
      (i < 4 ? base : partial).add(enrolment(stored, i), settings, 1);
    }
    Instant folded = Instant.parse("2025-02-01T00:00:00Z");
    backend.priming().aggregates("primed", 4, base, partial, folded);

    AggregateSource.Aggregates read =
        new DynamoAggregates(backend.dynamo(), TABLES.aggregates(), Clock.systemUTC())
            .read("primed")
            .orElseThrow(() -> new AssertionError("the sample campaign reads as seeded"));

    CampaignCells expected = new CampaignCells();
    expected.merge(base);
    expected.merge(partial);
    assertFalse(read.cells().isZero());
    assertEquals(List.of(), read.cells().differences(expected, 5), "base and partial, merged");
    assertEquals(folded.toString(), read.freshness().foldedAt());
    // Every write shard has its checkpoint, so a stream sample folds over one as most folds do.
    DynamoAggregates store =
        new DynamoAggregates(backend.dynamo(), TABLES.aggregates(), Clock.systemUTC());
    for (int shard = 0; shard < 4; shard++) {
      Checkpoint ck = store.checkpoint("primed", shard).orElseThrow();
      assertEquals(BigInteger.ONE, ck.lastSeq());
      assertEquals(shard == 0 ? 1 : 0, ck.parts());
    }
    assertTrue(store.checkpoint("primed", 4).isEmpty());
    assertTrue(
        new DynamoAggregates(backend.dynamo(), TABLES.aggregates(), Clock.systemUTC())
            .read("never-registered")
            .isEmpty());
  }

  @Test
  void queriesFindWhatWasPutToARememberedTableNewestFirstWhenAsked() {
    backend.priming().rememberPuts(TABLES.results(), "campaignId");
    var dynamo = backend.dynamo();
    for (String at : List.of("2025-01-01", "2025-01-02", "2025-01-03")) {
      dynamo.putItem(
          r ->
              r.tableName(TABLES.results())
                  .item(
                      Map.of(
                          "campaignId", AttributeValue.fromS("c1"),
                          "evaluatedAt", AttributeValue.fromS(at))));
    }
    dynamo.putItem(
        r ->
            r.tableName(TABLES.results())
                .item(
                    Map.of(
                        "campaignId", AttributeValue.fromS("c2"),
                        "evaluatedAt", AttributeValue.fromS("2025-01-01"))));
    dynamo.putItem(
        r -> r.tableName(TABLES.users()).item(Map.of("userId", AttributeValue.fromS("u"))));

    var newest =
        dynamo.query(
            r ->
                r.tableName(TABLES.results())
                    .keyConditionExpression("#c = :c")
                    .expressionAttributeNames(Map.of("#c", "campaignId"))
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("c1")))
                    .scanIndexForward(false)
                    .limit(2));
    assertEquals(
        List.of("2025-01-03", "2025-01-02"),
        newest.items().stream().map(i -> i.get("evaluatedAt").s()).toList());
    var after =
        dynamo.query(
            r ->
                r.tableName(TABLES.results())
                    .keyConditionExpression("campaignId = :c AND begins_with(evaluatedAt, :d)")
                    .expressionAttributeValues(
                        Map.of(
                            ":c",
                            AttributeValue.fromS("c1"),
                            ":d",
                            AttributeValue.fromS("2025-01-0"))));
    assertEquals(3, after.count());
    assertEquals(0, usersQuery("u"), "puts to a table not remembered are not found");
  }

  @Test
  void aScanOfTheCampaignsFindsTheRegisteredCampaignOnce() {
    StoredCampaign stored = campaign("primed");
    backend.priming().campaign(stored);
    backend.priming().campaign(stored);
    DynamoCampaignRepository campaigns =
        new DynamoCampaignRepository(backend.dynamo(), TABLES.campaigns());

    var page = campaigns.list(10, null, false);

    assertEquals(List.of("primed"), page.items().stream().map(StoredCampaign::campaignId).toList());
  }

  @Test
  void aDraftsAggregatesMarkedSeededAgainFailTheConditionAsInDynamoDb() {
    // A campaign changed before its first exposure marks its aggregates seeded again: DynamoDB
    // finds the condition false, the store reports "already", and the change goes on (the path the
    // campaigns function's sample takes).
    StoredCampaign stored = campaign("draft");
    Instant created = Instant.parse("2025-01-02T00:00:00Z");
    backend.priming().draft(stored, created);
    DynamoAggregates aggregates =
        new DynamoAggregates(
            backend.dynamo(), TABLES.aggregates(), Clock.fixed(created, ZoneOffset.UTC));

    assertFalse(aggregates.markSeededIfAbsent("draft"), "marked seeded at its creation");
    assertTrue(aggregates.markSeededIfAbsent("never-registered"), "no item: the update succeeds");
    assertTrue(
        new DynamoCampaignRepository(backend.dynamo(), TABLES.campaigns())
            .read("draft")
            .isPresent(),
        "the draft is found");
  }

  @Test
  void s3TakesPutsAndAnswersOnlyTheRegisteredObjects() {
    byte[] content = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    PutObjectResponse put =
        backend
            .s3()
            .putObject(r -> r.bucket("bucket").key("k.json"), RequestBody.fromBytes(content));
    assertTrue(put.eTag().startsWith("\"") && put.eTag().length() > 2, put.eTag());
    assertThrows(
        NoSuchKeyException.class,
        () -> backend.s3().getObjectAsBytes(r -> r.bucket("bucket").key("k.json")));
    backend.priming().object("bucket", "imports/x.jsonl", content);
    assertArrayEquals(
        content,
        backend.s3().getObjectAsBytes(r -> r.bucket("bucket").key("imports/x.jsonl")).asByteArray(),
        "a registered object is answered");
    assertEquals(
        Instant.parse("2026-03-01T00:00:00Z"),
        backend
            .s3()
            .getObjectAsBytes(r -> r.bucket("bucket").key("imports/x.jsonl"))
            .response()
            .lastModified(),
        "with its date, as S3 answers");
    S3ObjectStore store = new S3ObjectStore(backend, "bucket");
    assertTrue(store.get("absent").isEmpty());
    new S3Objects(backend.s3()).delete("bucket", "k.json");
  }

  @Test
  void s3AsConfiguredInAwsIsAnsweredToo() {
    // No endpoint override: flexible checksums as in AWS (the body may travel aws-chunked with a
    // trailing checksum); the region's real endpoint is never reached while priming.
    try (S3Client s3 = backend.setup().configure(S3Client.builder()).build()) {
      s3.putObject(r -> r.bucket("bucket").key("k.json"), RequestBody.fromString("{\"a\":1}"));
      backend.priming().object("bucket", "imports/y.jsonl", new byte[] {'{', '}'});
      assertEquals(
          "{}",
          s3.getObjectAsBytes(r -> r.bucket("bucket").key("imports/y.jsonl")).asUtf8String(),
          "virtual-hosted addressing finds the registered object too");
      assertThrows(
          NoSuchKeyException.class,
          () -> s3.getObjectAsBytes(r -> r.bucket("bucket").key("k.json")));
    }
  }

  @Test
  void sqsAcceptsMessagesWithTheDigestsItsClientChecks() {
    // The SQS client compares the MD5 of each body and of the attributes with the answer's.
    backend.queues().queue("WORK_QUEUE_URL").send(List.of("{\"n\":1}", "{\"n\":2}", "ü"));
    new SqsDeadLetters(backend.queues(), "DEAD_QUEUE_URL")
        .send(
            "{\"bad\":true}",
            Map.of(
                "kind",
                IngestMessage.Attribute.string("outcomes"),
                "blob",
                new IngestMessage.Attribute("Binary", null, "AAEC")));
  }

  @Test
  void eventBridgeAcceptsEveryEntry() {
    PutEventsResponse response =
        backend
            .events()
            .client()
            .putEvents(
                r ->
                    r.entries(
                        List.of(
                            PutEventsRequestEntry.builder()
                                .source("s")
                                .detailType("d")
                                .detail("{}")
                                .build(),
                            PutEventsRequestEntry.builder()
                                .source("s")
                                .detailType("d")
                                .detail("{}")
                                .build())));
    assertEquals(0, response.failedEntryCount());
    assertEquals(2, response.entries().size());
  }

  @Test
  void secretsManagerAnswersThePrimingSecret() {
    assertEquals(PrimingResponses.SECRET, new SecretsManagerSecret("shopify", backend).secret());
  }

  @Test
  void offTheCallsReachTheNetwork() throws Exception {
    backend.priming().stop();
    PrimingResponses responses = backend.priming();
    try (PrimingHttpClient client =
        new PrimingHttpClient(UrlConnectionHttpClient.create(), responses)) {
      HttpExecuteRequest get =
          HttpExecuteRequest.builder()
              .request(
                  SdkHttpFullRequest.builder()
                      .uri(URI.create(closedEndpoint + "/bucket/key"))
                      .method(SdkHttpMethod.GET)
                      .build())
              .build();
      assertThrows(ConnectException.class, () -> client.prepareRequest(get).call());
      responses.start();
      assertEquals(404, client.prepareRequest(get).call().httpResponse().statusCode());
    }
  }

  @Test
  void aBackendOnClientsBuiltElsewhereRefusesToPrime() {
    try (Backend plain = new Backend(backend.dynamo(), backend.s3(), backend.presigner(), TABLES)) {
      assertThrows(IllegalStateException.class, () -> plain.priming().start());
    }
  }

  private static StoredCampaign campaign(String id) {
    Campaign c =
        CampaignParser.parse(
            id,
            Json.MAPPER.valueToTree(
                Map.of(
                    "name", "Primed",
                    "startAt", "2025-01-01T00:00:00Z",
                    "groups",
                        List.of(
                            Map.of("name", "control", "weight", 0.5, "control", true),
                            Map.of("name", "treated", "weight", 0.5)))));
    Instant at = Instant.parse("2025-01-02T00:00:00Z");
    return new StoredCampaign(c, 2, at, at, at, null);
  }

  /** How many items a Query of user {@code userId} in the users table finds. */
  private int usersQuery(String userId) {
    return backend
        .dynamo()
        .query(
            r ->
                r.tableName(TABLES.users())
                    .keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
        .count();
  }

  /** An enrolment of {@code stored}'s campaign with a purchase for every second user. */
  private static Enrolment enrolment(StoredCampaign stored, int i) {
    Campaign c = stored.campaign();
    String group = c.groups().get(i % 2).name();
    Instant t0 = c.startAt().plusSeconds(3600L * i);
    Counters counters =
        new Counters(
            0, i, i % 2, BigDecimal.valueOf(10L * (i % 2)), 0, 0, 0, BigDecimal.ZERO, i % 2, 0);
    return new Enrolment(
        c.campaignId(),
        "u" + i,
        0,
        group,
        t0,
        c.windowDays(),
        Map.of(),
        Set.of(group),
        1,
        t0,
        counters);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
