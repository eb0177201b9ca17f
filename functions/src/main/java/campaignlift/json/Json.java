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
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
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

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
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
