package campaignlift.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  record Pair(String name, double value) {}

  enum Kind {
    FIRST
  }

  @Test
  void writesTheTextTheMapperWouldWrite() throws Exception {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, "two", 3.5));
    nested.put("set", Set.of("only"));
    nested.put("empty", List.of());
    nested.put("immutable", Map.of("k", "v"));
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "a \"quoted\" é");
    value.put("int", 7);
    value.put("long", 12345678901L);
    value.put("short", (short) 3);
    value.put("double", 0.1);
    value.put("nan", Double.NaN);
    value.put("float", 2.5f);
    value.put("trailingZeros", new BigDecimal("1.50")); // not 1.5: the amount as written
    value.put("exponent", new BigDecimal("1E+3"));
    value.put("big", new BigInteger("123456789012345678901234567890"));
    value.put("true", true);
    value.put("null", null);
    value.put("nested", nested);
    value.put("record", new Pair("p", 0.25));
    value.put("enum", Kind.FIRST);
    value.put("nonTextKeys", Map.of(1, "one"));
    value.put("tree", Json.MAPPER.createObjectNode().put("x", 1));
    value.put("array", new int[] {1, 2});
    value.put("records", List.of(new Pair("q", 1.0)));

    String expected = Json.MAPPER.writeValueAsString(value);
    assertEquals(expected, Json.write(value));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Json.write(out, value);
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
    // And values that are not maps at all.
    for (Object v : List.of(List.of(1, 2), "text", 3, new BigDecimal("2.50"), new Pair("r", 2))) {
      assertEquals(Json.MAPPER.writeValueAsString(v), Json.write(v), String.valueOf(v));
    }
    assertEquals("null", Json.write(null));
  }
}
