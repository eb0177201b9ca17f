package campaignlift.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.domain.Problem;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The campaign rules of docs/api.md, one at a time, and which changes count as a change of design.
 */
class CampaignParserTest {
  static final String GROUPS =
      "'groups': [{'name': 'control', 'weight': 0.5, 'control': true},"
          + " {'name': 'coupon', 'weight': 0.5}]";

  static JsonNode json(String text) {
    try {
      return Json.read(text.replace('\'', '"'));
    } catch (Json.Malformed e) {
      throw new AssertionError(e);
    }
  }

  static Campaign parse(String fields) {
    return CampaignParser.parse("spring", json("{'name': 'Spring', " + fields + "}"));
  }

  static List<Problem> problems(String fields) {
    return assertThrows(InvalidCampaignException.class, () -> parse(fields)).problems();
  }

  static List<Problem> problems(String campaignId, String body) {
    return assertThrows(
            InvalidCampaignException.class, () -> CampaignParser.parse(campaignId, json(body)))
        .problems();
  }

  @Test
  void aMinimalCampaignGetsEveryDefault() {
    Campaign c = parse("'startAt': '2026-03-01T00:00:00Z', " + GROUPS);
    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), c.startAt());
    assertNull(c.endAt());
    assertEquals(14, c.windowDays());
    assertEquals(30, c.newUserDays());
    assertEquals(0.05, c.alpha());
    assertTrue(c.sequential());
    assertTrue(c.cuped());
    assertEquals(Correction.BH, c.correction());
    assertNull(c.cost());
    assertEquals(16, c.shards());
    assertEquals(List.of(), c.segmentAttributes());
    assertEquals("control", c.control().name());
  }

  @Test
  void alphaLiesStrictlyBetweenZeroAndOneHalf() {
    String base = "'startAt': '2026-03-01T00:00:00Z', " + GROUPS + ", 'alpha': ";
    assertEquals(0.0001, parse(base + "0.0001").alpha());
    assertEquals(0.4999, parse(base + "0.4999").alpha());
    Problem rule = Problem.of("alpha", "must be greater than 0 and less than 0.5");
    assertEquals(List.of(rule), problems(base + "0"));
    assertEquals(List.of(rule), problems(base + "0.5"));
    assertEquals(List.of(rule), problems(base + "-0.1"));
    assertEquals(List.of(Problem.of("alpha", "must be a number")), problems(base + "'0.1'"));
  }

  @Test
  void weightsSumToOneWithinRounding() {
    Campaign thirds =
        parse(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0.3333333333,"
                + " 'control': true}, {'name': 'b', 'weight': 0.3333333333}, {'name': 'c',"
                + " 'weight': 0.3333333334}]");
    assertEquals(3, thirds.groups().size());
    assertEquals(
        List.of(Problem.of("groups", "weights must sum to 1 (they sum to 1.25)")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0.5,"
                + " 'control': true}, {'name': 'b', 'weight': 0.75}]"));
  }

  @Test
  void aWeightLiesInZeroToOne() {
    assertEquals(
        List.of(
            Problem.of("groups[0].weight", "must be greater than 0 and at most 1"),
            Problem.of("groups[1].weight", "is required")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0,"
                + " 'control': true}, {'name': 'b'}]"));
  }

  @Test
  void exactlyOneGroupIsTheControl() {
    assertEquals(
        List.of(
            Problem.of("groups", "must have exactly one group with \"control\": true (found 0)")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0.5},"
                + " {'name': 'b', 'weight': 0.5}]"));
    assertEquals(
        List.of(
            Problem.of("groups", "must have exactly one group with \"control\": true (found 2)")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0.5,"
                + " 'control': true}, {'name': 'b', 'weight': 0.5, 'control': true}]"));
  }

  @Test
  void groupNamesAreUniqueAndThereAreTwoToTen() {
    assertEquals(
        List.of(Problem.of("groups[1].name", "must be unique; \"a\" is used twice")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 0.5,"
                + " 'control': true}, {'name': 'a', 'weight': 0.5}]"));
    assertEquals(
        List.of(Problem.of("groups", "must have between 2 and 10 groups")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', 'groups': [{'name': 'a', 'weight': 1,"
                + " 'control': true}]"));
  }

  @Test
  void theEndComesAfterTheStart() {
    assertEquals(
        List.of(Problem.of("endAt", "must be after startAt")),
        problems("'startAt': '2026-03-01T00:00:00Z', 'endAt': '2026-03-01T00:00:00Z', " + GROUPS));
  }

  @Test
  void theBodyMayRepeatThePathsIdOnlyExactly() {
    assertEquals(
        List.of(Problem.of("campaignId", "must equal the campaign id in the path when given")),
        problems(
            "spring",
            "{'campaignId': 'autumn', 'name': 'x', 'startAt': '2026-03-01T00:00:00Z', "
                + GROUPS
                + "}"));
  }

  @Test
  void aBuiltInSegmentCannotBeAnAttribute() {
    assertEquals(
        List.of(
            Problem.of(
                "segmentAttributes[0]",
                "\"userType\" is a built-in segment and cannot be an attribute"),
            Problem.of("segmentAttributes[2]", "\"channel\" is listed twice")),
        problems(
            "'startAt': '2026-03-01T00:00:00Z', "
                + GROUPS
                + ", 'segmentAttributes': ['userType', 'channel', 'channel']"));
  }

  @Test
  void everyProblemIsListedAtOnce() {
    List<Problem> problems =
        problems(
            "bad id",
            "{'startAt': 'yesterday', 'windowDays': 0, 'correction': 'bonferroni', 'colour': 1}");
    assertEquals(
        List.of("campaignId", "colour", "name", "startAt", "windowDays", "groups", "correction"),
        problems.stream().map(Problem::field).toList());
  }

  @Test
  void groupsWindowSegmentsAndNewUserDaysMakeTheDesign() {
    String start = "'startAt': '2026-03-01T00:00:00Z', ";
    Campaign base = parse(start + GROUPS);
    assertTrue(base.sameDesignAs(parse(start + GROUPS + ", 'alpha': 0.1, 'cuped': false")));
    // The stream-fed aggregates are summed under these as changes arrive (docs/aggregates.md).
    assertFalse(base.sameDesignAs(parse(start + GROUPS + ", 'newUserDays': 7")));
    assertFalse(base.sameDesignAs(parse(start + GROUPS + ", 'segmentAttributes': ['channel']")));
    assertTrue(
        base.sameDesignAs(
            CampaignParser.parse(
                "spring",
                json(
                    "{'name': 'Renamed', 'startAt': '2026-04-01T00:00:00Z', 'endAt':"
                        + " '2026-05-01T00:00:00Z', "
                        + GROUPS
                        + "}"))));
    assertFalse(base.sameDesignAs(parse(start + GROUPS + ", 'windowDays': 7")));
    assertFalse(
        base.sameDesignAs(
            parse(
                start
                    + "'groups': [{'name': 'control', 'weight': 0.4, 'control': true},"
                    + " {'name': 'coupon', 'weight': 0.6}]")));
    assertFalse(
        base.sameDesignAs(
            parse(
                start
                    + "'groups': [{'name': 'control', 'weight': 0.5, 'control': true},"
                    + " {'name': 'voucher', 'weight': 0.5}]")));
  }
}
