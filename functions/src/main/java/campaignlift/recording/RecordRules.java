package campaignlift.recording;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Identifiers;
import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.domain.ValueDomain;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rules of docs/api.md for one exposure or one outcome record, written once for every door: the
 * API's JSON batches ({@link BatchParser}) and the bulk import's JSON Lines and CSV rows read them
 * through {@link RecordFields}, so a record is judged the same, in the same words, wherever it
 * comes from. A record with any problem yields nothing; its problems name the field.
 */
public final class RecordRules {
  /**
   * docs/api.md: {@code at} more than 5 minutes in the future is invalid (clock skew allowance).
   */
  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  public static final int MAX_ATTRIBUTES = 20;
  public static final int MAX_ATTRIBUTE_VALUE = 256;

  /** The fields an exposure record may have. */
  public static final Set<String> EXPOSURE_FIELDS =
      Set.of("userId", "at", "group", "attributes", "userCreatedAt");

  /** The fields an outcome record may have. */
  public static final Set<String> OUTCOME_FIELDS =
      Set.of("eventId", "userId", "type", "at", "value", "referredBy", "survey", "score");

  private RecordRules() {}

  /**
   * The exposure {@code in} holds, valid for {@code design} at time {@code now}; null when any
   * problem was found (each added to {@code in}).
   */
  public static Exposure exposure(RecordFields in, Campaign design, Instant now) {
    int before = in.problemCount();
    in.rejectUnknown(EXPOSURE_FIELDS);
    String userId = id(in, "userId", true);
    Instant at = notFuture(in, "at", true, now);
    if (at != null) {
      window(design, at, in::problem);
    }
    String group = in.string("group", false);
    if (group != null) {
      group(design, group, in::problem);
    }
    Map<String, String> attributes = attributes(in);
    Instant created = notFuture(in, "userCreatedAt", false, now);
    return in.problemCount() == before
        ? new Exposure(userId, at, group, attributes, created)
        : null;
  }

  /**
   * The outcome {@code in} holds, valid at time {@code now}; null when any problem was found (each
   * added to {@code in}).
   */
  public static Outcome outcome(RecordFields in, Instant now) {
    int before = in.problemCount();
    in.rejectUnknown(OUTCOME_FIELDS);
    String eventId = id(in, "eventId", true);
    String userId = id(in, "userId", true);
    String typeName = in.string("type", true);
    OutcomeType type = typeName == null ? null : OutcomeType.fromWire(typeName);
    if (typeName != null && type == null) {
      in.problem("type", "must be one of " + OutcomeType.wireNames());
    }
    Instant at = notFuture(in, "at", true, now);
    BigDecimal value = BigDecimal.ZERO;
    if (type == OutcomeType.REFUND && !in.has("value")) {
      in.problem("value", "is required on refunds");
    } else if (in.has("value")) {
      if (type != null && type != OutcomeType.PURCHASE && type != OutcomeType.REFUND) {
        in.problem("value", "is only allowed on purchases and refunds");
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
    SurveyKind survey = null;
    Integer score = null;
    if (type == OutcomeType.SURVEY) {
      survey = surveyKind(in);
      score = score(in, survey);
    } else if (type != null) {
      for (String field : List.of("survey", "score")) {
        if (in.has(field)) {
          in.problem(field, "is only allowed on surveys");
        }
      }
    }
    return in.problemCount() == before
        ? new Outcome(eventId, userId, type, at, value, referredBy, survey, score)
        : null;
  }

  private static SurveyKind surveyKind(RecordFields in) {
    String name = in.string("survey", true);
    SurveyKind kind = name == null ? null : SurveyKind.fromWire(name);
    if (name != null && kind == null) {
      in.problem("survey", "must be one of \"nps\", \"csat\"");
    }
    return kind;
  }

  /**
   * docs/value-domain.md: a score is an integer on its survey's scale (0–10 for NPS, 1–5 for CSAT),
   * written as a number: {@code 7} and {@code 7.0} are 7, {@code 7.5} and the text {@code "7"} are
   * refused. With the survey unknown, the widest scale (0–10) is checked.
   */
  private static Integer score(RecordFields in, SurveyKind kind) {
    if (!in.has("score")) {
      in.problem("score", "is required");
      return null;
    }
    int min = kind == null ? SurveyKind.NPS.minScore() : kind.minScore();
    int max = kind == null ? SurveyKind.NPS.maxScore() : kind.maxScore();
    return in.integer("score", min, max);
  }

  /**
   * The problems of already-read exposures under {@code design}: its window and its groups, by the
   * exposure's index in {@code exposures}. The recorder asks again when the design changed between
   * reading the batch and freezing the design.
   */
  static List<Problem> misfits(Campaign design, List<Exposure> exposures) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < exposures.size(); i++) {
      int index = i;
      BiConsumer<String, String> sink = (f, p) -> problems.add(new Problem(index, f, p));
      Exposure x = exposures.get(i);
      window(design, x.at(), sink);
      if (x.group() != null) {
        group(design, x.group(), sink);
      }
    }
    return problems;
  }

  private static void window(Campaign design, Instant at, BiConsumer<String, String> problem) {
    if (at.isBefore(design.startAt())) {
      problem.accept("at", "is before the campaign's startAt " + design.startAt());
    }
    if (design.endAt() != null && at.isAfter(design.endAt())) {
      problem.accept("at", "is after the campaign's endAt " + design.endAt());
    }
  }

  private static void group(Campaign design, String group, BiConsumer<String, String> problem) {
    if (design.group(group).isEmpty()) {
      problem.accept("group", "is not a group of campaign " + design.campaignId());
    }
  }

  private static String id(RecordFields in, String field, boolean required) {
    String id = in.string(field, required);
    if (id != null && !Identifiers.isValid(id)) {
      in.problem(field, Identifiers.rule());
      return null;
    }
    return id;
  }

  private static Instant notFuture(RecordFields in, String field, boolean required, Instant now) {
    Instant at = in.instant(field, required);
    if (at != null && at.isAfter(now.plus(FUTURE_TOLERANCE))) {
      in.problem(field, "is more than 5 minutes in the future");
      return null;
    }
    return at;
  }

  private static Map<String, String> attributes(RecordFields in) {
    Map<String, String> written = in.stringMap("attributes");
    Map<String, String> out = new LinkedHashMap<>();
    if (written == null) {
      in.problem("attributes", "must be an object of attribute name to string value");
      return out;
    }
    if (written.size() > MAX_ATTRIBUTES) {
      in.problem("attributes", "must have at most " + MAX_ATTRIBUTES + " attributes");
    }
    for (Map.Entry<String, String> e : written.entrySet()) {
      String path = "attributes." + e.getKey();
      String value = e.getValue();
      if (!Identifiers.isValid(e.getKey())) {
        in.problem(path, "attribute names " + Identifiers.rule());
      } else if (value == null) {
        in.problem(path, "must be a string");
      } else if (value.isEmpty() || value.length() > MAX_ATTRIBUTE_VALUE) {
        in.problem(path, "must be 1-" + MAX_ATTRIBUTE_VALUE + " characters");
      } else if (ValueDomain.RESERVED_ATTRIBUTE_VALUES.contains(value)) {
        in.problem(path, ValueDomain.reservedRule(value));
      } else {
        out.put(e.getKey(), value);
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
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
