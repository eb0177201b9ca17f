package campaignlift.json;

import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.domain.ValueDomain;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads fields of one JSON object and collects every problem instead of stopping at the first, so a
 * client sees all that is wrong with a record in one response. Values that are wrong come back as
 * null (or the default) and the caller builds nothing when {@link #problems()} is not empty.
 */
public final class FieldReader implements RecordFields {
  private final JsonNode node;
  private final String prefix;
  private final Integer index;
  private final List<Problem> problems;

  private FieldReader(JsonNode node, String prefix, Integer index, List<Problem> problems) {
    this.node = node;
    this.prefix = prefix;
    this.index = index;
    this.problems = problems;
  }

  /** A reader for a top-level body; {@code index} is the record's index in a batch, or null. */
  public static FieldReader of(JsonNode node, Integer index, List<Problem> sink) {
    return new FieldReader(node, "", index, sink);
  }

  /** A reader for a nested object, reporting fields as {@code prefix.field}. */
  public FieldReader nested(JsonNode child, String path) {
    return new FieldReader(child, path + ".", index, problems);
  }

  public boolean isObject() {
    return node != null && node.isObject();
  }

  public JsonNode node() {
    return node;
  }

  public List<Problem> problems() {
    return problems;
  }

  @Override
  public int problemCount() {
    return problems.size();
  }

  public String path(String field) {
    return prefix + field;
  }

  @Override
  public void problem(String field, String text) {
    problems.add(new Problem(index, path(field), text));
  }

  @Override
  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public JsonNode get(String field) {
    return node.get(field);
  }

  @Override
  public void rejectUnknown(Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        problem(name, "is not a known field");
      }
    }
  }

  @Override
  public String string(String field, boolean required) {
    JsonNode v = present(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      problem(field, "must be a string");
      return null;
    }
    return v.asText();
  }

  @Override
  public Instant instant(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v != null && !v.isNull() && !v.isTextual()) {
      problem(field, ValueDomain.instantRule());
      return null;
    }
    return RecordFields.super.instant(field, required);
  }

  /** An integer in [min, max], or {@code fallback} when absent. */
  public int integer(String field, int fallback, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    String rule = "must be an integer between " + min + " and " + max;
    if (Json.isOutOfRange(v)) {
      problem(field, rule);
      return fallback;
    }
    // Numbers reach here screened (Json#read), so decimalValue() is cheap.
    if (!v.isIntegralNumber() && !(v.isNumber() && isWhole(v.decimalValue()))) {
      problem(field, rule);
      return fallback;
    }
    if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      problem(field, rule);
      return fallback;
    }
    return v.asInt();
  }

  @Override
  public Integer integer(String field, int min, int max) {
    int before = problems.size();
    int value = integer(field, min, min, max);
    return problems.size() == before ? value : null;
  }

  @Override
  public BigDecimal amount(String field) {
    JsonNode v = node.get(field);
    if (Json.isOutOfRange(v)) {
      problem(field, ValueDomain.amountRule());
      return null;
    }
    if (v == null || !v.isNumber()) {
      problem(field, "must be a number");
      return null;
    }
    BigDecimal amount = ValueDomain.amount(v.decimalValue());
    if (amount == null) {
      problem(field, ValueDomain.amountRule());
    }
    return amount;
  }

  private static boolean isWhole(BigDecimal d) {
    return d.stripTrailingZeros().scale() <= 0;
  }

  /**
   * A finite number, or null when absent or wrong; {@code rule} is the problem when it is out of
   * range (the caller checks its own bounds too).
   */
  public Double number(String field, String rule) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (Json.isOutOfRange(v)) {
      problem(field, rule);
      return null;
    }
    if (!v.isNumber()) {
      problem(field, "must be a number");
      return null;
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      problem(field, rule);
      return null;
    }
    return d;
  }

  public boolean bool(String field, boolean fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      problem(field, "must be true or false");
      return fallback;
    }
    return v.asBoolean();
  }

  @Override
  public Map<String, String> stringMap(String field) {
    JsonNode v = node.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      return null;
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : null);
    }
    return out;
  }

  /**
   * The elements of an array field, or an empty list (with a problem if the field is not an array).
   */
  public List<JsonNode> array(String field, boolean required) {
    JsonNode v = present(field, required);
    List<JsonNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      problem(field, "must be an array");
      return out;
    }
    v.forEach(out::add);
    return out;
  }

  /** The field's value, or null when it is absent or null (a problem when it is required). */
  private JsonNode present(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    return v;
  }
}
