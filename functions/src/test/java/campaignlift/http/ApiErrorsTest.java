package campaignlift.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import campaignlift.campaign.UnknownCampaignException;
import campaignlift.domain.ConcurrentChangeException;
import campaignlift.domain.ForeignPageTokenException;
import campaignlift.domain.Problem;
import campaignlift.domain.Refusal;
import campaignlift.evaluation.NoResultYetException;
import campaignlift.recording.InvalidRecordsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cores' refusals as docs/api.md error bodies, status and code decided in one place. */
class ApiErrorsTest {

  private static void assertAnswer(Refusal refusal, int status, String body) {
    HttpResponse r = ApiErrors.response(refusal);
    assertEquals(status, r.statusCode());
    assertEquals(body, r.body());
  }

  @Test
  void anUnknownCampaignIsA404WithoutDetails() {
    assertAnswer(
        new UnknownCampaignException("spring"),
        404,
        "{\"error\":{\"code\":\"not_found\",\"message\":\"No campaign \\\"spring\\\".\","
            + "\"details\":[]}}");
  }

  @Test
  void aForeignPageTokenIsA400NamingNextToken() {
    assertAnswer(
        new ForeignPageTokenException("this listing"),
        400,
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"The query is not valid.\","
            + "\"details\":[{\"field\":\"nextToken\",\"problem\":\"is not a token returned by"
            + " this listing; start again without it\"}],\"totalProblems\":1}}");
  }

  @Test
  void invalidRecordsListTheFirstHundredProblemsAndCountThemAll() {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      problems.add(new Problem(i, "userId", "is required"));
    }
    HttpResponse r =
        ApiErrors.response(new InvalidRecordsException("The batch has invalid records.", problems));
    assertEquals(400, r.statusCode());
    assertEquals(100, r.body().split("\"userId\"", -1).length - 1);
    assertEquals(true, r.body().endsWith(",\"totalProblems\":150}}"));
  }

  @Test
  void conflictsAndMissingResultsKeepTheirCodes() {
    assertEquals(
        new ApiErrors.Answer(409, "conflict"),
        ApiErrors.answer(new ConcurrentChangeException("retry")));
    assertEquals(
        new ApiErrors.Answer(404, "not_found"),
        ApiErrors.answer(new NoResultYetException("spring", "report")));
  }

  @Test
  void aRefusalWithoutAnAnswerFailsLoudly() {
    Refusal unnamed =
        new Refusal("new kind", List.of()) {
          private static final long serialVersionUID = 1L;
        };
    assertThrows(IllegalStateException.class, () -> ApiErrors.response(unnamed));
  }
}
