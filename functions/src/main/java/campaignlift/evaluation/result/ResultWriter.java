package campaignlift.evaluation.result;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes the result documents field by field on Jackson's streaming generator, with {@link
 * ResultJson}'s rules (undefined figures as {@code null}, a correction by its wire name, optional
 * parts left out when absent) and in the order its mapper writes the records. Why by hand: binding
 * records through the mapper makes Jackson introspect every record type by reflection on first use,
 * about 100 ms of a function's first evaluation (BENCHMARKS.md, "Cold start"), and every evaluation
 * writes a result, a summary, a snapshot and events. ResultDocumentTest holds the two writers to
 * the same text, byte for byte, on every kind of row; reading stays with the mapper.
 *
 * <p>Each method writes one field ({@code name} and value) of the object the generator is in; a
 * null record is written as {@code null} unless the document leaves that part out when absent.
 */
public final class ResultWriter {
  private ResultWriter() {}

  /** The result document as {@code GET .../results/latest} returns it. */
  public static void result(JsonGenerator g, Result r) throws IOException {
    g.writeStartObject();
    g.writeStringField("campaignId", r.campaignId());
    g.writeStringField("name", r.name());
    g.writeStringField("evaluatedAt", r.evaluatedAt());
    settings(g, "settings", r.settings());
    groups(g, "groups", r.groups());
    health(g, "health", r.health());
    g.writeArrayFieldStart("results");
    for (MetricRow row : r.results()) {
      row(g, row);
    }
    g.writeEndArray();
    if (r.snapshot() != null) {
      g.writeObjectFieldStart("snapshot");
      g.writeStringField("key", r.snapshot().key());
      g.writeStringField("sha256", r.snapshot().sha256());
      g.writeEndObject();
    }
    if (r.report() != null) {
      g.writeObjectFieldStart("report");
      g.writeStringField("key", r.report().key());
      g.writeStringField("latestKey", r.report().latestKey());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** The summary kept for history. */
  public static void summary(JsonGenerator g, Summary s) throws IOException {
    g.writeStartObject();
    g.writeStringField("campaignId", s.campaignId());
    g.writeStringField("evaluatedAt", s.evaluatedAt());
    settings(g, "settings", s.settings());
    groups(g, "groups", s.groups());
    health(g, "health", s.health());
    g.writeArrayFieldStart("headline");
    for (Summary.HeadlineRow h : s.headline()) {
      g.writeStartObject();
      g.writeStringField("metric", h.metric().id());
      g.writeStringField("group", h.group());
      number(g, "estimate", h.estimate());
      number(g, "ciLower", h.ciLower());
      number(g, "ciUpper", h.ciUpper());
      number(g, "pValueAdjusted", h.pValueAdjusted());
      g.writeBooleanField("significant", h.significant());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  public static void settings(JsonGenerator g, String name, EvaluationSettings s)
      throws IOException {
    g.writeFieldName(name);
    if (s == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "alpha", s.alpha());
    g.writeBooleanField("sequential", s.sequential());
    g.writeBooleanField("cuped", s.cuped());
    g.writeStringField("correction", s.correction().wireName());
    g.writeBooleanField("maturedOnly", s.maturedOnly());
    g.writeNumberField("windowDays", s.windowDays());
    g.writeNumberField("newUserDays", s.newUserDays());
    number(g, "tuning", s.tuning());
    number(g, "cost", s.cost());
    g.writeArrayFieldStart("segmentAttributes");
    for (String a : s.segmentAttributes()) {
      g.writeString(a);
    }
    g.writeEndArray();
    if (s.retentionDays() != null) {
      g.writeNumberField("retentionDays", s.retentionDays().intValue());
    }
    if (s.loyaltyPurchases() != null) {
      g.writeNumberField("loyaltyPurchases", s.loyaltyPurchases().intValue());
    }
    g.writeEndObject();
  }

  public static void groups(JsonGenerator g, String name, List<GroupCount> groups)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (GroupCount c : groups) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeBooleanField("control", c.control());
      number(g, "weight", c.weight());
      g.writeNumberField("enrolled", c.enrolled());
      g.writeNumberField("analysed", c.analysed());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  public static void health(JsonGenerator g, String name, Health h) throws IOException {
    g.writeFieldName(name);
    if (h == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    srm(g, "srm", h.srm());
    g.writeNumberField("conflicts", h.conflicts());
    g.writeNumberField("duplicates", h.duplicates());
    g.writeNumberField("immatureExcluded", h.immatureExcluded());
    g.writeNumberField("unknownGroup", h.unknownGroup());
    g.writeNumberField("unreadable", h.unreadable());
    if (h.segmentValues() != null) {
      SegmentValues v = h.segmentValues();
      g.writeObjectFieldStart("segmentValues");
      g.writeNumberField("valuesPerAttribute", v.valuesPerAttribute());
      g.writeNumberField("maxValueLength", v.maxValueLength());
      g.writeArrayFieldStart("attributes");
      for (SegmentValues.Attribute a : v.attributes()) {
        g.writeStartObject();
        g.writeStringField("attribute", a.attribute());
        g.writeNumberField("distinctValues", a.distinctValues());
        g.writeBooleanField("distinctValuesExact", a.distinctValuesExact());
        g.writeNumberField("ownSegments", a.ownSegments());
        g.writeNumberField("foldedValues", a.foldedValues());
        g.writeNumberField("foldedEnrolments", a.foldedEnrolments());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    if (h.freshness() != null) {
      freshness(g, "freshness", h.freshness());
    }
    if (h.reconciliation() != null) {
      Reconciliation r = h.reconciliation();
      g.writeObjectFieldStart("reconciliation");
      g.writeStringField("reconciledAt", r.reconciledAt());
      g.writeNumberField("differences", r.differences());
      g.writeArrayFieldStart("examples");
      for (String e : r.examples()) {
        g.writeString(e);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    if (h.surveyResponse() != null) {
      g.writeArrayFieldStart("surveyResponse");
      for (Health.SurveyResponse s : h.surveyResponse()) {
        g.writeStartObject();
        g.writeStringField("survey", s.survey());
        g.writeStringField("group", s.group());
        number(g, "controlRate", s.controlRate());
        number(g, "treatmentRate", s.treatmentRate());
        number(g, "pValue", s.pValue());
        g.writeBooleanField("comparable", s.comparable());
        number(g, "threshold", s.threshold());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  public static void srm(JsonGenerator g, String name, Health.SrmCheck srm) throws IOException {
    g.writeFieldName(name);
    if (srm == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "pValue", srm.pValue());
    g.writeBooleanField("mismatch", srm.mismatch());
    number(g, "threshold", srm.threshold());
    g.writeEndObject();
  }

  /** Freshness leaves out every part it does not have. */
  public static void freshness(JsonGenerator g, String name, Freshness f) throws IOException {
    g.writeFieldName(name);
    if (f == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    if (f.source() != null) {
      g.writeStringField("source", f.source());
    }
    if (f.newestChange() != null) {
      g.writeStringField("newestChange", f.newestChange());
    }
    if (f.foldedAt() != null) {
      g.writeStringField("foldedAt", f.foldedAt());
    }
    if (f.lagMs() != null) {
      g.writeNumberField("lagMs", f.lagMs().longValue());
    }
    g.writeEndObject();
  }

  /** One row of {@code results}, an element of the array the generator is in. */
  static void row(JsonGenerator g, MetricRow r) throws IOException {
    g.writeStartObject();
    g.writeStringField("metric", r.metric().id());
    g.writeStringField("type", r.type());
    if (r.direction() != null) {
      g.writeStringField("direction", r.direction());
    }
    g.writeObjectFieldStart("segment");
    g.writeStringField("attribute", r.segment().attribute());
    g.writeStringField("value", r.segment().value());
    g.writeEndObject();
    g.writeStringField("group", r.group());
    moments(g, "control", r.control());
    moments(g, "treatment", r.treatment());
    test(g, "absolute", r.absolute());
    test(g, "relative", r.relative());
    alwaysValid(g, "sequential", r.sequential());
    g.writeFieldName("cuped");
    if (r.cuped() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      g.writeBooleanField("applied", r.cuped().applied());
      number(g, "theta", r.cuped().theta());
      number(g, "varianceReduction", r.cuped().varianceReduction());
      g.writeEndObject();
    }
    number(g, "pValue", r.pValue());
    number(g, "pValueAdjusted", r.pValueAdjusted());
    number(g, "chanceToWin", r.chanceToWin());
    if (r.mde() != null) {
      g.writeObjectFieldStart("mde");
      number(g, "absolute", r.mde().absolute());
      number(g, "relative", r.mde().relative());
      number(g, "power", r.mde().power());
      g.writeEndObject();
    }
    interval(g, "incremental", r.incremental());
    if (r.costPerIncremental() != null) {
      interval(g, "costPerIncremental", r.costPerIncremental());
    }
    if (r.incrementalReturnOnSpend() != null) {
      interval(g, "incrementalReturnOnSpend", r.incrementalReturnOnSpend());
    }
    g.writeBooleanField("significant", r.significant());
    if (r.reason() != null) {
      g.writeStringField("reason", r.reason());
    }
    if (r.comparable() != null) {
      g.writeBooleanField("comparable", r.comparable());
    }
    if (r.survival() != null) {
      survival(g, r.survival());
    }
    g.writeEndObject();
  }

  public static void moments(JsonGenerator g, String name, MetricRow.Moments m) throws IOException {
    g.writeFieldName(name);
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("n", m.n());
    number(g, "mean", m.mean());
    number(g, "variance", m.variance());
    g.writeEndObject();
  }

  public static void test(JsonGenerator g, String name, MetricRow.Test t) throws IOException {
    g.writeFieldName(name);
    if (t == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "estimate", t.estimate());
    number(g, "se", t.se());
    number(g, "ciLower", t.ciLower());
    number(g, "ciUpper", t.ciUpper());
    number(g, "pValue", t.pValue());
    g.writeEndObject();
  }

  private static void alwaysValid(JsonGenerator g, String name, MetricRow.AlwaysValid a)
      throws IOException {
    g.writeFieldName(name);
    if (a == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "estimate", a.estimate());
    number(g, "ciLower", a.ciLower());
    number(g, "ciUpper", a.ciUpper());
    number(g, "pValue", a.pValue());
    g.writeEndObject();
  }

  static void interval(JsonGenerator g, String name, MetricRow.Interval i) throws IOException {
    g.writeFieldName(name);
    if (i == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "estimate", i.estimate());
    number(g, "ciLower", i.ciLower());
    number(g, "ciUpper", i.ciUpper());
    g.writeEndObject();
  }

  private static void survival(JsonGenerator g, MetricRow.Survival s) throws IOException {
    g.writeObjectFieldStart("survival");
    g.writeNumberField("horizonDays", s.horizonDays());
    g.writeFieldName("logRank");
    if (s.logRank() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      number(g, "chiSquare", s.logRank().chiSquare());
      number(g, "pValue", s.logRank().pValue());
      g.writeEndObject();
    }
    arm(g, "control", s.control());
    arm(g, "treatment", s.treatment());
    g.writeEndObject();
  }

  private static void arm(JsonGenerator g, String name, MetricRow.Arm a) throws IOException {
    g.writeFieldName(name);
    if (a == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    number(g, "rmst", a.rmst());
    number(g, "rmstSe", a.rmstSe());
    g.writeNumberField("events", a.events());
    if (a.curve() != null) {
      g.writeArrayFieldStart("curve");
      for (MetricRow.CurvePoint p : a.curve()) {
        g.writeStartObject();
        g.writeNumberField("day", p.day());
        number(g, "survival", p.survival());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A figure: a finite number as a number, an undefined one (NaN, an infinity) as null. */
  public static void number(JsonGenerator g, String name, double v) throws IOException {
    g.writeFieldName(name);
    number(g, v);
  }

  /** The same for an optional figure: null when absent. */
  public static void number(JsonGenerator g, String name, Double v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else {
      number(g, v.doubleValue());
    }
  }

  /** A figure as an array element. */
  public static void number(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }
}
