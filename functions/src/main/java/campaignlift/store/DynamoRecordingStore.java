package campaignlift.store;

import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.RecordingStore;
import campaignlift.recording.UserChange;
import campaignlift.recording.UserRecord;
import campaignlift.recording.UserState;
import java.time.Clock;
import java.time.Duration;
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
 * The write path on DynamoDB. Users table: one user item per user — the version every write is
 * conditioned on — and the user's event log ({@link UserItems}). Enrolments table: one item per
 * campaign × user ({@link EnrolmentItems}). Event-ids table: one dedupe record per event ({@link
 * DedupeItems}). A commit is one TransactWriteItems call: user items with their version checks,
 * enrolments, log entries and dedupe records with {@code attribute_not_exists}, so a redelivered
 * event cancels the transaction instead of counting.
 */
public record DynamoRecordingStore(DynamoDbClient dynamo, Tables tables, Clock clock)
    implements RecordingStore {
  /**
   * Log entries and dedupe records outlive any window (≤ 365 days) plus its pre-window by a margin.
   */
  public static final Duration RETENTION = Duration.ofDays(800);

  @Override
  public int maxItemsPerCommit() {
    return 100;
  }

  @Override
  public Map<String, UserState> load(Collection<String> userIds) {
    List<Map<String, AttributeValue>> userKeys = new ArrayList<>();
    for (String id : new HashSet<>(userIds)) {
      userKeys.add(UserItems.key(id));
    }
    Map<String, UserRecord> users = new HashMap<>();
    for (Map<String, AttributeValue> item : Batches.get(dynamo, tables.users(), userKeys, true)) {
      UserRecord u = UserItems.user(item);
      users.put(u.userId(), u);
    }
    List<Map<String, AttributeValue>> enrolmentKeys = new ArrayList<>();
    for (String id : userIds) {
      UserRecord u = users.computeIfAbsent(id, UserRecord::absent);
      u.enrolments()
          .forEach(
              (campaignId, ref) ->
                  enrolmentKeys.add(EnrolmentItems.key(campaignId, ref.shard(), id)));
    }
    Map<String, Map<String, Enrolment>> enrolments = new HashMap<>();
    for (Map<String, AttributeValue> item :
        Batches.get(dynamo, tables.enrolments(), enrolmentKeys, true)) {
      Enrolment e = EnrolmentItems.enrolment(item);
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
      keys.add(DedupeItems.key(id));
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
                    .expressionAttributeValues(
                        Map.of(":u", s(userId), ":prefix", s(UserItems.LOG_PREFIX))))
        .items()
        .forEach(item -> events.add(UserItems.logged(item)));
    return events;
  }

  @Override
  public void commit(List<UserChange> changes, Set<String> newEventIds) {
    List<TransactWriteItem> writes = new ArrayList<>();
    Map<Integer, String> dedupeAt = new HashMap<>();
    Set<Integer> userAt = new HashSet<>();
    long expires = clock.instant().plus(RETENTION).getEpochSecond();
    for (UserChange c : changes) {
      Put.Builder user = Put.builder().tableName(tables.users()).item(UserItems.userItem(c.next()));
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
        writes.add(put(tables.enrolments(), EnrolmentItems.item(e)));
      }
      for (LoggedEvent e : c.log()) {
        writes.add(put(tables.users(), UserItems.logItem(c.next().userId(), e, expires)));
      }
    }
    for (String id : newEventIds) {
      dedupeAt.put(writes.size(), id);
      writes.add(
          TransactWriteItem.builder()
              .put(
                  Put.builder()
                      .tableName(tables.eventIds())
                      .item(DedupeItems.item(id, expires))
                      .conditionExpression(DedupeItems.NOT_RECORDED)
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
}
