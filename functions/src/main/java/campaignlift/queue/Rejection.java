package campaignlift.queue;

import campaignlift.campaign.ArchivedCampaignException;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.campaign.UnreadableCampaignException;
import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Problem;
import campaignlift.domain.Refusal;
import campaignlift.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a message can never be recorded as it is, in the words and codes the API would answer it with
 * (docs/api.md, "Errors"): {@code bad_json}, {@code invalid_request} (a record, the body's shape or
 * a message attribute breaks a rule; nothing of the message is written), {@code not_found} (no such
 * campaign), {@code archived} or {@code unreadable} (the campaign's state). It travels with the
 * message to the dead-letter queue (docs/queue.md).
 */
public record Rejection(String code, String message, List<Problem> problems) {
  /**
   * The longest {@link #errorJson} in bytes: the reason must fit beside the body (docs/queue.md).
   */
  public static final int MAX_ERROR_BYTES = 8 * 1024;

  /** Problems listed in {@link #errorJson} at most (all are counted in totalProblems). */
  public static final int MAX_DETAILS = 20;

  /** A sentence is cut at this many characters. */
  static final int MAX_MESSAGE_CHARS = 1000;

  public Rejection {
    message = message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, 997) + "...";
    problems = List.copyOf(problems);
  }

  /**
   * The rejection a refusal of the core means, or null when the refusal may pass (a concurrent
   * change): then the message is retried, not dead-lettered.
   */
  public static Rejection of(Refusal r) {
    String code;
    if (r instanceof InvalidInputException) {
      code = "invalid_request";
    } else if (r instanceof UnknownCampaignException) {
      code = "not_found";
    } else if (r instanceof ArchivedCampaignException) {
      code = "archived";
    } else if (r instanceof UnreadableCampaignException) {
      code = "unreadable";
    } else {
      return null;
    }
    return new Rejection(code, r.getMessage(), r.problems());
  }

  /** A body that is not one JSON value. */
  static Rejection badJson(String message) {
    return new Rejection("bad_json", message, List.of());
  }

  /**
   * The reason as one JSON object, the API's error shape: {@code {"code", "message", "details":
   * [...], "totalProblems"}}, at most {@link #MAX_DETAILS} problems and {@link #MAX_ERROR_BYTES}.
   */
  public String errorJson() {
    int shown = Math.min(MAX_DETAILS, problems.size());
    while (true) {
      String json = json(shown);
      if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_ERROR_BYTES || shown == 0) {
        return json;
      }
      shown--;
    }
  }

  private String json(int shown) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", problems.subList(0, shown));
    error.put("totalProblems", problems.size());
    return Json.write(error);
  }
}
