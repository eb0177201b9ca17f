package campaignlift.recording;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Identifiers;
import campaignlift.domain.ValueDomain;
import campaignlift.http.ApiException;
import campaignlift.http.FieldReader;
import campaignlift.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates exposure and outcome batches (docs/api.md). A batch with any bad record is rejected
 * whole, listing every bad record by index and field, before anything is written.
 */
public final class BatchParser {
  public static final int MAX_RECORDS = 1000;

  /**
   * docs/api.md: {@code at} more than 5 minutes in the future is invalid (clock skew allowance).
   */
  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  public static final int MAX_ATTRIBUTES = 20;
  public static final int MAX_ATTRIBUTE_VALUE = 256;

  private static final Set<String> EXPOSURE_FIELDS =
      Set.of("userId", "at", "group", "attributes", "userCreatedAt");
  private static final Set<String> OUTCOME_FIELDS =
      Set.of("eventId", "userId", "type", "at", "value", "referredBy");

  private BatchParser() {}

  /**
   * The exposures of a {@code {"exposures": [...]}} body, valid for {@code campaign} at time {@code
   * now}.
   */
  public static List<Exposure> exposures(JsonNode body, Campaign campaign, Instant now) {
    List<Problem> problems = new ArrayList<>();
    List<JsonNode> records = records(body, "exposures", problems);
    List<Exposure> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      FieldReader in = FieldReader.of(records.get(i), i, problems);
      if (!in.isObject()) {
        problems.add(new Problem(i, "(record)", "must be a JSON object"));
        continue;
      }
      int before = problems.size();
      in.rejectUnknown(EXPOSURE_FIELDS);
      String userId = id(in, "userId", true);
      Instant at = notFuture(in, "at", true, now);
      if (at != null && at.isBefore(campaign.startAt())) {
        in.problem("at", "is before the campaign's startAt " + campaign.startAt());
      }
      if (at != null && campaign.endAt() != null && at.isAfter(campaign.endAt())) {
        in.problem("at", "is after the campaign's endAt " + campaign.endAt());
      }
      String group = in.string("group", false);
      if (group != null && campaign.group(group).isEmpty()) {
        in.problem("group", "is not a group of campaign " + campaign.campaignId());
      }
      Map<String, String> attributes = attributes(in);
      Instant created = notFuture(in, "userCreatedAt", false, now);
      if (problems.size() == before) {
        out.add(new Exposure(userId, at, group, attributes, created));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The batch has invalid records; nothing was written.", problems);
    }
    return out;
  }

  /** The outcomes of a {@code {"outcomes": [...]}} body at time {@code now}. */
  public static List<Outcome> outcomes(JsonNode body, Instant now) {
    List<Problem> problems = new ArrayList<>();
    List<JsonNode> records = records(body, "outcomes", problems);
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      FieldReader in = FieldReader.of(records.get(i), i, problems);
      if (!in.isObject()) {
        problems.add(new Problem(i, "(record)", "must be a JSON object"));
        continue;
      }
      int before = problems.size();
      in.rejectUnknown(OUTCOME_FIELDS);
      String eventId = id(in, "eventId", true);
      String userId = id(in, "userId", true);
      String typeName = in.string("type", true);
      OutcomeType type = typeName == null ? null : OutcomeType.fromWire(typeName);
      if (typeName != null && type == null) {
        in.problem("type", "must be one of \"signup\", \"activity\", \"purchase\"");
      }
      Instant at = notFuture(in, "at", true, now);
      BigDecimal value = BigDecimal.ZERO;
      if (in.has("value")) {
        if (type != null && type != OutcomeType.PURCHASE) {
          in.problem("value", "is only allowed on purchases");
        } else {
          // The value domain's amount: bounded so every stored sum fits DynamoDB's 38 digits.
          BigDecimal amount = in.amount("value");
          value = amount == null ? value : amount;
        }
      }
      String referredBy = id(in, "referredBy", false);
      if (referredBy != null && type != null && type != OutcomeType.SIGNUP) {
        in.problem("referredBy", "is only allowed on sign-ups");
      } else if (referredBy != null && referredBy.equals(userId)) {
        in.problem("referredBy", "must differ from userId");
      }
      if (problems.size() == before) {
        out.add(new Outcome(eventId, userId, type, at, value, referredBy));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The batch has invalid records; nothing was written.", problems);
    }
    return out;
  }

  private static List<JsonNode> records(JsonNode body, String field, List<Problem> problems) {
    if (body == null || !body.isObject()) {
      throw ApiException.invalid(
          "The body must be a JSON object {\"" + field + "\": [...]}.",
          List.of(Problem.of("(body)", "must be a JSON object")));
    }
    FieldReader top = FieldReader.of(body, null, problems);
    top.rejectUnknown(Set.of(field));
    List<JsonNode> records = top.array(field, true);
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The batch is not valid; nothing was written.", problems);
    }
    if (records.isEmpty() || records.size() > MAX_RECORDS) {
      throw ApiException.invalid(
          "A batch holds 1 to " + MAX_RECORDS + " records; this one has " + records.size() + ".",
          List.of(Problem.of(field, "must hold 1 to " + MAX_RECORDS + " records")));
    }
    return records;
  }

  private static String id(FieldReader in, String field, boolean required) {
    String id = in.string(field, required);
    if (id != null && !Identifiers.isValid(id)) {
      in.problem(field, Identifiers.rule());
      return null;
    }
    return id;
  }

  private static Instant notFuture(FieldReader in, String field, boolean required, Instant now) {
    Instant at = in.instant(field, required);
    if (at != null && at.isAfter(now.plus(FUTURE_TOLERANCE))) {
      in.problem(field, "is more than 5 minutes in the future");
      return null;
    }
    return at;
  }

  private static Map<String, String> attributes(FieldReader in) {
    JsonNode node = in.get("attributes");
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      in.problem("attributes", "must be an object of attribute name to string value");
      return out;
    }
    if (node.size() > MAX_ATTRIBUTES) {
      in.problem("attributes", "must have at most " + MAX_ATTRIBUTES + " attributes");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = "attributes." + e.getKey();
      if (!Identifiers.isValid(e.getKey())) {
        in.problem(path, "attribute names " + Identifiers.rule());
      } else if (!e.getValue().isTextual()) {
        in.problem(path, "must be a string");
      } else if (e.getValue().asText().isEmpty()
          || e.getValue().asText().length() > MAX_ATTRIBUTE_VALUE) {
        in.problem(path, "must be 1-" + MAX_ATTRIBUTE_VALUE + " characters");
      } else if (ValueDomain.RESERVED_ATTRIBUTE_VALUES.contains(e.getValue().asText())) {
        in.problem(path, ValueDomain.reservedRule(e.getValue().asText()));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    int bytes = 0;
    for (Map.Entry<String, String> e : out.entrySet()) {
      bytes += utf8(e.getKey()) + utf8(e.getValue());
    }
    if (bytes > Exposure.MAX_ATTRIBUTE_BYTES) {
      in.problem(
          "attributes",
          "names and values together must be at most "
              + Exposure.MAX_ATTRIBUTE_BYTES
              + " bytes in UTF-8, not "
              + bytes);
    }
    return out;
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
