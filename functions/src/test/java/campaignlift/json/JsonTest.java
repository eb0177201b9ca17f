package campaignlift.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Client JSON read with numbers screened, and its errors in plain words. */
class JsonTest {

  @Test
  void hostileNumbersBecomeOutOfRangeNodesQuickly() throws Exception {
    Json.read("{\"warm\": 1.5}"); // class loading is not what is measured
    long started = System.nanoTime();
    JsonNode n =
        Json.read("{\"a\": 1e2147483648, \"b\": 1e-999999999, \"c\": -1E+99999, \"d\": 12.50}");
    long micros = (System.nanoTime() - started) / 1000;
    assertTrue(micros < 50_000, "read in " + micros + " µs");
    assertTrue(Json.isOutOfRange(n.get("a")));
    assertTrue(Json.isOutOfRange(n.get("b")));
    assertTrue(Json.isOutOfRange(n.get("c")));
    assertFalse(Json.isOutOfRange(n.get("d")));
    assertEquals(new BigDecimal("12.50"), n.get("d").decimalValue());
  }

  @Test
  void integersAndDecimalsKeepTheirExactValue() throws Exception {
    JsonNode n = Json.read("[1, 12345678901, 123456789012345678901234567890123456789, 0.1]");
    assertEquals(1, n.get(0).intValue());
    assertEquals(12345678901L, n.get(1).longValue());
    assertEquals(
        new BigDecimal("123456789012345678901234567890123456789"), n.get(2).decimalValue());
    assertEquals(new BigDecimal("0.1"), n.get(3).decimalValue());
  }

  @Test
  void csvCellsReadAsNumbersTheSameWay() {
    assertTrue(Json.isOutOfRange(Json.number("1e2147483648")));
    assertEquals(new BigDecimal("4.5"), Json.number("4.5").decimalValue());
    assertEquals(null, Json.number("4,5"));
    assertEquals(null, Json.number("12 apples"));
  }
}
