package campaignlift.evaluation;

import campaignlift.campaign.Correction;
import campaignlift.json.Json;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.GroupMoments;
import campaignlift.stats.LiftAnalysis;
import campaignlift.stats.LiftResult;
import campaignlift.stats.PValueCorrection;
import campaignlift.stats.TestResult;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * From sufficient statistics to the result document of docs/results.md. Pure: the same {@link
 * EvaluationInput} always gives the same document, which is what makes snapshots recomputable.
 *
 * <p>One row per metric × segment × treatment group, compared with the control group in the same
 * segment by {@link LiftAnalysis}. A segment value that some group lacks entirely gives no row for
 * that group. The family for the multiple-testing correction is every row of the evaluation; a
 * row's decision p-value is its relative-scale p-value, sequential when the campaign's {@code
 * sequential} is on.
 */
public final class Analysis {
  private Analysis() {}

  /** One computed comparison before the correction is applied. */
  private record Row(
      Metric metric,
      Segment segment,
      String group,
      Sums control,
      Sums treatment,
      LiftResult lift) {}

  /** The whole result document. */
  public static ObjectNode result(EvaluationInput in) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("campaignId", in.campaignId());
    doc.put("name", in.name());
    doc.put("evaluatedAt", in.evaluatedAt());
    doc.set("settings", settings(in.settings()));
    ArrayNode groups = doc.putArray("groups");
    for (GroupCount g : in.groups()) {
      ObjectNode o = groups.addObject();
      o.put("name", g.name());
      o.put("control", g.control());
      o.put("weight", g.weight());
      o.put("enrolled", g.enrolled());
      o.put("analysed", g.analysed());
    }
    doc.set("health", health(in.health()));
    doc.set("results", rows(in));
    return doc;
  }

  static ObjectNode settings(Settings s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("alpha", s.alpha());
    o.put("sequential", s.sequential());
    o.put("cuped", s.cuped());
    o.put("correction", s.correction().wireName());
    o.put("maturedOnly", s.maturedOnly());
    o.put("windowDays", s.windowDays());
    o.put("newUserDays", s.newUserDays());
    o.put("tuning", s.tuning());
    if (s.cost() == null) {
      o.putNull("cost");
    } else {
      o.put("cost", s.cost().doubleValue());
    }
    ArrayNode attrs = o.putArray("segmentAttributes");
    s.segmentAttributes().forEach(attrs::add);
    return o;
  }

  static ObjectNode health(Health h) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ObjectNode srm = o.putObject("srm");
    srm.put("pValue", h.srmPValue());
    srm.put("mismatch", h.srmMismatch());
    srm.put("threshold", Health.SRM_THRESHOLD);
    o.put("conflicts", h.conflicts());
    o.put("duplicates", h.duplicates());
    o.put("immatureExcluded", h.immatureExcluded());
    o.put("unknownGroup", h.unknownGroup());
    o.put("unreadable", h.unreadable());
    if (h.segmentValues() != null) {
      SegmentValues v = h.segmentValues();
      ObjectNode sv = o.putObject("segmentValues");
      sv.put("valuesPerAttribute", v.valuesPerAttribute());
      sv.put("maxValueLength", v.maxValueLength());
      ArrayNode attrs = sv.putArray("attributes");
      for (SegmentValues.Attribute a : v.attributes()) {
        ObjectNode x = attrs.addObject();
        x.put("attribute", a.attribute());
        x.put("distinctValues", a.distinctValues());
        x.put("distinctValuesExact", a.distinctValuesExact());
        x.put("ownSegments", a.ownSegments());
        x.put("foldedValues", a.foldedValues());
        x.put("foldedEnrolments", a.foldedEnrolments());
      }
    }
    return o;
  }

  /**
   * Segments in report order: all, userType, then each attribute in declared order with its values
   * in sort order, then {@code (none)}, then {@code (other)}.
   */
  static List<Segment> segments(EvaluationInput in) {
    Set<Segment> seen = new TreeSet<>();
    for (Statistic s : in.statistics()) {
      seen.add(s.segment());
    }
    Set<Segment> ordered = new LinkedHashSet<>();
    for (Segment s : List.of(Segment.ALL, Segment.NEW_USERS, Segment.EXISTING_USERS)) {
      if (seen.contains(s)) {
        ordered.add(s);
      }
    }
    for (String attribute : in.settings().segmentAttributes()) {
      for (Segment s : seen) {
        if (s.attribute().equals(attribute) && !Segment.isReserved(s.value())) {
          ordered.add(s);
        }
      }
      for (String special : List.of(Segment.NONE, Segment.OTHER)) {
        Segment s = new Segment(attribute, special);
        if (seen.contains(s)) {
          ordered.add(s);
        }
      }
    }
    return List.copyOf(ordered);
  }

  private static ArrayNode rows(EvaluationInput in) {
    Map<String, Sums> cells = new HashMap<>();
    for (Statistic s : in.statistics()) {
      cells.put(key(s.group(), s.segment(), s.metric()), s.sums());
    }
    Settings settings = in.settings();
    AnalysisSettings analysis = settings.analysis();
    String control = in.control().name();
    List<Row> rows = new ArrayList<>();
    List<Segment> segments = segments(in);
    for (Metric metric : Metric.values()) {
      for (Segment segment : segments) {
        Sums c = cells.get(key(control, segment, metric));
        for (GroupCount g : in.groups()) {
          Sums t = cells.get(key(g.name(), segment, metric));
          if (g.control() || c == null || t == null || c.n() == 0 || t.n() == 0) {
            continue;
          }
          LiftResult lift =
              LiftAnalysis.compare(
                  metric.type(),
                  c.toGroupSums(settings.cuped()),
                  t.toGroupSums(settings.cuped()),
                  analysis);
          rows.add(new Row(metric, segment, g.name(), c, t, lift));
        }
      }
    }
    double[] p = new double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(i).lift().decision().pValue();
    }
    double[] adjusted = PValueCorrection.adjust(p, method(settings.correction()));
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < p.length; i++) {
      out.add(row(rows.get(i), p[i], adjusted[i], settings));
    }
    return out;
  }

  static PValueCorrection.Method method(Correction c) {
    switch (c) {
      case HOLM:
        return PValueCorrection.Method.HOLM;
      case NONE:
        return PValueCorrection.Method.NONE;
      default:
        return PValueCorrection.Method.BENJAMINI_HOCHBERG;
    }
  }

  private static String key(String group, Segment segment, Metric metric) {
    return group + "\u0000" + segment.attribute() + "\u0000" + segment.value() + "\u0000" + metric;
  }

  private static ObjectNode row(Row r, double decisionP, double adjustedP, Settings settings) {
    LiftResult lift = r.lift();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("metric", r.metric().id());
    o.put("type", r.metric().type().name().toLowerCase(Locale.ROOT));
    ObjectNode seg = o.putObject("segment");
    seg.put("attribute", r.segment().attribute());
    seg.put("value", r.segment().value());
    o.put("group", r.group());
    o.set("control", moments(lift.control()));
    o.set("treatment", moments(lift.treatment()));
    o.set("absolute", test(lift.absolute()));
    o.set("relative", test(lift.relative()));
    ObjectNode seq = o.putObject("sequential");
    TestResult s = lift.sequential();
    number(seq, "estimate", s.estimate());
    number(seq, "ciLower", s.ciLower());
    number(seq, "ciUpper", s.ciUpper());
    number(seq, "pValue", s.pValue());
    ObjectNode cuped = o.putObject("cuped");
    cuped.put("applied", lift.cuped().applied());
    number(cuped, "theta", lift.cuped().theta());
    number(cuped, "varianceReduction", lift.cuped().varianceReduction());
    number(o, "pValue", decisionP);
    number(o, "pValueAdjusted", adjustedP);
    number(o, "chanceToWin", lift.chanceToWin());
    // Incremental outcomes: absolute lift × treatment n, with the interval on the same basis as
    // the decision (the always-valid absolute interval when sequential is on).
    TestResult absBasis = settings.sequential() ? lift.sequentialAbsolute() : lift.absolute();
    long n = lift.treatment().n();
    double inc = lift.absolute().estimate() * n;
    double incLow = absBasis.ciLower() * n;
    double incHigh = absBasis.ciUpper() * n;
    ObjectNode incremental = o.putObject("incremental");
    number(incremental, "estimate", inc);
    number(incremental, "ciLower", incLow);
    number(incremental, "ciUpper", incHigh);
    Double cost = settings.cost();
    if (cost != null && r.segment().equals(Segment.ALL)) {
      if (r.metric() == Metric.NEW_USERS || r.metric() == Metric.REPEAT_PURCHASE_RATE) {
        ObjectNode cpi = o.putObject("costPerIncremental");
        // Cost per incremental outcome is only defined while the increment is positive.
        number(cpi, "estimate", inc > 0 ? cost / inc : Double.NaN);
        number(cpi, "ciLower", incHigh > 0 ? cost / incHigh : Double.NaN);
        number(cpi, "ciUpper", incLow > 0 ? cost / incLow : Double.NaN);
      } else if (r.metric() == Metric.REVENUE && cost > 0) {
        ObjectNode ros = o.putObject("incrementalReturnOnSpend");
        number(ros, "estimate", inc / cost);
        number(ros, "ciLower", incLow / cost);
        number(ros, "ciUpper", incHigh / cost);
      }
    }
    o.put("significant", adjustedP < settings.alpha());
    TestResult decision = lift.decision();
    if (decision.isDegenerate() || lift.absolute().isDegenerate()) {
      o.put(
          "reason",
          (decision.isDegenerate() ? decision.reason() : lift.absolute().reason()).name());
    }
    return o;
  }

  private static ObjectNode moments(GroupMoments m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("n", m.n());
    number(o, "mean", m.mean());
    number(o, "variance", m.variance());
    return o;
  }

  private static ObjectNode test(TestResult t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    number(o, "estimate", t.estimate());
    number(o, "se", t.se());
    number(o, "ciLower", t.ciLower());
    number(o, "ciUpper", t.ciUpper());
    number(o, "pValue", t.pValue());
    return o;
  }

  /** Finite numbers as numbers; NaN and infinities (undefined figures) as null. */
  static void number(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }
}
