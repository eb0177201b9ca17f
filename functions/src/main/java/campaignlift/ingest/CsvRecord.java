package campaignlift.ingest;

import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One CSV row under its header, read as the fields of a record: an empty cell is an absent field, a
 * column {@code attributes.NAME} is attribute NAME, and a {@code value} or {@code score} cell is a
 * number when it reads as a JSON number (screened as request bodies are), so the one amount and
 * integer rules apply.
 *
 * <p>The same view serves a record translated from another format (an EC-CUBE order row, an
 * Amplitude event; docs/shop-exports.md): its fields as text, each problem named after the source
 * field it came from, and fields the translation could not read, which are present but answer their
 * problem when read.
 */
final class CsvRecord implements RecordFields {
  static final String ATTRIBUTE_PREFIX = "attributes.";

  private final Map<String, String> cells = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final Map<String, String> sourceNames;
  private final Map<String, String> unreadable;
  private final List<Problem> sink;

  /**
   * A translated record.
   *
   * @param fields our field name → its text (absent fields left out)
   * @param sourceNames our field name → the name problems use (the source's column or property)
   * @param unreadable our field name → why its source value could not be translated
   */
  CsvRecord(
      Map<String, String> fields,
      Map<String, String> sourceNames,
      Map<String, String> unreadable,
      List<Problem> sink) {
    this.cells.putAll(fields);
    this.sourceNames = sourceNames;
    this.unreadable = unreadable;
    this.sink = sink;
  }

  /**
   * @param columns the header's column names, as many as {@code cells}
   */
  CsvRecord(List<String> columns, List<String> cells, List<Problem> sink) {
    this.sink = sink;
    this.sourceNames = Map.of();
    this.unreadable = Map.of();
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      String cell = cells.get(i);
      if (cell.isEmpty()) {
        continue;
      }
      if (column.startsWith(ATTRIBUTE_PREFIX)) {
        attributes.put(column.substring(ATTRIBUTE_PREFIX.length()), cell);
      } else {
        this.cells.put(column, cell);
      }
    }
  }

  /** Nothing to do: the header was checked against the same fields before any row was read. */
  @Override
  public void rejectUnknown(Set<String> allowed) {}

  @Override
  public boolean has(String field) {
    return cells.containsKey(field) || unreadable.containsKey(field);
  }

  @Override
  public String string(String field, boolean required) {
    if (unreadable(field)) {
      return null;
    }
    String cell = cells.get(field);
    if (cell == null && required) {
      problem(field, "is required");
    }
    return cell;
  }

  @Override
  public BigDecimal amount(String field) {
    if (unreadable(field)) {
      return null;
    }
    return Json.amountOfText(cells.get(field), p -> problem(field, p));
  }

  @Override
  public Integer integer(String field, int min, int max) {
    if (unreadable(field)) {
      return null;
    }
    String rule = "must be an integer between " + min + " and " + max;
    JsonNode number = Json.number(cells.get(field).strip());
    if (number == null || Json.isOutOfRange(number)) {
      problem(field, rule);
      return null;
    }
    BigDecimal d = number.decimalValue();
    if (d.stripTrailingZeros().scale() > 0
        || d.compareTo(BigDecimal.valueOf(min)) < 0
        || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      problem(field, rule);
      return null;
    }
    return d.intValueExact();
  }

  @Override
  public Map<String, String> stringMap(String field) {
    return field.equals("attributes") ? attributes : Map.of();
  }

  @Override
  public void problem(String field, String text) {
    sink.add(Problem.of(sourceNames.getOrDefault(field, field), text));
  }

  /** Whether {@code field} could not be translated; if so its problem is added. */
  private boolean unreadable(String field) {
    String why = unreadable.get(field);
    if (why != null) {
      problem(field, why);
    }
    return why != null;
  }

  @Override
  public int problemCount() {
    return sink.size();
  }
}
