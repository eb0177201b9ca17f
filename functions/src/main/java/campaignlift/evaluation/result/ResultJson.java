package campaignlift.evaluation.result;

import campaignlift.campaign.Correction;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The mapper of result documents: results, summaries and snapshots. Two rules the records need
 * (docs/results.md): an undefined figure (NaN or an infinity) is written as {@code null} and read
 * back as NaN; a correction is written by its wire name ({@code bh}, {@code holm}, {@code none}).
 * Reading is lenient, as stored documents may be older than the code: unknown fields are ignored
 * and a missing figure reads as undefined. Doubles are written in Java's shortest round-trip form,
 * so a document read and written again is the same text.
 */
public final class ResultJson {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ResultJson() {}

  /** A result's JSON text, written field by field ({@link ResultWriter}). */
  public static String write(Result result) {
    return written(g -> ResultWriter.result(g, result));
  }

  /** A summary's JSON text, written field by field ({@link ResultWriter}). */
  public static String write(Summary summary) {
    return written(g -> ResultWriter.summary(g, summary));
  }

  /** What writes one document on a generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** The text {@code writer} writes, on a generator of this mapper's factory. */
  public static String written(Writer writer) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A result as a JSON tree, parsed from its text: the same document the API answers. */
  public static JsonNode tree(Result result) {
    return readTree(write(result));
  }

  /** The document's JSON text, bound by the mapper (records other than those above). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as a JSON tree (numbers as doubles, as they are written). */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * A stored document as a tree.
   *
   * @throws IllegalArgumentException when it is not JSON
   */
  public static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a stored document.
   *
   * @throws IllegalArgumentException when it is not JSON or does not have the document's shape
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a stored document from a tree.
   *
   * @throws IllegalArgumentException when it does not have the document's shape
   */
  public static <T> T read(JsonNode json, Class<T> type) {
    try {
      return MAPPER.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  private static SimpleModule module() {
    SimpleModule m = new SimpleModule("campaign-lift-result");
    m.addSerializer(double.class, new FiniteDouble());
    m.addSerializer(Double.class, new FiniteDouble());
    m.addDeserializer(double.class, new UndefinedAsNaN());
    m.setMixInAnnotation(Correction.class, CorrectionByWireName.class);
    return m;
  }

  /** Finite numbers as numbers; NaN and infinities (undefined figures) as null. */
  private static final class FiniteDouble extends StdScalarSerializer<Double> {
    private static final long serialVersionUID = 1L;

    FiniteDouble() {
      super(Double.class);
    }

    @Override
    public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
      if (Double.isFinite(v)) {
        g.writeNumber(v.doubleValue());
      } else {
        g.writeNull();
      }
    }
  }

  /** A number, or NaN for null or a missing field. */
  private static final class UndefinedAsNaN extends StdScalarDeserializer<Double> {
    private static final long serialVersionUID = 1L;

    UndefinedAsNaN() {
      super(Double.class);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return Double.NaN;
      }
      if (!p.currentToken().isNumeric()) {
        return (Double) ctxt.handleUnexpectedToken(double.class, p);
      }
      return p.getDoubleValue();
    }

    @Override
    public Double getNullValue(DeserializationContext ctxt) {
      return Double.NaN;
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return Double.NaN;
    }
  }

  /** How a correction is written and read: by its wire name (an unknown one reads as null). */
  private abstract static class CorrectionByWireName {
    @JsonValue
    abstract String wireName();

    @JsonCreator
    static Correction fromWire(String value) {
      return Correction.fromWire(value);
    }
  }
}
