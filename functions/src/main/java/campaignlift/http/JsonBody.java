package campaignlift.http;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/** A request body read as client JSON (numbers screened, see {@link Json#read}). */
public final class JsonBody {
  private JsonBody() {}

  /**
   * The body's JSON value; anything that is not one well-formed JSON value is a 400 {@code
   * bad_json}.
   */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badJson("The request body is empty; a JSON object is required.");
    }
    try {
      return Json.read(body);
    } catch (Json.Malformed e) {
      throw ApiException.badJson("The request body is not valid JSON: " + e.getMessage() + ".");
    }
  }
}
