package campaignlift.store;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.RecordingStore;
import campaignlift.recording.UserChange;
import campaignlift.recording.UserRecord;
import campaignlift.recording.UserState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The write path on DynamoDB. Users table: one user item ({@code sk = "U"}) per user — the version
 * every write is conditioned on — and the user's event log ({@code sk = "E#<millis>#<eventId>"},
 * expiring by TTL). Enrolments table: one item per campaign × user under {@code campaignId#shard}.
 * Event-ids table: one dedupe record per event. A commit is one TransactWriteItems call: user items
 * with their version checks, enrolments, log entries and dedupe records with {@code
 * attribute_not_exists}, so a redelivered event cancels the transaction instead of counting.
 */
public final class DynamoRecordingStore implements RecordingStore {
  static final String USER_SK = "U";
  static final String LOG_PREFIX = "E#";

  /**
   * Log entries and dedupe records outlive any window (≤ 365 days) plus its pre-window by a margin.
   */
  static final Duration RETENTION = Duration.ofDays(800);

  private final DynamoDbClient dynamo;
  private final Tables tables;
  private final Clock clock;

  public DynamoRecordingStore(DynamoDbClient dynamo, Tables tables, Clock clock) {
    this.dynamo = dynamo;
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public int maxItemsPerCommit() {
    return 100;
  }

  @Override
  public Map<String, UserState> load(Collection<String> userIds) {
    List<Map<String, AttributeValue>> userKeys = new ArrayList<>();
    for (String id : new HashSet<>(userIds)) {
      userKeys.add(Map.of("userId", s(id), "sk", s(USER_SK)));
    }
    Map<String, UserRecord> users = new HashMap<>();
    for (Map<String, AttributeValue> item : Batches.get(dynamo, tables.users(), userKeys, true)) {
      UserRecord u = Items.user(item);
      users.put(u.userId(), u);
    }
    List<Map<String, AttributeValue>> enrolmentKeys = new ArrayList<>();
    for (String id : userIds) {
      UserRecord u = users.computeIfAbsent(id, UserRecord::absent);
      u.enrolments()
          .forEach(
              (campaignId, ref) ->
                  enrolmentKeys.add(
                      Map.of("pk", s(campaignId + "#" + ref.shard()), "userId", s(id))));
    }
    Map<String, Map<String, Enrolment>> enrolments = new HashMap<>();
    for (Map<String, AttributeValue> item :
        Batches.get(dynamo, tables.enrolments(), enrolmentKeys, true)) {
      Enrolment e = Items.enrolment(item);
      enrolments.computeIfAbsent(e.userId(), k -> new HashMap<>()).put(e.campaignId(), e);
    }
    Map<String, UserState> out = new HashMap<>();
    users.forEach((id, u) -> out.put(id, new UserState(u, enrolments.getOrDefault(id, Map.of()))));
    return out;
  }

  @Override
  public Set<String> recorded(Collection<String> dedupeKeys) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String id : new HashSet<>(dedupeKeys)) {
      keys.add(Map.of("eventId", s(id)));
    }
    Set<String> out = new HashSet<>();
    // Eventually consistent (half the read cost): a record it misses is caught by the commit's
    // attribute_not_exists, and records are never deleted before their TTL.
    for (Map<String, AttributeValue> item : Batches.get(dynamo, tables.eventIds(), keys, false)) {
      out.add(item.get("eventId").s());
    }
    return out;
  }

  @Override
  public List<LoggedEvent> log(String userId) {
    List<LoggedEvent> events = new ArrayList<>();
    dynamo
        .queryPaginator(
            r ->
                r.tableName(tables.users())
                    .consistentRead(true)
                    .keyConditionExpression("#u = :u AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#u", "userId", "#sk", "sk"))
                    .expressionAttributeValues(Map.of(":u", s(userId), ":prefix", s(LOG_PREFIX))))
        .items()
        .forEach(item -> events.add(Items.logged(item)));
    return events;
  }

  @Override
  public void commit(List<UserChange> changes, Set<String> newEventIds) {
    List<TransactWriteItem> writes = new ArrayList<>();
    Map<Integer, String> dedupeAt = new HashMap<>();
    Set<Integer> userAt = new HashSet<>();
    long expires = clock.instant().plus(RETENTION).getEpochSecond();
    for (UserChange c : changes) {
      Put.Builder user = Put.builder().tableName(tables.users()).item(Items.userItem(c.next()));
      if (c.expectedVersion() == 0) {
        user.conditionExpression("attribute_not_exists(#v)")
            .expressionAttributeNames(Map.of("#v", "version"));
      } else {
        user.conditionExpression("#v = :v")
            .expressionAttributeNames(Map.of("#v", "version"))
            .expressionAttributeValues(Map.of(":v", n(c.expectedVersion())));
      }
      userAt.add(writes.size());
      writes.add(TransactWriteItem.builder().put(user.build()).build());
      for (Enrolment e : c.enrolments()) {
        writes.add(put(tables.enrolments(), Items.enrolmentItem(e)));
      }
      for (LoggedEvent e : c.log()) {
        writes.add(put(tables.users(), Items.logItem(c.next().userId(), e, expires)));
      }
    }
    for (String id : newEventIds) {
      dedupeAt.put(writes.size(), id);
      writes.add(
          TransactWriteItem.builder()
              .put(
                  Put.builder()
                      .tableName(tables.eventIds())
                      .item(Map.of("eventId", s(id), "expiresAt", n(expires)))
                      .conditionExpression("attribute_not_exists(eventId)")
                      .build())
              .build());
    }
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      Set<String> duplicates = new HashSet<>();
      List<CancellationReason> reasons =
          e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
      for (int i = 0; i < reasons.size(); i++) {
        if ("ConditionalCheckFailed".equals(reasons.get(i).code()) && dedupeAt.containsKey(i)) {
          duplicates.add(dedupeAt.get(i));
        }
      }
      if (!duplicates.isEmpty()) {
        throw new DuplicateEvents(duplicates);
      }
      // A user's version moved, or another transaction held an item (TransactionConflict): re-read,
      // retry.
      throw new VersionConflict("commit cancelled: " + codes(reasons));
    }
  }

  private static String codes(List<CancellationReason> reasons) {
    List<String> codes = new ArrayList<>();
    reasons.forEach(r -> codes.add(r.code()));
    return codes.toString();
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).build())
        .build();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /**
   * Item ⇄ value mapping of the write path's items: the one definition of their format (the
   * benchmarks' raw baseline writes items through it too).
   */
  public static final class Items {
    private Items() {}

    public static Map<String, AttributeValue> userItem(UserRecord u) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("userId", s(u.userId()));
      item.put("sk", s(USER_SK));
      item.put("version", n(u.version()));
      if (u.firstKnownAt() != null) {
        item.put("firstKnownAt", n(u.firstKnownAt().toEpochMilli()));
      }
      Map<String, AttributeValue> refs = new HashMap<>();
      u.enrolments()
          .forEach(
              (campaignId, ref) ->
                  refs.put(
                      campaignId,
                      AttributeValue.fromM(
                          Map.of(
                              "s", n(ref.shard()),
                              "t", n(ref.t0().toEpochMilli()),
                              "w", n(ref.windowDays())))));
      item.put("enrolments", AttributeValue.fromM(refs));
      return item;
    }

    public static UserRecord user(Map<String, AttributeValue> item) {
      Map<String, UserRecord.EnrolmentRef> refs = new HashMap<>();
      if (item.containsKey("enrolments")) {
        item.get("enrolments")
            .m()
            .forEach(
                (campaignId, v) ->
                    refs.put(
                        campaignId,
                        new UserRecord.EnrolmentRef(
                            Integer.parseInt(v.m().get("s").n()),
                            Instant.ofEpochMilli(Long.parseLong(v.m().get("t").n())),
                            Integer.parseInt(v.m().get("w").n()))));
      }
      return new UserRecord(
          item.get("userId").s(),
          Long.parseLong(item.get("version").n()),
          millis(item.get("firstKnownAt")),
          refs);
    }

    public static Map<String, AttributeValue> logItem(
        String userId, LoggedEvent e, long expiresAt) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("userId", s(userId));
      item.put(
          "sk", s(LOG_PREFIX + String.format("%015d", e.at().toEpochMilli()) + "#" + e.eventId()));
      item.put("eventId", s(e.eventId()));
      item.put("type", s(e.type().wireName()));
      item.put("at", n(e.at().toEpochMilli()));
      item.put("value", AttributeValue.fromN(e.value().toPlainString()));
      item.put("referral", AttributeValue.fromBool(e.referral()));
      item.put("expiresAt", n(Math.max(expiresAt, e.at().plus(RETENTION).getEpochSecond())));
      return item;
    }

    public static LoggedEvent logged(Map<String, AttributeValue> item) {
      return new LoggedEvent(
          item.get("eventId").s(),
          OutcomeType.fromWire(item.get("type").s()),
          Instant.ofEpochMilli(Long.parseLong(item.get("at").n())),
          new BigDecimal(item.get("value").n()),
          item.get("referral").bool());
    }

    public static Map<String, AttributeValue> enrolmentItem(Enrolment e) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("pk", s(e.campaignId() + "#" + e.shard()));
      item.put("userId", s(e.userId()));
      item.put("campaignId", s(e.campaignId()));
      item.put("group", s(e.group()));
      item.put("t0", n(e.t0().toEpochMilli()));
      item.put("windowDays", n(e.windowDays()));
      Map<String, AttributeValue> attrs = new HashMap<>();
      e.attributes().forEach((k, v) -> attrs.put(k, s(v)));
      item.put("attributes", AttributeValue.fromM(attrs));
      item.put("groupsSeen", AttributeValue.fromSs(List.copyOf(e.groupsSeen())));
      item.put("exposures", n(e.exposures()));
      item.put("conflict", AttributeValue.fromBool(e.conflict()));
      if (e.firstKnownAt() != null) {
        item.put("firstKnownAt", n(e.firstKnownAt().toEpochMilli()));
      }
      Counters c = e.counters();
      item.put("signups", n(c.signups()));
      item.put("activity", n(c.activity()));
      item.put("purchases", n(c.purchases()));
      item.put("revenue", AttributeValue.fromN(c.revenue().toPlainString()));
      item.put("preSignups", n(c.preSignups()));
      item.put("preActivity", n(c.preActivity()));
      item.put("prePurchases", n(c.prePurchases()));
      item.put("preRevenue", AttributeValue.fromN(c.preRevenue().toPlainString()));
      item.put("purchasesBeforeEnd", n(c.purchasesBeforeEnd()));
      item.put("purchasesBeforeStart", n(c.purchasesBeforeStart()));
      return item;
    }

    public static Enrolment enrolment(Map<String, AttributeValue> item) {
      String pk = item.get("pk").s();
      Map<String, String> attrs = new HashMap<>();
      item.get("attributes").m().forEach((k, v) -> attrs.put(k, v.s()));
      return new Enrolment(
          item.get("campaignId").s(),
          item.get("userId").s(),
          Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1)),
          item.get("group").s(),
          Instant.ofEpochMilli(Long.parseLong(item.get("t0").n())),
          Integer.parseInt(item.get("windowDays").n()),
          attrs,
          Set.copyOf(item.get("groupsSeen").ss()),
          exposures(item),
          millis(item.get("firstKnownAt")),
          counters(item));
    }

    public static Counters counters(Map<String, AttributeValue> item) {
      return new Counters(
          num(item, "signups"),
          num(item, "activity"),
          num(item, "purchases"),
          new BigDecimal(item.get("revenue").n()),
          num(item, "preSignups"),
          num(item, "preActivity"),
          num(item, "prePurchases"),
          new BigDecimal(item.get("preRevenue").n()),
          num(item, "purchasesBeforeEnd"),
          num(item, "purchasesBeforeStart"));
    }

    /**
     * Distinct exposures: items written before the count existed kept one identity per exposure in
     * {@code exposureKeys}, which the next write replaces by the count.
     */
    private static long exposures(Map<String, AttributeValue> item) {
      AttributeValue count = item.get("exposures");
      if (count != null) {
        return Long.parseLong(count.n());
      }
      AttributeValue keys = item.get("exposureKeys");
      return keys == null ? 1 : keys.ss().size();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
      return Long.parseLong(item.get(name).n());
    }

    private static Instant millis(AttributeValue v) {
      return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }
  }
}
