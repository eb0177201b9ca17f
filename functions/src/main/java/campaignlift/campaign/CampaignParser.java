package campaignlift.campaign;

import campaignlift.domain.Problem;
import campaignlift.domain.ValueDomain;
import campaignlift.json.FieldReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a {@code PUT /campaigns/{id}} body against every rule of docs/api.md and builds the
 * {@link Campaign}.
 */
public final class CampaignParser {
  static final Set<String> FIELDS =
      Set.of(
          "campaignId",
          "name",
          "startAt",
          "endAt",
          "windowDays",
          "newUserDays",
          "retentionDays",
          "loyaltyPurchases",
          "groups",
          "segmentAttributes",
          "alpha",
          "sequential",
          "cuped",
          "correction",
          "cost",
          "shards");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "weight", "control");

  /** Segment names the evaluator produces itself; an exposure attribute may not shadow them. */
  private static final Set<String> RESERVED_SEGMENTS = Set.of("all", "userType");

  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_SEGMENT_ATTRIBUTES = 5;
  static final int MIN_GROUPS = 2;
  static final int MAX_GROUPS = 10;
  static final int MAX_SHARDS = 256;
  static final double WEIGHT_TOLERANCE = 1e-9;

  private static final String ALPHA_RULE = "must be greater than 0 and less than 0.5";
  private static final String WEIGHT_RULE = "must be greater than 0 and at most 1";
  private static final String COST_RULE =
      "must be a number from 0 to " + ValueDomain.MAX_AMOUNT.toPlainString();

  private CampaignParser() {}

  /**
   * @throws InvalidCampaignException listing every problem when the body breaks any rule
   */
  public static Campaign parse(String campaignId, JsonNode body) {
    List<Problem> problems = new ArrayList<>();
    if (!Identifiers.isValid(campaignId)) {
      problems.add(Problem.of("campaignId", Identifiers.rule()));
    }
    if (body == null || !body.isObject()) {
      problems.add(Problem.of("(body)", "must be a JSON object"));
      throw new InvalidCampaignException(problems);
    }
    FieldReader in = FieldReader.of(body, null, problems);
    in.rejectUnknown(FIELDS);

    String bodyId = in.string("campaignId", false);
    if (bodyId != null && !bodyId.equals(campaignId)) {
      in.problem("campaignId", "must equal the campaign id in the path when given");
    }
    String name = in.string("name", true);
    if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
      in.problem("name", "must be 1-" + MAX_NAME_LENGTH + " characters and not blank");
    }
    Instant startAt = in.instant("startAt", true);
    Instant endAt = in.instant("endAt", false);
    if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
      in.problem("endAt", "must be after startAt");
    }
    int windowDays = in.integer("windowDays", Campaign.DEFAULT_WINDOW_DAYS, 1, 365);
    int newUserDays = in.integer("newUserDays", Campaign.DEFAULT_NEW_USER_DAYS, 1, 3650);
    int retentionDays =
        in.integer(
            "retentionDays",
            Math.min(Campaign.DEFAULT_RETENTION_DAYS, windowDays),
            1,
            Math.max(1, windowDays));
    int loyaltyPurchases =
        in.integer(
            "loyaltyPurchases",
            Campaign.DEFAULT_LOYALTY_PURCHASES,
            1,
            Campaign.MAX_LOYALTY_PURCHASES);
    List<Group> groups = groups(in);
    List<String> segments = segmentAttributes(in);

    double alpha = Campaign.DEFAULT_ALPHA;
    Double a = in.number("alpha", ALPHA_RULE);
    if (a != null) {
      // One-sided sequential p-values are only defined for alpha < 0.5 (docs/statistics.md §5).
      if (a <= 0 || a >= 0.5) {
        in.problem("alpha", ALPHA_RULE);
      } else {
        alpha = a;
      }
    }
    boolean sequential = in.bool("sequential", true);
    boolean cuped = in.bool("cuped", true);
    Correction correction = Correction.BH;
    String c = in.string("correction", false);
    if (c != null) {
      correction = Correction.fromWire(c);
      if (correction == null) {
        in.problem("correction", "must be one of \"bh\", \"holm\", \"none\"");
      }
    }
    Double cost = in.number("cost", COST_RULE);
    if (cost != null && (cost < 0 || cost > ValueDomain.MAX_COST)) {
      in.problem("cost", COST_RULE);
      cost = null;
    }
    int shards = in.integer("shards", Campaign.DEFAULT_SHARDS, 1, MAX_SHARDS);

    if (!problems.isEmpty()) {
      throw new InvalidCampaignException(problems);
    }
    return new Campaign(
        campaignId,
        name,
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

  private static List<Group> groups(FieldReader in) {
    List<JsonNode> items = in.array("groups", true);
    List<Group> groups = new ArrayList<>();
    if (!in.has("groups") || !in.get("groups").isArray()) {
      return groups;
    }
    if (items.size() < MIN_GROUPS || items.size() > MAX_GROUPS) {
      in.problem("groups", "must have between " + MIN_GROUPS + " and " + MAX_GROUPS + " groups");
    }
    Set<String> names = new HashSet<>();
    int controls = 0;
    double total = 0;
    boolean weightsValid = true;
    for (int i = 0; i < items.size(); i++) {
      String path = "groups[" + i + "]";
      FieldReader g = in.nested(items.get(i), path);
      if (!g.isObject()) {
        in.problem(path, "must be an object {name, weight, control?}");
        weightsValid = false;
        continue;
      }
      g.rejectUnknown(GROUP_FIELDS);
      String name = g.string("name", true);
      if (name != null && !Identifiers.isValid(name)) {
        g.problem("name", Identifiers.rule());
      } else if (name != null && !names.add(name)) {
        g.problem("name", "must be unique; \"" + name + "\" is used twice");
      }
      Double weight = g.number("weight", WEIGHT_RULE);
      if (weight == null) {
        if (!g.has("weight")) {
          g.problem("weight", "is required");
        }
        weightsValid = false;
      } else if (weight <= 0 || weight > 1) {
        g.problem("weight", WEIGHT_RULE);
        weightsValid = false;
      } else {
        total += weight;
      }
      boolean control = g.bool("control", false);
      if (control) {
        controls++;
      }
      if (name != null && weight != null) {
        groups.add(new Group(name, weight, control));
      }
    }
    if (controls != 1 && !items.isEmpty()) {
      in.problem(
          "groups", "must have exactly one group with \"control\": true (found " + controls + ")");
    }
    if (weightsValid && !items.isEmpty() && Math.abs(total - 1.0) > WEIGHT_TOLERANCE) {
      in.problem("groups", "weights must sum to 1 (they sum to " + total + ")");
    }
    return groups;
  }

  private static List<String> segmentAttributes(FieldReader in) {
    List<JsonNode> items = in.array("segmentAttributes", false);
    List<String> out = new ArrayList<>();
    if (items.size() > MAX_SEGMENT_ATTRIBUTES) {
      in.problem(
          "segmentAttributes", "must name at most " + MAX_SEGMENT_ATTRIBUTES + " attributes");
    }
    for (int i = 0; i < items.size(); i++) {
      String path = "segmentAttributes[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isTextual() || !Identifiers.isValid(item.asText())) {
        in.problem(path, "must be an attribute name: " + Identifiers.rule());
      } else if (RESERVED_SEGMENTS.contains(item.asText())) {
        in.problem(
            path, "\"" + item.asText() + "\" is a built-in segment and cannot be an attribute");
      } else if (out.contains(item.asText())) {
        in.problem(path, "\"" + item.asText() + "\" is listed twice");
      } else {
        out.add(item.asText());
      }
    }
    return out;
  }
}
