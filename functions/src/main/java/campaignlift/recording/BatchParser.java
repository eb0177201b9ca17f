package campaignlift.recording;

import campaignlift.campaign.Campaign;
import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.json.FieldReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the API's exposure and outcome batches (docs/api.md), {@code {"exposures": [...]}} and
 * {@code {"outcomes": [...]}}, into typed records by {@link RecordRules}. A batch with any bad
 * record is refused whole, listing every bad record by index and field, before anything is written.
 */
public final class BatchParser {
  public static final int MAX_RECORDS = 1000;

  private BatchParser() {}

  /**
   * The exposures of a {@code {"exposures": [...]}} body, valid for {@code design} at time {@code
   * now}.
   *
   * @throws InvalidRecordsException when the body or any record breaks a rule
   */
  public static List<Exposure> exposures(JsonNode body, Campaign design, Instant now) {
    return records(body, "exposures", in -> RecordRules.exposure(in, design, now));
  }

  /**
   * The outcomes of a {@code {"outcomes": [...]}} body at time {@code now}.
   *
   * @throws InvalidRecordsException when the body or any record breaks a rule
   */
  public static List<Outcome> outcomes(JsonNode body, Instant now) {
    return records(body, "outcomes", in -> RecordRules.outcome(in, now));
  }

  /** Every record of the array {@code field} of {@code body}, each read by {@code rule}. */
  private static <T> List<T> records(JsonNode body, String field, Function<RecordFields, T> rule) {
    List<Problem> problems = new ArrayList<>();
    List<JsonNode> records = array(body, field, problems);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      FieldReader in = FieldReader.of(records.get(i), i, problems);
      if (!in.isObject()) {
        problems.add(new Problem(i, "(record)", "must be a JSON object"));
        continue;
      }
      T record = rule.apply(in);
      if (record != null) {
        out.add(record);
      }
    }
    if (!problems.isEmpty()) {
      throw InvalidRecordsException.records(problems);
    }
    return out;
  }

  private static List<JsonNode> array(JsonNode body, String field, List<Problem> problems) {
    if (body == null || !body.isObject()) {
      throw new InvalidRecordsException(
          "The body must be a JSON object {\"" + field + "\": [...]}.",
          List.of(Problem.of("(body)", "must be a JSON object")));
    }
    FieldReader top = FieldReader.of(body, null, problems);
    top.rejectUnknown(Set.of(field));
    List<JsonNode> records = top.array(field, true);
    if (!problems.isEmpty()) {
      throw new InvalidRecordsException("The batch is not valid; nothing was written.", problems);
    }
    if (records.isEmpty() || records.size() > MAX_RECORDS) {
      throw new InvalidRecordsException(
          "A batch holds 1 to " + MAX_RECORDS + " records; this one has " + records.size() + ".",
          List.of(Problem.of(field, "must hold 1 to " + MAX_RECORDS + " records")));
    }
    return records;
  }
}
