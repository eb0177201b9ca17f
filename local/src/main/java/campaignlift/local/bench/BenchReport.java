package campaignlift.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bench's figures: one JSON document, and the same figures as a table. */
final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final ObjectNode doc = JSON.createObjectNode();

  BenchReport(String mode) {
    doc.put("tool", "campaign-lift bench");
    doc.put("mode", mode);
    doc.put("startedAt", java.time.Instant.now().toString());
    ObjectNode m = doc.putObject("machine");
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryGb", round(totalMemory() / (1024.0 * 1024 * 1024), 1));
    m.put("jdk", jdk());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("dynamodbLocal", dynamoLocalVersion());
    m.put("backends", "DynamoDB Local in-process (in-memory), S3Proxy child process");
    m.put("loadAverageAtStart", round(loadAverage(), 2));
  }

  void finish(double seconds) {
    doc.put("seconds", round(seconds, 1));
    ((ObjectNode) doc.get("machine")).put("loadAverageAtEnd", round(loadAverage(), 2));
  }

  void ingestion(IngestionBench.Result r) {
    ObjectNode i = doc.putObject("ingestion");
    i.put("records", r.records());
    i.put("batch", IngestionBench.BATCH);
    i.put("clientConcurrency", IngestionBench.CLIENTS);
    i.put("writeConcurrency", IngestionBench.WRITERS);
    side(i.putObject("exposures"), r.handler().exposuresPerSecond(), r.raw().exposuresPerSecond());
    side(i.putObject("outcomes"), r.handler().outcomesPerSecond(), r.raw().outcomesPerSecond());
    ObjectNode units = i.putObject("capacityUnitsPerRecord");
    units.put(
        "source",
        "ConsumedCapacity (TOTAL) as DynamoDB reported it for every call; transactions count"
            + " twice a plain write, as DynamoDB bills them");
    units(units.putObject("exposure"), r.handlerUnits().exposure(), r.rawUnits().exposure());
    units(
        units.putObject("duplicateExposure"),
        r.handlerUnits().duplicateExposure(),
        r.rawUnits().duplicateExposure());
    units(units.putObject("outcome"), r.handlerUnits().outcome(), r.rawUnits().outcome());
    units(
        units.putObject("duplicateOutcome"),
        r.handlerUnits().duplicateOutcome(),
        r.rawUnits().duplicateOutcome());
    i.put("sameItemShapes", r.sameItemShapes());
    if (!r.sameItemShapes()) {
      i.put("shapeDifferences", r.shapeDifferences());
    }
    i.put("seconds", round(r.seconds(), 1));
  }

  private static void units(ObjectNode o, CapacityMeter.Units handler, CapacityMeter.Units raw) {
    o.put("handlerWrite", round(handler.writes(), 3));
    o.put("rawWrite", round(raw.writes(), 3));
    o.put("handlerRead", round(handler.reads(), 3));
    o.put("rawRead", round(raw.reads(), 3));
  }

  private static void side(ObjectNode o, double handler, double raw) {
    o.put("handlerPerSecond", round(handler, 1));
    o.put("rawPerSecond", round(raw, 1));
    o.put("ratio", round(handler / raw, 3));
  }

  /**
   * @param incomplete the size that failed after its end-to-end figure was measured, or null: its
   *     figure goes to {@code evaluation.incomplete}
   */
  void evaluation(
      List<EvaluationBench.Result> results,
      boolean fullSkipped,
      EvaluationBench.Incomplete incomplete) {
    ObjectNode e = doc.putObject("evaluation");
    e.put(
        "seeding",
        "enrolment items written directly with BatchWriteItem (25 per call, "
            + EvaluationBench.SEEDERS
            + " in flight) in the write path's item format, spread over the campaign's shards;"
            + " not through the handlers");
    e.put("readConcurrency", EvaluationBench.READERS);
    e.put("largestSizeSkipped", fullSkipped);
    ArrayNode sizes = e.putArray("sizes");
    for (EvaluationBench.Result r : results) {
      ObjectNode s = sizes.addObject();
      s.put("enrolments", r.enrolments());
      s.put("seedSeconds", round(r.seedSeconds(), 2));
      s.put("seedPerSecond", round(r.seedPerSecond(), 0));
      s.put("path", "recompute: every enrolment read (evaluator) vs raw parallel Query");
      run(s.putObject("evaluator"), r.evaluator());
      run(s.putObject("raw"), r.raw());
      s.put("ratio", round(r.ratio(), 3));
      s.put("fullReadSeconds", round(r.evaluator().seconds(), 3));
      s.put("endToEndSeconds", round(r.endToEndSeconds(), 3));
      s.put("endToEndSource", r.endToEndSource());
      s.put("equalToFullRead", r.equalToFullRead());
      s.put("aggregateItems", r.aggregateItems());
      s.put("aggregateParts", r.aggregateParts());
      if (r.difference() != null) {
        s.put("difference", r.difference());
      }
      ObjectNode fold = s.putObject("streamFold");
      fold.put("records", r.fold().records());
      fold.put("seconds", round(r.fold().seconds(), 3));
      fold.put("perSecond", round(r.fold().perSecond(), 0));
      fold.put("invocations", r.fold().invocations());
      fold.put("retries", r.fold().retries());
      ObjectNode rawStream = s.putObject("rawStream");
      rawStream.put("records", r.rawStream().records());
      rawStream.put("seconds", round(r.rawStream().seconds(), 3));
      rawStream.put("perSecond", round(r.rawStream().perSecond(), 0));
      rawStream.put("shards", r.rawStream().shards());
      s.put("streamRatio", round(r.streamRatio(), 3));
    }
    if (incomplete != null) {
      ObjectNode i = e.putObject("incomplete");
      i.put("enrolments", incomplete.enrolments());
      i.put("endToEndSeconds", round(incomplete.endToEndSeconds(), 3));
      i.put("endToEndSource", incomplete.endToEndSource());
      i.put("failedWhile", incomplete.failedWhile());
    }
  }

  /** Whether the result from the aggregates equals a full read's, as one line. */
  static String equalityLine(EvaluationBench.Result r) {
    String size = sizeLabel(r.enrolments());
    if (!"stream".equals(r.endToEndSource())) {
      return "the evaluation at "
          + size
          + " was not computed from the aggregates (health.freshness.source "
          + r.endToEndSource()
          + ")";
    }
    return r.equalToFullRead()
        ? "result from the aggregates at " + size + " equals a full read (freshness aside)"
        : "result from the aggregates at " + size + " DIFFERS from a full read: " + r.difference();
  }

  private static void run(ObjectNode o, EvaluationBench.Run r) {
    o.put("seconds", round(r.seconds(), 3));
    o.put("perSecond", round(r.perSecond(), 0));
    o.put("peakHeapMb", round(r.peakUsedMb(), 1));
    o.put("peakLiveHeapMb", round(r.peakLiveMb(), 1));
  }

  /** The targets: launch → response within this multiple of the floor. */
  static final double LAUNCH_TO_FLOOR_TARGET = 1.2;

  /** And the first invocation after priming within this multiple of a warm one. */
  static final double PRIMED_TO_WARM_TARGET = 1.5;

  void coldStart(ColdStartBench.Result r, long jarBytes) {
    ObjectNode c = doc.putObject("coldStart");
    c.put("runs", r.runs());
    c.put("warmInvocations", r.warmInvocations());
    ArrayNode flags = c.putArray("jvmFlags");
    r.jvmFlags().forEach(flags::add);
    ArrayNode classPath = c.putArray("classPath");
    r.classPath().forEach(classPath::add);
    c.put("runtimeJniLibrary", r.jniLibrary());
    c.put("javaToolOptions", r.javaToolOptions());
    c.put(
        "floor",
        "Jackson reads a small JSON, an SDK v2 DynamoDB client on the URL-connection client does"
            + " one GetItem; launch to response");
    c.put("floorMs", round(r.floor().ms(), 1));
    c.put("floorClassesLoaded", r.floor().classesLoaded());
    ms(c.putArray("floorRunsMs"), r.floor().runsMs());
    ArrayNode floors = c.putArray("serviceFloors");
    for (ColdStartBench.Floor f : r.serviceFloors()) {
      ObjectNode o = floors.addObject();
      ArrayNode services = o.putArray("services");
      f.services().forEach(services::add);
      o.put("ms", round(f.ms(), 1));
      o.put("toFloor", round(f.ms() / r.floor().ms(), 3));
      o.put("classesLoaded", f.classesLoaded());
      ms(o.putArray("runsMs"), f.runsMs());
    }
    ArrayNode list = c.putArray("functions");
    int launchMet = 0;
    int primedMet = 0;
    int servicesMet = 0;
    int servicesCompared = 0;
    for (ColdStartBench.Function f : r.functions()) {
      ObjectNode o = list.addObject();
      o.put("function", f.logicalId());
      o.put("event", f.event());
      o.put("launchToResponseMs", round(f.launchToResponseMs(), 1));
      ms(o.putArray("launchRunsMs"), f.launchRunsMs());
      o.put("jvmStartToResponseMs", round(f.jvmStartToResponseMs(), 0));
      o.put("jvmBootMs", round(f.jvmBootMs(), 0));
      o.put("initMs", round(f.initMs(), 1));
      o.put("firstInvokeMs", round(f.firstInvokeMs(), 1));
      o.put("classesLoaded", f.classesLoaded());
      o.put("status", f.status());
      double launchToFloor = f.launchToResponseMs() / r.floor().ms();
      o.put("launchToFloor", round(launchToFloor, 3));
      boolean launchOk = launchToFloor <= LAUNCH_TO_FLOOR_TARGET;
      o.put("launchWithinTarget", launchOk);
      launchMet += launchOk ? 1 : 0;
      ArrayNode calls = o.putArray("calls");
      f.calls().forEach(calls::add);
      ArrayNode services = o.putArray("services");
      f.services().forEach(services::add);
      ColdStartBench.Floor own = floorOf(r, f.services());
      if (own == null) {
        o.put("servicesFloor", "none: the floor cannot call " + f.services());
      } else {
        double toOwn = f.launchToResponseMs() / own.ms();
        o.put("servicesFloorMs", round(own.ms(), 1));
        o.put("launchToServicesFloor", round(toOwn, 3));
        boolean ok = toOwn <= LAUNCH_TO_FLOOR_TARGET;
        o.put("launchWithinServicesFloorTarget", ok);
        servicesCompared++;
        servicesMet += ok ? 1 : 0;
      }
      o.put("primed", f.primed());
      if (!f.primed()) {
        o.put("primedReason", f.primedReason());
      }
      o.put("primingHooksMs", round(f.hooksMs(), 1));
      if (f.primed()) {
        o.put("primedFirstInvokeMs", round(f.primedFirstInvokeMs(), 2));
      }
      ms(o.putArray("primedRunsMs"), f.primedRunsMs());
      o.put("classesLoadedByPrimedFirstInvoke", f.classesLoadedByPrimedFirstInvoke());
      o.put("callsByPrimedFirstInvoke", round(f.callsByPrimedFirstInvoke(), 1));
      o.put("warmInvokeMs", round(f.warmInvokeMs(), 2));
      o.put("callsPerWarmInvoke", round(f.callsPerWarmInvoke(), 1));
      o.put("primedStatus", f.primedStatus());
      if (f.primed()) {
        double primedToWarm = f.primedFirstInvokeMs() / f.warmInvokeMs();
        o.put("primedToWarm", round(primedToWarm, 3));
        boolean primedOk = primedToWarm <= PRIMED_TO_WARM_TARGET;
        o.put("primedWithinTarget", primedOk);
        primedMet += primedOk ? 1 : 0;
      }
    }
    ObjectNode targets = c.putObject("targets");
    targets.put("launchToFloorAtMost", LAUNCH_TO_FLOOR_TARGET);
    targets.put("primedToWarmAtMost", PRIMED_TO_WARM_TARGET);
    targets.put("functions", r.functions().size());
    targets.put("launchMetBy", launchMet);
    targets.put("primedMetBy", primedMet);
    targets.put("launchToServicesFloorComparedFor", servicesCompared);
    targets.put("launchToServicesFloorMetBy", servicesMet);
    targets.put("allMet", launchMet == r.functions().size() && primedMet == r.functions().size());
    if (jarBytes < 0) {
      c.put("functionJar", "missing");
    } else {
      c.put("functionJarBytes", jarBytes);
      c.put("functionJarMb", round(jarBytes / 1e6, 1));
    }
  }

  /** The floor of exactly {@code services}, or null when none was measured. */
  private static ColdStartBench.Floor floorOf(ColdStartBench.Result r, List<String> services) {
    if (r.floor().services().equals(services)) {
      return r.floor();
    }
    return r.serviceFloors().stream()
        .filter(f -> f.services().equals(services))
        .findFirst()
        .orElse(null);
  }

  private static void ms(ArrayNode a, List<Double> values) {
    values.forEach(v -> a.add(round(v, 2)));
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), doc);
  }

  /** "1.34x DynamoDb+S3" — the launch against the floor of the services a function calls. */
  private static String ownFloor(JsonNode f) {
    if (!f.has("launchToServicesFloor")) {
      return String.format(Locale.ROOT, "%-22s", "(no floor of its calls)");
    }
    return String.format(
        Locale.ROOT,
        "%4.2fx %-17s",
        f.get("launchToServicesFloor").asDouble(),
        String.join("+", strings(f.get("services"))));
  }

  /** The table: one line per figure. */
  void print(PrintStream out) {
    ObjectNode m = (ObjectNode) doc.get("machine");
    out.printf(
        "campaign-lift bench  (machine: %d cores, %.1f GB, %s, DynamoDB Local %s in-process;"
            + " load %.2f)%n",
        m.get("cores").asInt(),
        m.get("memoryGb").asDouble(),
        m.get("jdk").asText(),
        m.get("dynamodbLocal").asText(),
        m.get("loadAverageAtStart").asDouble());
    if (doc.has("ingestion")) {
      ObjectNode i = (ObjectNode) doc.get("ingestion");
      for (String kind : List.of("exposures", "outcomes")) {
        ObjectNode s = (ObjectNode) i.get(kind);
        out.printf(
            "ingestion     %-13s handler %-8s raw SDK %-8s ratio %.2f%n",
            kind + "/s",
            fmt(s.get("handlerPerSecond").asDouble()),
            fmt(s.get("rawPerSecond").asDouble()),
            s.get("ratio").asDouble());
      }
      var units = i.get("capacityUnitsPerRecord");
      for (String kind : List.of("exposure", "duplicateExposure", "outcome", "duplicateOutcome")) {
        var u = units.get(kind);
        out.printf(
            "units/record  %-18s write %6.2f (raw %5.2f)  read %6.2f (raw %5.2f)%n",
            kind,
            u.get("handlerWrite").asDouble(),
            u.get("rawWrite").asDouble(),
            u.get("handlerRead").asDouble(),
            u.get("rawRead").asDouble());
      }
      out.printf(
          "              (%d records per kind and side, batches of %d, %d in flight, item shapes %s)%n",
          i.get("records").asInt(),
          IngestionBench.BATCH,
          IngestionBench.CLIENTS,
          i.get("sameItemShapes").asBoolean() ? "match" : "DIFFER: " + i.get("shapeDifferences"));
    }
    if (doc.has("evaluation")) {
      for (var s : doc.get("evaluation").get("sizes")) {
        var ev = s.get("evaluator");
        var raw = s.get("raw");
        String size = sizeLabel(s.get("enrolments").asInt());
        out.printf(
            "evaluation    %-5s from aggregates: end-to-end %.3f s   (full read %.3f s;"
                + " %d aggregate items, %d partials)   %s%n",
            size,
            s.get("endToEndSeconds").asDouble(),
            s.get("fullReadSeconds").asDouble(),
            s.get("aggregateItems").asInt(),
            s.get("aggregateParts").asInt(),
            !"stream".equals(s.get("endToEndSource").asText())
                ? "NOT FROM AGGREGATES (source " + s.get("endToEndSource").asText() + ")"
                : s.get("equalToFullRead").asBoolean()
                    ? "equal to full read"
                    : "DIFFERS from full read: " + s.get("difference").asText());
        var fold = s.get("streamFold");
        var rawStream = s.get("rawStream");
        out.printf(
            "stream        %-5s changes/s    function %-8s raw GetRecords %-8s ratio %.3f"
                + "   (%d changes, %d invocations, %d shard(s))%n",
            size,
            fmt(fold.get("perSecond").asDouble()),
            fmt(rawStream.get("perSecond").asDouble()),
            s.get("streamRatio").asDouble(),
            fold.get("records").asLong(),
            fold.get("invocations").asLong(),
            rawStream.get("shards").asInt());
        out.printf(
            "recompute     %-13s evaluator %-8s raw Query %-8s ratio %.2f   heap MB: peak %s"
                + " live %s (raw: peak %s live %s)%n",
            size + " enr/s",
            fmt(ev.get("perSecond").asDouble()),
            fmt(raw.get("perSecond").asDouble()),
            s.get("ratio").asDouble(),
            fmt(ev.get("peakHeapMb").asDouble()),
            fmt(ev.get("peakLiveHeapMb").asDouble()),
            fmt(raw.get("peakHeapMb").asDouble()),
            fmt(raw.get("peakLiveHeapMb").asDouble()));
      }
      out.print("              (enrolments seeded with BatchWriteItem, not through the handlers:");
      for (var s : doc.get("evaluation").get("sizes")) {
        out.printf(
            " %s in %.1f s;",
            sizeLabel(s.get("enrolments").asInt()), s.get("seedSeconds").asDouble());
      }
      out.println(
          doc.get("evaluation").get("largestSizeSkipped").asBoolean()
              ? " 10^6 skipped: add --full)"
              : ")");
    }
    if (doc.has("evaluation") && doc.get("evaluation").has("incomplete")) {
      var i = doc.get("evaluation").get("incomplete");
      out.printf(
          "evaluation    %-5s from aggregates: end-to-end %.3f s   (source %s; not compared: failed"
              + " while %s)%n",
          sizeLabel(i.get("enrolments").asInt()),
          i.get("endToEndSeconds").asDouble(),
          i.get("endToEndSource").asText(),
          i.get("failedWhile").asText());
    }
    if (doc.has("error")) {
      out.println("FAILED        " + doc.get("error").asText());
    }
    if (doc.has("coldStart")) {
      var c = doc.get("coldStart");
      out.printf(
          "cold floor    %-28s launch %5.0f ms  %5d classes   (Jackson + SDK DynamoDB client on"
              + " url-connection, one GetItem; median of %d JVMs)%n",
          "(the least a function does)",
          c.get("floorMs").asDouble(),
          c.get("floorClassesLoaded").asLong(),
          c.get("runs").asInt());
      for (var f : c.path("serviceFloors")) {
        out.printf(
            "cold floor    %-28s launch %5.0f ms  %5d classes  %4.2fx floor   (and one call to"
                + " each; the floor of a function calling them)%n",
            "+ "
                + String.join(
                    " + ", strings(f.get("services")).subList(1, f.get("services").size())),
            f.get("ms").asDouble(),
            f.get("classesLoaded").asLong(),
            f.get("toFloor").asDouble());
      }
      for (var f : c.get("functions")) {
        String primed =
            f.get("primed").asBoolean()
                ? String.format(
                    Locale.ROOT,
                    "primed first %7.2f ms (%.0f calls)  warm %7.2f ms (%.0f)  %5.2fx warm",
                    f.get("primedFirstInvokeMs").asDouble(),
                    f.get("callsByPrimedFirstInvoke").asDouble(),
                    f.get("warmInvokeMs").asDouble(),
                    f.get("callsPerWarmInvoke").asDouble(),
                    f.get("primedToWarm").asDouble())
                : String.format(
                    Locale.ROOT,
                    "NOT PRIMED (%s)  warm %.2f ms",
                    f.get("primedReason").asText(),
                    f.get("warmInvokeMs").asDouble());
        out.printf(
            "cold start    %-28s launch %5.0f ms  %5d classes  %4.2fx floor  %s | %s | status %s%n",
            f.get("function").asText(),
            f.get("launchToResponseMs").asDouble(),
            f.get("classesLoaded").asLong(),
            f.get("launchToFloor").asDouble(),
            ownFloor(f),
            primed,
            f.get("status").asInt() == 0 ? "n/a" : f.get("status").asText());
      }
      var t = c.get("targets");
      out.printf(
          "targets       launch -> response <= %.1fx floor: %s;  primed first <= %.1fx warm: %s%n",
          t.get("launchToFloorAtMost").asDouble(),
          met(c.get("functions"), "launchWithinTarget", t.get("launchMetBy").asInt()),
          t.get("primedToWarmAtMost").asDouble(),
          met(c.get("functions"), "primedWithinTarget", t.get("primedMetBy").asInt()));
      out.printf(
          "              launch -> response <= %.1fx the floor of the services it calls: %s%n",
          t.get("launchToFloorAtMost").asDouble(),
          met(
              c.get("functions"),
              "launchWithinServicesFloorTarget",
              t.get("launchToServicesFloorMetBy").asInt(),
              "no floor of its calls"));
      out.printf(
          "              (each a fresh JVM: %s, JAVA_TOOL_OPTIONS %s; class path: %s)%n",
          String.join(" ", strings(c.get("jvmFlags"))),
          c.get("javaToolOptions").asText(),
          String.join(", ", strings(c.get("classPath"))));
      out.printf(
          "function jar  %s%n",
          c.has("functionJarMb") ? c.get("functionJarMb").asText() + " MB" : "missing");
    }
  }

  /**
   * "met by 9 of 11 (missed: A, B)", or "MET by all 11"; functions without the figure (not primed)
   * are named apart.
   */
  private static String met(JsonNode functions, String field, int n) {
    return met(functions, field, n, "not primed");
  }

  /** As above; {@code without} names the functions that have no figure. */
  private static String met(JsonNode functions, String field, int n, String without) {
    List<String> missed = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (var f : functions) {
      if (!f.has(field)) {
        absent.add(f.get("function").asText());
      } else if (!f.path(field).asBoolean()) {
        missed.add(f.get("function").asText());
      }
    }
    if (absent.size() == functions.size() && !absent.isEmpty()) {
      return "no figure (" + without + ": all)";
    }
    String out =
        missed.isEmpty() && absent.isEmpty()
            ? "MET by all " + n
            : "met by " + n + " of " + functions.size();
    if (!missed.isEmpty()) {
      out += " (missed: " + String.join(", ", missed) + ")";
    }
    if (!absent.isEmpty()) {
      out += " (" + without + ": " + String.join(", ", absent) + ")";
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  static String sizeLabel(int n) {
    int exp = (int) Math.round(Math.log10(n));
    return Math.pow(10, exp) == n ? "10^" + exp : Integer.toString(n);
  }

  private static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String jdk() {
    String vm = System.getProperty("java.vm.name", "");
    String name = vm.startsWith("OpenJDK") ? "OpenJDK" : System.getProperty("java.vm.vendor");
    return name + " " + System.getProperty("java.version");
  }

  private static String dynamoLocalVersion() {
    try {
      var source =
          Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner")
              .getProtectionDomain()
              .getCodeSource();
      Matcher m =
          Pattern.compile("DynamoDBLocal-([^/]+)\\.jar").matcher(source.getLocation().toString());
      return m.find() ? m.group(1) : "unknown";
    } catch (ClassNotFoundException | SecurityException e) {
      return "unknown";
    }
  }
}
