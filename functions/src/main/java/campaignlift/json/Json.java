package campaignlift.json;

import campaignlift.domain.ValueDomain;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one shared Jackson mapper (thread-safe once configured, built once per process for the
 * SnapStart snapshot), and the reader of client JSON: request bodies, import lines and CSV number
 * cells.
 *
 * <p>Client JSON is read token by token so that every number is screened by its written form before
 * anything converts it (docs/value-domain.md): a number outside the envelope becomes an {@link
 * OutOfRange} node, which the field's own check reports as a problem naming the field, instead of a
 * billion-digit string or a {@link NumberFormatException}.
 */
public final class Json {
  /** How deep objects and arrays may nest in any JSON read. */
  public static final int MAX_NESTING = 64;

  /** The longest field name read. */
  public static final int MAX_NAME_CHARS = 1024;

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  static {
    // Hostile input must be refused fast: deep nesting, monster numbers and names.
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxNumberLength(ValueDomain.MAX_NUMBER_CHARS)
                .maxNameLength(MAX_NAME_CHARS)
                .build());
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A JSON number outside the envelope of {@link ValueDomain#withinEnvelope}, kept as written (cut
   * to 40 characters) and never converted.
   */
  public record OutOfRange(String text) {}

  /** Client JSON that cannot be read; the message is in plain words for the client. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private Json() {}

  /**
   * {@code value} as JSON text. Maps with text keys, collections, text, booleans, numbers and nulls
   * are written as the tree {@link #plain} makes of them; anything else (a record, an enum) by the
   * mapper as it is.
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} as JSON on {@code out}, as {@link #write(Object)} writes it. */
  public static void write(OutputStream out, Object value) throws IOException {
    MAPPER.writeValue(out, plain(value));
  }

  /**
   * {@code value} as a tree where it is made of maps with text keys, collections, text, booleans,
   * numbers and nulls; other values as they are, for the mapper. The same JSON the mapper would
   * write, reached without its bean introspection: the mapper introspects every type it has not
   * cached before it finds a serializer — {@code Map.of}, {@code List.of} and {@code Set.of}
   * collections, {@code Double} and {@code BigDecimal} among them — and the first introspection in
   * a JVM loads and runs its machinery, some 30 ms of a cold start (BENCHMARKS.md, "Cold start").
   */
  static Object plain(Object value) {
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof JsonNode) {
      return value;
    } else if (value instanceof String text) {
      return NODES.textNode(text);
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Number n) {
      return number(n, value);
    } else if (value instanceof Map<?, ?> map && textKeys(map)) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, v) -> o.set((String) k, node(v)));
      return o;
    } else if (value instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode(c.size());
      c.forEach(v -> a.add(node(v)));
      return a;
    }
    return value;
  }

  private static JsonNode node(Object value) {
    Object plain = plain(value);
    return plain instanceof JsonNode n ? n : NODES.pojoNode(plain);
  }

  private static Object number(Number n, Object otherwise) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return NODES.numberNode(n.intValue());
    } else if (n instanceof Long l) {
      return NODES.numberNode(l);
    } else if (n instanceof Double d) {
      return NODES.numberNode(d);
    } else if (n instanceof Float f) {
      return NODES.numberNode(f);
    } else if (n instanceof BigDecimal d) {
      return DecimalNode.valueOf(d); // exact: the factory's numberNode would strip zeros
    } else if (n instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    return otherwise;
  }

  private static boolean textKeys(Map<?, ?> map) {
    for (Object k : map.keySet()) {
      if (!(k instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code node} is a number outside the envelope (see {@link OutOfRange}). */
  public static boolean isOutOfRange(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() instanceof OutOfRange;
  }

  /**
   * One JSON value read from client text: numbers screened (floats as {@link DecimalNode}, exactly
   * as written), nothing after the value allowed.
   *
   * @throws Malformed with a plain-words reason and where it is
   */
  public static JsonNode read(String text) throws Malformed {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      try {
        JsonToken first = p.nextToken();
        if (first == null) {
          throw new Malformed("it is empty");
        }
        JsonNode root = value(p, first);
        if (p.nextToken() != null) {
          throw new Malformed("more follows the first JSON value" + at(p.currentLocation()));
        }
        return root;
      } catch (StreamConstraintsException e) {
        throw new Malformed(limit(e) + at(e.getLocation()));
      } catch (JsonProcessingException e) {
        throw new Malformed(plain(e) + at(e.getLocation()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does no I/O
    }
  }

  /**
   * The JSON object one of our own queue messages holds (an evaluation request, a recompute task):
   * read with the plain mapper, as we wrote it.
   *
   * @throws IllegalArgumentException when the body is not JSON, or not an object
   */
  public static JsonNode message(String body) {
    JsonNode n;
    try {
      n = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the message is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the message is not a JSON object");
    }
    return n;
  }

  /**
   * A JSON number's node from its written form (a CSV cell, say), or null when {@code text} is not
   * a JSON number. The same screen as for bodies.
   */
  public static JsonNode number(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null || !t.isNumeric()) {
        return null;
      }
      JsonNode n = value(p, t);
      return p.nextToken() == null ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * An amount written as text (a CSV cell, Shopify's {@code "403.00"}), read as the API reads a
   * JSON number and held to the value domain's amount rule (docs/value-domain.md); null after
   * naming the problem to {@code problem} ("must be a number", or the amount rule).
   */
  public static BigDecimal amountOfText(String text, Consumer<String> problem) {
    JsonNode number = number(text.strip());
    if (number == null) {
      problem.accept("must be a number");
      return null;
    }
    BigDecimal amount = isOutOfRange(number) ? null : ValueDomain.amount(number.decimalValue());
    if (amount == null) {
      problem.accept(ValueDomain.amountRule());
    }
    return amount;
  }

  /** The value starting at token {@code t}; depth is bounded by the parser's nesting limit. */
  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          object.set(name, value(p, p.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          array.add(value(p, e));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        // No exponent, at most MAX_NUMBER_CHARS digits (the parser's limit): cheap to convert.
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        String written = p.getText();
        if (!ValueDomain.withinEnvelope(written)) {
          return NODES.pojoNode(new OutOfRange(cut(written)));
        }
        return DecimalNode.valueOf(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonProcessingException("unexpected " + t, p.currentLocation()) {
          private static final long serialVersionUID = 1L;
        };
    }
  }

  private static String cut(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static String at(JsonLocation where) {
    if (where == null || where.getLineNr() < 1) {
      return "";
    }
    return " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  /** A parser limit in words: which limit, never the library's names for it. */
  private static String limit(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("nesting")) {
      return "objects and arrays nest deeper than " + MAX_NESTING + " levels";
    }
    if (m.contains("number")) {
      return "a number is longer than " + ValueDomain.MAX_NUMBER_CHARS + " characters";
    }
    if (m.contains("name")) {
      return "a field name is longer than " + MAX_NAME_CHARS + " characters";
    }
    if (m.contains("string")) {
      return "a string is too long";
    }
    return "it exceeds a size limit";
  }

  /**
   * The parser's reason in plain words: its own sentence when it is one (such as "Unexpected
   * character ('}' (code 125)): expected a value"), a generic one when it names library internals.
   */
  private static String plain(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("Non-standard token")) {
      return "NaN and Infinity are not JSON numbers";
    }
    int cut = m.indexOf(" at [Source");
    if (cut >= 0) {
      m = m.substring(0, cut);
    }
    cut = m.indexOf('\n');
    if (cut >= 0) {
      m = m.substring(0, cut);
    }
    if (m.contains("`") || m.contains("com.fasterxml") || m.contains("Feature")) {
      return "it is not well-formed";
    }
    if (m.startsWith("Unexpected end-of-input")) {
      return "it ends too early";
    }
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
