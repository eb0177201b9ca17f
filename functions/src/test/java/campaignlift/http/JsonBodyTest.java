package campaignlift.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A request body that is not JSON is a 400 {@code bad_json} in plain words. */
class JsonBodyTest {

  @Test
  void errorsNeverNameLibraryInternals() {
    String[] bodies = {
      "{\"v\": NaN}",
      "{\"v\": -Infinity}",
      "{\"v\": 1} {}",
      "{\"v\": 1",
      "[".repeat(100),
      "{\"v\": " + "1".repeat(1001) + "}",
      "{\"" + "n".repeat(2000) + "\": 1}",
      "{'v': 1}",
      "{\"v\": 01}",
      "nope",
    };
    for (String body : bodies) {
      ApiException e = assertThrows(ApiException.class, () -> JsonBody.parse(body));
      assertEquals(400, e.status());
      String m = e.getMessage();
      assertFalse(
          m.contains("`")
              || m.contains("com.fasterxml")
              || m.contains("StreamReadConstraints")
              || m.contains("Feature")
              || m.contains("JsonNode"),
          m);
      assertTrue(m.length() < 400, m);
    }
  }
}
