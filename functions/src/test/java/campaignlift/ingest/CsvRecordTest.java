package campaignlift.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignFixture;
import campaignlift.domain.Problem;
import campaignlift.recording.Exposure;
import campaignlift.recording.Outcome;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.RecordRules;
import campaignlift.recording.SurveyKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A CSV row under its header is judged by the API's own record rules, in the same words. */
class CsvRecordTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final Campaign SPRING =
      CampaignFixture.campaign(
          "spring",
          Instant.parse("2026-03-01T00:00:00Z"),
          null,
          CampaignFixture.controlAndCoupon(),
          List.of());
  static final List<String> OUTCOME_COLUMNS =
      List.of("eventId", "userId", "type", "at", "value", "referredBy");

  static List<Problem> outcomeProblems(String... cells) {
    List<Problem> problems = new ArrayList<>();
    assertNull(RecordRules.outcome(new CsvRecord(OUTCOME_COLUMNS, List.of(cells), problems), NOW));
    return problems;
  }

  @Test
  void anExposureRowWithAttributeColumnsIsReadIntoItsRecord() {
    List<Problem> problems = new ArrayList<>();
    Exposure x =
        RecordRules.exposure(
            new CsvRecord(
                List.of("userId", "at", "group", "attributes.channel", "attributes.tier"),
                List.of("u1", "2026-03-05T10:00:00Z", "", "email", ""),
                problems),
            SPRING,
            NOW);
    assertEquals(List.of(), problems);
    // Empty cells are absent fields: no group (assigned later), no tier attribute.
    assertEquals(
        new Exposure(
            "u1", Instant.parse("2026-03-05T10:00:00Z"), null, Map.of("channel", "email"), null),
        x);
  }

  @Test
  void aValueCellIsANumberWhenItReadsAsOne() {
    List<Problem> problems = new ArrayList<>();
    Outcome o =
        RecordRules.outcome(
            new CsvRecord(
                OUTCOME_COLUMNS,
                List.of("e1", "u1", "purchase", "2026-03-05T10:00:00Z", " 12.50 ", ""),
                problems),
            NOW);
    assertEquals(List.of(), problems);
    assertEquals(OutcomeType.PURCHASE, o.type());
    assertEquals(new BigDecimal("12.5"), o.value());
  }

  @Test
  void aValueCellThatIsNoNumberOrOutsideTheDomainIsRefused() {
    assertEquals(
        List.of(Problem.of("value", "must be a number")),
        outcomeProblems("e1", "u1", "purchase", "2026-03-05T10:00:00Z", "12 apples", ""));
    assertEquals(
        List.of(
            Problem.of(
                "value", "must be a number from 0 to 1000000000 with at most 4 decimal places")),
        outcomeProblems("e1", "u1", "purchase", "2026-03-05T10:00:00Z", "1e2147483648", ""));
  }

  @Test
  void anEmptyRequiredCellIsAMissingField() {
    assertEquals(
        List.of(Problem.of("eventId", "is required"), Problem.of("at", "is required")),
        outcomeProblems("", "u1", "signup", "", "", ""));
  }

  static final List<String> SURVEY_COLUMNS =
      List.of("eventId", "userId", "type", "at", "value", "referredBy", "survey", "score");

  static List<Problem> surveyProblems(String type, String value, String survey, String score) {
    List<Problem> problems = new ArrayList<>();
    assertNull(
        RecordRules.outcome(
            new CsvRecord(
                SURVEY_COLUMNS,
                List.of("e1", "u1", type, "2026-03-05T10:00:00Z", value, "", survey, score),
                problems),
            NOW));
    return problems;
  }

  @Test
  void surveyAndScoreCellsAreReadByTheSameRules() {
    List<Problem> problems = new ArrayList<>();
    Outcome o =
        RecordRules.outcome(
            new CsvRecord(
                SURVEY_COLUMNS,
                List.of("e1", "u1", "survey", "2026-03-05T10:00:00Z", "", "", "csat", " 4.0 "),
                problems),
            NOW);
    assertEquals(List.of(), problems);
    assertEquals(SurveyKind.CSAT, o.survey());
    assertEquals(4, o.score());
    String nps = "must be an integer between 0 and 10";
    assertEquals(List.of(Problem.of("score", nps)), surveyProblems("survey", "", "nps", "7.5"));
    assertEquals(List.of(Problem.of("score", nps)), surveyProblems("survey", "", "nps", "seven"));
    assertEquals(List.of(Problem.of("score", nps)), surveyProblems("survey", "", "nps", "\"7\""));
    assertEquals(List.of(Problem.of("score", nps)), surveyProblems("survey", "", "nps", "1e400"));
    assertEquals(
        List.of(Problem.of("score", "must be an integer between 1 and 5")),
        surveyProblems("survey", "", "csat", "6"));
    assertEquals(
        List.of(Problem.of("survey", "is only allowed on surveys")),
        surveyProblems("purchase", "3", "nps", ""));
    assertEquals(
        List.of(Problem.of("value", "is only allowed on purchases and refunds")),
        surveyProblems("cancellation", "3", "", ""));
  }
}
