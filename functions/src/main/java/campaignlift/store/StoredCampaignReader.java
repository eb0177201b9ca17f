package campaignlift.store;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignItem;
import campaignlift.campaign.Correction;
import campaignlift.campaign.Group;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnreadableCampaign;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lenient reader of campaign items (docs/stored-data.md). Separate from the API's validator on
 * purpose: whatever an older version, a hand edit or a since-tightened rule left in the table, a
 * read never throws. It ignores unknown fields, fills defaults for missing settings and accepts
 * values the API would refuse but the code can work with (any name length, wider ranges); it
 * refuses only what the service cannot work with safely — a missing or garbled attribute, an
 * instant outside years 1 to 9999, groups that do not make a design — and then answers an {@link
 * UnreadableCampaign} whose reason names the attribute, never its value.
 */
final class StoredCampaignReader {
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
  static final int MAX_WINDOW_DAYS = 3650;
  static final int MAX_NEW_USER_DAYS = 36500;
  static final int MAX_SHARDS = 1024;

  /** Weight sums further than this from 1 would skew assignment; the API is stricter. */
  static final double WEIGHT_TOLERANCE = 1e-6;

  private StoredCampaignReader() {}

  /** Why an item cannot be read; the message is a plain reason without the stored value. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Reads one item of the campaigns table; never throws for what the item holds. */
  static CampaignItem read(Map<String, AttributeValue> item) {
    String id = text(item.get(DynamoCampaignRepository.ID));
    if (id == null) {
      id = "(no id)";
    }
    // Bookkeeping is read one attribute at a time so an unreadable item still tells what it can.
    Long version = tryRead(() -> version(item));
    Instant created = tryRead(() -> instant(item, DynamoCampaignRepository.CREATED, true));
    Instant exposures =
        tryRead(() -> instant(item, DynamoCampaignRepository.EXPOSURES_STARTED, false));
    Instant archived = tryRead(() -> instant(item, DynamoCampaignRepository.ARCHIVED, false));
    JsonNode definition = tryRead(() -> definitionJson(item));
    Integer shards =
        definition == null
            ? null
            : tryRead(() -> integer(definition, "shards", Campaign.DEFAULT_SHARDS, 1, MAX_SHARDS));
    try {
      version(item);
      instant(item, DynamoCampaignRepository.CREATED, true);
      Instant updated = instant(item, DynamoCampaignRepository.UPDATED, true);
      instant(item, DynamoCampaignRepository.EXPOSURES_STARTED, false);
      instant(item, DynamoCampaignRepository.ARCHIVED, false);
      Campaign campaign = campaign(id, definitionJson(item));
      return new StoredCampaign(campaign, version, created, updated, exposures, archived);
    } catch (Unreadable e) {
      return new UnreadableCampaign(
          id, e.getMessage(), version, created, exposures, shards, archived);
    }
  }

  private interface Reading<T> {
    T get();
  }

  private static <T> T tryRead(Reading<T> r) {
    try {
      return r.get();
    } catch (Unreadable e) {
      return null;
    }
  }

  private static String text(AttributeValue v) {
    return v == null ? null : v.s();
  }

  private static long version(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(DynamoCampaignRepository.VERSION);
    if (v == null || v.n() == null) {
      throw new Unreadable("attribute version is missing or not a number");
    }
    try {
      long n = new BigDecimal(v.n()).longValueExact();
      if (n < 1) {
        throw new Unreadable("attribute version is not a positive whole number");
      }
      return n;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Unreadable("attribute version is not a positive whole number");
    }
  }

  private static Instant instant(Map<String, AttributeValue> item, String name, boolean required) {
    AttributeValue v = item.get(name);
    if (v == null) {
      if (required) {
        throw new Unreadable("attribute " + name + " is missing");
      }
      return null;
    }
    return instant(v.s(), "attribute " + name);
  }

  private static Instant instant(String text, String what) {
    if (text == null) {
      throw new Unreadable(what + " is not a string");
    }
    Instant at;
    try {
      at = Instant.parse(text);
    } catch (DateTimeException e) {
      throw new Unreadable(what + " is not an ISO-8601 instant");
    }
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new Unreadable(what + " is outside the years 0001 to 9999");
    }
    return at;
  }

  private static JsonNode definitionJson(Map<String, AttributeValue> item) {
    String json = text(item.get(DynamoCampaignRepository.DEFINITION));
    if (json == null) {
      throw new Unreadable("attribute definition is missing or not a string");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (Exception e) {
      // Jackson's checked and unchecked failures alike (a number too large for it, say).
      throw new Unreadable("attribute definition is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new Unreadable("attribute definition is not a JSON object");
    }
    return node;
  }

  private static Campaign campaign(String id, JsonNode d) {
    JsonNode nameNode = d.path("name");
    if (!nameNode.isTextual()) {
      throw new Unreadable("definition.name is missing or not a string");
    }
    Instant startAt = definitionInstant(d, "startAt", true);
    Instant endAt = definitionInstant(d, "endAt", false);
    int windowDays = integer(d, "windowDays", Campaign.DEFAULT_WINDOW_DAYS, 1, MAX_WINDOW_DAYS);
    int newUserDays =
        integer(d, "newUserDays", Campaign.DEFAULT_NEW_USER_DAYS, 1, MAX_NEW_USER_DAYS);
    // Campaigns stored before these settings existed read with their defaults.
    int retentionDays =
        Math.min(
            integer(d, "retentionDays", Campaign.DEFAULT_RETENTION_DAYS, 1, MAX_WINDOW_DAYS),
            windowDays);
    int loyaltyPurchases =
        integer(
            d,
            "loyaltyPurchases",
            Campaign.DEFAULT_LOYALTY_PURCHASES,
            1,
            Campaign.MAX_LOYALTY_PURCHASES);
    List<Group> groups = groups(d.path("groups"));
    List<String> segments = new ArrayList<>();
    JsonNode s = d.path("segmentAttributes");
    if (!s.isMissingNode() && !s.isNull()) {
      if (!s.isArray()) {
        throw new Unreadable("definition.segmentAttributes is not an array");
      }
      for (JsonNode a : s) {
        if (!a.isTextual()) {
          throw new Unreadable("definition.segmentAttributes holds a value that is not a string");
        }
        if (!segments.contains(a.asText())) {
          segments.add(a.asText());
        }
      }
    }
    double alpha = number(d, "alpha", Campaign.DEFAULT_ALPHA);
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new Unreadable("definition.alpha is not between 0 and 0.5");
    }
    boolean sequential = bool(d, "sequential", true);
    boolean cuped = bool(d, "cuped", true);
    Correction correction = Correction.BH;
    JsonNode c = d.path("correction");
    if (!c.isMissingNode() && !c.isNull()) {
      correction = c.isTextual() ? Correction.fromWire(c.asText()) : null;
      if (correction == null) {
        throw new Unreadable("definition.correction is not one of bh, holm, none");
      }
    }
    Double cost = null;
    if (!d.path("cost").isMissingNode() && !d.path("cost").isNull()) {
      cost = number(d, "cost", 0);
      if (cost < 0) {
        throw new Unreadable("definition.cost is negative");
      }
    }
    int shards = integer(d, "shards", Campaign.DEFAULT_SHARDS, 1, MAX_SHARDS);
    return new Campaign(
        id,
        nameNode.asText(),
        startAt,
        endAt,
        windowDays,
        newUserDays,
        retentionDays,
        loyaltyPurchases,
        groups,
        segments,
        alpha,
        sequential,
        cuped,
        correction,
        cost,
        shards);
  }

  private static Instant definitionInstant(JsonNode d, String field, boolean required) {
    JsonNode v = d.path(field);
    if (v.isMissingNode() || v.isNull()) {
      if (required) {
        throw new Unreadable("definition." + field + " is missing");
      }
      return null;
    }
    return instant(v.isTextual() ? v.asText() : null, "definition." + field);
  }

  private static List<Group> groups(JsonNode items) {
    if (!items.isArray() || items.size() < 2) {
      throw new Unreadable("definition.groups is missing or has fewer than two groups");
    }
    List<Group> groups = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int controls = 0;
    double total = 0;
    for (JsonNode g : items) {
      JsonNode name = g.path("name");
      if (!name.isTextual() || name.asText().isEmpty() || !names.add(name.asText())) {
        throw new Unreadable("definition.groups has a group without a unique name");
      }
      JsonNode w = g.path("weight");
      double weight = w.isNumber() ? finite(w.decimalValue()) : Double.NaN;
      if (!(weight > 0 && weight <= 1)) {
        throw new Unreadable("definition.groups has a weight that is not in (0, 1]");
      }
      JsonNode control = g.path("control");
      if (!control.isMissingNode() && !control.isNull() && !control.isBoolean()) {
        throw new Unreadable("definition.groups has a control flag that is not a boolean");
      }
      controls += control.asBoolean(false) ? 1 : 0;
      total += weight;
      groups.add(new Group(name.asText(), weight, control.asBoolean(false)));
    }
    if (controls != 1) {
      throw new Unreadable("definition.groups does not have exactly one control group");
    }
    if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
      throw new Unreadable("definition.groups weights do not sum to 1");
    }
    return groups;
  }

  private static int integer(JsonNode d, String field, int fallback, int min, int max) {
    JsonNode v = d.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    // Bounds are compared as decimals first, so no huge exponent is ever expanded.
    BigDecimal n = v.isNumber() ? v.decimalValue() : null;
    if (n == null
        || n.compareTo(BigDecimal.valueOf(min)) < 0
        || n.compareTo(BigDecimal.valueOf(max)) > 0
        || n.stripTrailingZeros().scale() > 0) {
      throw new Unreadable(
          "definition." + field + " is not a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  private static double number(JsonNode d, String field, double fallback) {
    JsonNode v = d.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    double x = v.isNumber() ? finite(v.decimalValue()) : Double.NaN;
    if (Double.isNaN(x)) {
      throw new Unreadable("definition." + field + " is not a finite number");
    }
    return x;
  }

  /** The double value of a decimal of sane magnitude, else NaN. */
  private static double finite(BigDecimal n) {
    if (n.abs().compareTo(BigDecimal.valueOf(1e15)) > 0) {
      return Double.NaN;
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonNode d, String field, boolean fallback) {
    JsonNode v = d.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new Unreadable("definition." + field + " is not a boolean");
    }
    return v.asBoolean();
  }
}
