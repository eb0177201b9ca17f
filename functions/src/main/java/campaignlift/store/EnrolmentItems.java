package campaignlift.store;

import static campaignlift.store.AttributeValues.intOf;
import static campaignlift.store.AttributeValues.longOf;
import static campaignlift.store.AttributeValues.millisOrNull;
import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.domain.ValueDomain;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.SurveyAnswer;
import campaignlift.recording.SurveyKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The enrolments table's items ⇄ {@link Enrolment}: one item per campaign × user under the
 * partition {@code campaignId#shard}, holding the assignment and the counters the evaluation sums.
 * The one definition of their format; the write path, the evaluation's reader, the benchmarks' raw
 * baseline and the item-size tests all go through it (docs/write-path.md).
 */
public final class EnrolmentItems {
  private EnrolmentItems() {}

  /** The partition key value of one write shard of a campaign. */
  public static String partition(String campaignId, int shard) {
    return campaignId + "#" + shard;
  }

  /** The key of one user's enrolment in a campaign's write shard. */
  public static Map<String, AttributeValue> key(String campaignId, int shard, String userId) {
    return Map.of("pk", s(partition(campaignId, shard)), "userId", s(userId));
  }

  public static Map<String, AttributeValue> item(Enrolment e) {
    Map<String, AttributeValue> item = new HashMap<>(key(e.campaignId(), e.shard(), e.userId()));
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
    item.put("revenue", n(c.revenue()));
    item.put("preSignups", n(c.preSignups()));
    item.put("preActivity", n(c.preActivity()));
    item.put("prePurchases", n(c.prePurchases()));
    item.put("preRevenue", n(c.preRevenue()));
    item.put("purchasesBeforeEnd", n(c.purchasesBeforeEnd()));
    item.put("purchasesBeforeStart", n(c.purchasesBeforeStart()));
    putLoyalty(item, c.loyalty());
    return item;
  }

  /**
   * The loyalty counters: two counts always, each register only when set (instants as epoch millis,
   * answers as {@code {at, eventId, score}}), so an item stays far inside its bound
   * (docs/write-path.md) and every number within DynamoDB's 38 digits.
   */
  private static void putLoyalty(Map<String, AttributeValue> item, LoyaltyCounters l) {
    item.put("cancellations", n(l.cancellations()));
    item.put("preCancellations", n(l.preCancellations()));
    putInstant(item, "lastActiveAt", l.lastActiveAt());
    putInstant(item, "preLastActiveAt", l.preLastActiveAt());
    putAnswer(item, "nps", l.nps());
    putAnswer(item, "csat", l.csat());
    putAnswer(item, "npsBefore", l.npsBefore());
    putInstant(item, "firstPurchaseAt", l.firstPurchaseAt());
    putInstant(item, "secondPurchaseAt", l.secondPurchaseAt());
  }

  private static void putInstant(Map<String, AttributeValue> item, String name, Instant at) {
    if (at != null) {
      item.put(name, n(at.toEpochMilli()));
    }
  }

  private static void putAnswer(Map<String, AttributeValue> item, String name, SurveyAnswer a) {
    if (a != null) {
      item.put(
          name,
          AttributeValue.fromM(
              Map.of(
                  "at", n(a.at().toEpochMilli()),
                  "eventId", s(a.eventId()),
                  "score", n(a.score()))));
    }
  }

  /**
   * The loyalty counters read leniently (docs/stored-data.md): an item written before they existed
   * has none and reads as {@link LoyaltyCounters#NONE}; an attribute that cannot be read (wrong
   * type, not a whole number, an instant outside the value domain, a score off its scale) reads as
   * absent, so one bad attribute never stops the user's later writes or the evaluation.
   */
  static LoyaltyCounters loyalty(Map<String, AttributeValue> item) {
    return new LoyaltyCounters(
        count(item.get("cancellations")),
        count(item.get("preCancellations")),
        instant(item.get("lastActiveAt")),
        instant(item.get("preLastActiveAt")),
        answer(item.get("nps"), SurveyKind.NPS),
        answer(item.get("csat"), SurveyKind.CSAT),
        answer(item.get("npsBefore"), SurveyKind.NPS),
        instant(item.get("firstPurchaseAt")),
        instant(item.get("secondPurchaseAt")));
  }

  private static long count(AttributeValue v) {
    Long n = wholeOrNull(v);
    return n == null || n < 0 ? 0 : n;
  }

  private static Instant instant(AttributeValue v) {
    Long millis = wholeOrNull(v);
    if (millis == null
        || millis < ValueDomain.EARLIEST.toEpochMilli()
        || millis > ValueDomain.LATEST.toEpochMilli()) {
      return null;
    }
    return Instant.ofEpochMilli(millis);
  }

  private static SurveyAnswer answer(AttributeValue v, SurveyKind kind) {
    if (v == null || !v.hasM()) {
      return null;
    }
    Map<String, AttributeValue> m = v.m();
    Instant at = instant(m.get("at"));
    AttributeValue eventId = m.get("eventId");
    Integer score = UserItems.scoreOrNull(m.get("score"), kind);
    if (at == null || eventId == null || eventId.s() == null || score == null) {
      return null;
    }
    return new SurveyAnswer(at, eventId.s(), score);
  }

  private static Long wholeOrNull(AttributeValue v) {
    if (v == null || v.n() == null) {
      return null;
    }
    try {
      return Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      return null;
    }
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
        Instant.ofEpochMilli(longOf(item.get("t0"))),
        intOf(item.get("windowDays")),
        attrs,
        Set.copyOf(item.get("groupsSeen").ss()),
        exposures(item),
        millisOrNull(item.get("firstKnownAt")),
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
        num(item, "purchasesBeforeStart"),
        loyalty(item));
  }

  /**
   * Distinct exposures: items written before the count existed kept one identity per exposure in
   * {@code exposureKeys}, which the next write replaces by the count.
   */
  private static long exposures(Map<String, AttributeValue> item) {
    AttributeValue count = item.get("exposures");
    if (count != null) {
      return longOf(count);
    }
    AttributeValue keys = item.get("exposureKeys");
    return keys == null ? 1 : keys.ss().size();
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    return longOf(item.get(name));
  }
}
