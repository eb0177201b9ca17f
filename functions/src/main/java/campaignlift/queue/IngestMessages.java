package campaignlift.queue;

import campaignlift.campaign.Identifiers;
import campaignlift.domain.Problem;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a message asks for (docs/queue.md, "Message format"): the body is the API's body,
 * {@code {"exposures": [...]}} or {@code {"outcomes": [...]}}; the String message attribute {@code
 * campaignId} names the campaign of exposures (and is refused on outcomes, which belong to no
 * campaign); the optional {@code kind} attribute ({@code exposures} or {@code outcomes}) says which
 * body it is, otherwise the body's one field does. Other attributes are ignored, so a message
 * redriven from the dead-letter queue with its reason reads the same.
 */
public final class IngestMessages {
  /** The attribute naming the campaign of an exposures body. */
  public static final String CAMPAIGN_ID = "campaignId";

  /** The optional attribute naming the body's kind. */
  public static final String KIND = "kind";

  private IngestMessages() {}

  /**
   * @throws MessageRejected with {@code bad_json} when the body is not one JSON value, {@code
   *     invalid_request} when the attributes or the body's top level do not say what to record
   */
  public static IngestRequest decode(IngestMessage m) {
    String body = m.body();
    if (body == null || body.isBlank()) {
      throw new MessageRejected(
          Rejection.badJson("The message body is empty; a JSON object is required."));
    }
    JsonNode json;
    try {
      json = Json.read(body);
    } catch (Json.Malformed e) {
      throw new MessageRejected(
          Rejection.badJson("The message body is not valid JSON: " + e.getMessage() + "."));
    }
    List<Problem> problems = new ArrayList<>();
    IngestKind kind = kind(m, json, problems);
    String campaignId = text(m, CAMPAIGN_ID, problems);
    if (campaignId != null && !Identifiers.isValid(campaignId)) {
      problems.add(Problem.of(attribute(CAMPAIGN_ID), Identifiers.rule()));
    }
    if (kind == IngestKind.EXPOSURES
        && campaignId == null
        && !m.attributes().containsKey(CAMPAIGN_ID)) {
      problems.add(Problem.of(attribute(CAMPAIGN_ID), "is required for exposures"));
    }
    if (kind == IngestKind.OUTCOMES && m.attributes().containsKey(CAMPAIGN_ID)) {
      problems.add(
          Problem.of(
              attribute(CAMPAIGN_ID),
              "is not allowed on outcomes: an outcome counts for every enrolment of its user"));
    }
    if (!problems.isEmpty()) {
      throw new MessageRejected(
          new Rejection(
              "invalid_request", "The message is not valid; nothing was written.", problems));
    }
    return new IngestRequest(kind, campaignId, json);
  }

  /** The kind the attribute names, else the one the body's field names; null with a problem. */
  private static IngestKind kind(IngestMessage m, JsonNode json, List<Problem> problems) {
    if (m.attributes().containsKey(KIND)) {
      String named = text(m, KIND, problems);
      if (named == null) {
        return null;
      }
      IngestKind kind = IngestKind.named(named);
      if (kind == null) {
        problems.add(Problem.of(attribute(KIND), "must be exposures or outcomes"));
      }
      return kind;
    }
    boolean exposures = json.isObject() && json.has(IngestKind.EXPOSURES.field());
    boolean outcomes = json.isObject() && json.has(IngestKind.OUTCOMES.field());
    if (exposures != outcomes) {
      return exposures ? IngestKind.EXPOSURES : IngestKind.OUTCOMES;
    }
    problems.add(
        Problem.of(
            "(body)",
            "must be {\"exposures\": [...]} (with a campaignId attribute) or {\"outcomes\": [...]}"));
    return null;
  }

  /** A String attribute's value; null when absent, or with a problem when of another type. */
  private static String text(IngestMessage m, String name, List<Problem> problems) {
    IngestMessage.Attribute a = m.attributes().get(name);
    if (a == null) {
      return null;
    }
    if (a.dataType() == null || !a.dataType().startsWith("String") || a.stringValue() == null) {
      problems.add(Problem.of(attribute(name), "must be a String attribute"));
      return null;
    }
    return a.stringValue();
  }

  private static String attribute(String name) {
    return "messageAttributes." + name;
  }
}
