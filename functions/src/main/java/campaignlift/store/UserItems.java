package campaignlift.store;

import static campaignlift.store.AttributeValues.intOf;
import static campaignlift.store.AttributeValues.longOf;
import static campaignlift.store.AttributeValues.millisOrNull;
import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.recording.LoggedEvent;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyKind;
import campaignlift.recording.UserRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The users table's items ⇄ values: one user item per user ({@code sk = "U"}: the version every
 * write is conditioned on, and a reference to each of the user's enrolments) and the user's event
 * log ({@code sk = "E#<millis>#<eventId>"}, expiring by TTL). The one definition of their format;
 * the write path, the benchmarks' raw baseline and the item-size tests all build items here
 * (docs/write-path.md).
 */
public final class UserItems {
  /** The sort key of the user item. */
  public static final String USER_SK = "U";

  /** The sort-key prefix of the event log's entries. */
  public static final String LOG_PREFIX = "E#";

  private UserItems() {}

  /** The key of {@code userId}'s user item. */
  public static Map<String, AttributeValue> key(String userId) {
    return Map.of("userId", s(userId), "sk", s(USER_SK));
  }

  public static Map<String, AttributeValue> userItem(UserRecord u) {
    Map<String, AttributeValue> item = new HashMap<>(key(u.userId()));
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
                          intOf(v.m().get("s")),
                          Instant.ofEpochMilli(longOf(v.m().get("t"))),
                          intOf(v.m().get("w")))));
    }
    return new UserRecord(
        item.get("userId").s(),
        longOf(item.get("version")),
        millisOrNull(item.get("firstKnownAt")),
        refs);
  }

  /**
   * A log entry, kept until {@code expiresAt} (epoch seconds) or {@link
   * DynamoRecordingStore#RETENTION} after the event, whichever is later.
   */
  public static Map<String, AttributeValue> logItem(String userId, LoggedEvent e, long expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("userId", s(userId));
    item.put("sk", s(LOG_PREFIX + millis15(e.at().toEpochMilli()) + "#" + e.eventId()));
    item.put("eventId", s(e.eventId()));
    item.put("type", s(e.type().wireName()));
    item.put("at", n(e.at().toEpochMilli()));
    item.put("value", n(e.value()));
    item.put("referral", AttributeValue.fromBool(e.referral()));
    if (e.survey() != null) {
      item.put("survey", s(e.survey().wireName()));
      item.put("score", n(e.score()));
    }
    item.put(
        "expiresAt",
        n(Math.max(expiresAt, e.at().plus(DynamoRecordingStore.RETENTION).getEpochSecond())));
    return item;
  }

  /**
   * Epoch millis as 15 digits, zero-padded so that log keys sort by time (what {@code
   * String.format("%015d")} wrote, without parsing a format string on every write). Instants of the
   * value domain are never negative.
   */
  static String millis15(long millis) {
    String digits = Long.toString(millis);
    return digits.length() >= 15 ? digits : "0".repeat(15 - digits.length()) + digits;
  }

  /**
   * A log entry read back. The survey attributes are read leniently (docs/stored-data.md): an entry
   * written before they existed has none, and a survey entry whose {@code survey} or {@code score}
   * cannot be read keeps its place in the log with neither, so it counts towards nothing instead of
   * failing every later write that reads the user's log.
   */
  public static LoggedEvent logged(Map<String, AttributeValue> item) {
    OutcomeType type = OutcomeType.fromWire(item.get("type").s());
    SurveyKind survey = null;
    Integer score = null;
    if (type == OutcomeType.SURVEY) {
      survey = SurveyKind.fromWire(stringOrNull(item.get("survey")));
      score = survey == null ? null : scoreOrNull(item.get("score"), survey);
      survey = score == null ? null : survey;
    }
    return new LoggedEvent(
        item.get("eventId").s(),
        type,
        Instant.ofEpochMilli(longOf(item.get("at"))),
        new BigDecimal(item.get("value").n()),
        item.get("referral").bool(),
        survey,
        score);
  }

  private static String stringOrNull(AttributeValue v) {
    return v == null ? null : v.s();
  }

  /** A stored score on {@code kind}'s scale, or null when absent or not one. */
  static Integer scoreOrNull(AttributeValue v, SurveyKind kind) {
    if (v == null || v.n() == null) {
      return null;
    }
    try {
      int score = Integer.parseInt(v.n());
      return kind.accepts(score) ? score : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
