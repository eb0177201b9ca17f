package campaignlift.ingest;

import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which Amplitude event types become which outcomes (docs/shop-exports.md), from {@code
 * imports/amplitude/mapping.json}. Event types it does not name are skipped and counted.
 *
 * @param events event type → what it becomes
 * @param userIdPrefix put before Amplitude's {@code user_id} to make the user id
 */
record AmplitudeMapping(Map<String, Target> events, String userIdPrefix) {

  /**
   * What one event type becomes.
   *
   * @param valueProperty for purchases and refunds: the event property holding the amount, or null
   *     for Amplitude's own revenue fields
   * @param survey for survey answers: which survey
   * @param scoreProperty for survey answers: the event property holding the score
   */
  record Target(OutcomeType type, String valueProperty, SurveyKind survey, String scoreProperty) {}

  private static final Set<String> FIELDS = Set.of("events", "userIdPrefix");
  private static final Set<String> TARGET_FIELDS =
      Set.of("type", "valueProperty", "survey", "scoreProperty");

  static AmplitudeMapping of(JsonNode json) throws MappingFile.Invalid {
    MappingFile.onlyFields(json, "the mapping", FIELDS);
    JsonNode events = json.get("events");
    if (events == null || !events.isObject() || events.isEmpty()) {
      throw new MappingFile.Invalid(
          "\"events\" must be an object naming at least one event type, such as {\"Order"
              + " Completed\": \"purchase\"}");
    }
    Map<String, Target> targets = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : events.properties()) {
      targets.put(e.getKey(), target(e.getKey(), e.getValue()));
    }
    return new AmplitudeMapping(Map.copyOf(targets), MappingFile.text(json, "userIdPrefix", ""));
  }

  private static Target target(String eventType, JsonNode node) throws MappingFile.Invalid {
    String where = "\"events\".\"" + eventType + "\"";
    if (node.isTextual()) {
      return target(where, node.asText(), null, null, null);
    }
    JsonNode object = node;
    if (!object.isObject()) {
      throw new MappingFile.Invalid(where + " must be an outcome type or an object with \"type\"");
    }
    MappingFile.onlyFields(object, where, TARGET_FIELDS);
    return target(
        where,
        MappingFile.text(object, "type", null),
        MappingFile.text(object, "valueProperty", null),
        MappingFile.text(object, "survey", null),
        MappingFile.text(object, "scoreProperty", null));
  }

  private static Target target(
      String where, String typeName, String valueProperty, String surveyName, String scoreProperty)
      throws MappingFile.Invalid {
    OutcomeType type = typeName == null ? null : OutcomeType.fromWire(typeName);
    if (type == null) {
      throw new MappingFile.Invalid(
          where + " must name an outcome type: one of " + OutcomeType.wireNames());
    }
    boolean money = type == OutcomeType.PURCHASE || type == OutcomeType.REFUND;
    if (valueProperty != null && !money) {
      throw new MappingFile.Invalid(
          where + ": \"valueProperty\" is only allowed on purchases and refunds");
    }
    SurveyKind survey = null;
    if (type == OutcomeType.SURVEY) {
      survey = surveyName == null ? null : SurveyKind.fromWire(surveyName);
      if (survey == null || scoreProperty == null) {
        throw new MappingFile.Invalid(
            where
                + ": a survey needs \"survey\" (\"nps\" or \"csat\") and \"scoreProperty\" (the"
                + " event property holding the score)");
      }
    } else if (surveyName != null || scoreProperty != null) {
      throw new MappingFile.Invalid(
          where + ": \"survey\" and \"scoreProperty\" are only allowed on surveys");
    }
    return new Target(type, valueProperty, survey, scoreProperty);
  }
}
