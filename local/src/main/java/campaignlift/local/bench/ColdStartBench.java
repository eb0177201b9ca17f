package campaignlift.local.bench;

import campaignlift.local.LocalBackends;
import campaignlift.local.Template;
import campaignlift.store.Backend;
import com.amazonaws.services.lambda.crac.Core;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Cold start against the running backends, every figure from fresh JVMs on what Lambda runs — the
 * deployable jar — plus the probe's own classes and the runtime interface client's jar, never the
 * twin's class path (BENCHMARKS.md, "Cold start"):
 *
 * <ul>
 *   <li>the <b>floor</b> ({@link FloorMain}): Jackson, an SDK DynamoDB client on the URL-connection
 *       client and one GetItem, launch to response;
 *   <li>the <b>floors of the services called</b>: for each other set of services the functions'
 *       invocations call ({@link CallRecorder}, in the primed probes), the floor plus one call to
 *       each of them — what a function calling those services cannot go below;
 *   <li>per function, <b>launch → response</b> ({@link ColdStartMain} {@code cold}): the handler's
 *       no-arg constructor on the function's environment and its first sample event, no priming;
 *   <li>per function, the <b>primed first invocation</b> and the <b>warm invocation</b> ({@link
 *       ColdStartMain} {@code primed}): the SnapStart hooks run as the runtime runs them, then the
 *       same event invoked once and then {@code warmInvocations} more times in that JVM.
 * </ul>
 *
 * Each figure is the median of {@code runs} JVMs. A first round of primed probes, not measured,
 * lists each function's calls (which decide the floors) and warms the backends; then rounds
 * alternate (every floor, then every function's cold run; after all of them the primed runs), so a
 * slow moment on a shared machine does not fall on one side only. Functions run in the template's
 * order on the first sample event of {@code events/<Function>/}, the order the sample events replay
 * in. Every invocation's event is made new ({@link FreshEvent}: new event ids, new users where
 * records have no event id, newer stream sequence numbers), so each records new data as most
 * requests do, rather than redelivering the first one's. The objects the events name ({@code
 * events/<Function>/objects/}) are put into the bucket first.
 *
 * @param only the functions to measure (logical ids), or empty for all of them
 * @param root the repository (sample events under {@code events/}, the jar under {@code
 *     functions/target/})
 */
record ColdStartBench(
    Path root,
    Template template,
    LocalBackends backends,
    int runs,
    int warmInvocations,
    Set<String> only) {
  /** Runs per figure by default; the median is reported. */
  static final int DEFAULT_RUNS = 5;

  /** Warm invocations after the primed first one, by default. */
  static final int DEFAULT_WARM_INVOCATIONS = 5;

  /**
   * Every probe's JVM options: Lambda's for its Java 17 and 21 runtimes (tiered compilation stopped
   * at C1, the serial collector; docs.aws.amazon.com/lambda/latest/dg/java-customization.html), and
   * the property with which Lambda's Java runtime maps {@code org.crac} onto the runtime interface
   * client's context.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");

  /** The probe's own classes, copied alone into a directory for the probes' class path. */
  static final List<Class<?>> PROBE_CLASSES =
      List.of(ColdStartMain.class, FloorMain.class, ProbeLine.class, CallRecorder.class);

  /**
   * Variables of this JVM's environment that would add JVM options behind the bench's back. The
   * template's own {@code JAVA_TOOL_OPTIONS}, part of the functions' environment, is set again
   * after: Lambda applies it too.
   */
  private static final List<String> JVM_OPTION_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

  private static final String JNI_RESOURCE = "jni/libaws-lambda-jni.linux-%s.so";

  /** The services of the floor: one GetItem. */
  static final List<String> BASE_SERVICES = List.of("DynamoDb");

  /** The queue a floor calling SQS asks about (any queue would do; this one the template has). */
  static final String FLOOR_QUEUE_VARIABLE = "EVALUATION_QUEUE_URL";

  /**
   * A floor ({@link FloorMain}): medians over {@code runsMs}.
   *
   * @param services the services it calls, {@link #BASE_SERVICES} first
   */
  record Floor(List<String> services, double ms, long classesLoaded, List<Double> runsMs) {}

  /**
   * One function's figures, each the median over the runs.
   *
   * @param primedReason why the primed figure is missing (null when it is there)
   * @param primedFirstInvokeMs NaN when not primed
   */
  record Function(
      String logicalId,
      String event,
      double launchToResponseMs,
      List<Double> launchRunsMs,
      double jvmStartToResponseMs,
      double jvmBootMs,
      double initMs,
      double firstInvokeMs,
      long classesLoaded,
      int status,
      boolean primed,
      String primedReason,
      double hooksMs,
      double primedFirstInvokeMs,
      List<Double> primedRunsMs,
      long classesLoadedByPrimedFirstInvoke,
      double callsByPrimedFirstInvoke,
      double warmInvokeMs,
      double callsPerWarmInvoke,
      int primedStatus,
      List<String> calls) {
    /** The services its calls reach, as {@link ColdStartBench#services} lists them. */
    List<String> services() {
      return ColdStartBench.services(calls);
    }
  }

  /**
   * @param floor the floor, {@link #BASE_SERVICES}
   * @param serviceFloors one per other set of services the functions call, where {@link FloorMain}
   *     can call them all
   */
  record Result(
      Floor floor,
      List<Floor> serviceFloors,
      List<Function> functions,
      int runs,
      int warmInvocations,
      List<String> jvmFlags,
      List<String> classPath,
      String jniLibrary,
      String javaToolOptions) {}

  Result run() throws Exception {
    Path work = Files.createTempDirectory("lift-cold-start");
    try {
      return run(work);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private Result run(Path work) throws Exception {
    Path lambdaJar = lambdaJar(root);
    Path runtimeClient = codeSource(Core.class);
    Path probeClasses = copyProbeClasses(work.resolve("probe-classes"));
    List<Path> classPath = List.of(probeClasses, lambdaJar, runtimeClient);
    String jni = extractJniLibrary(runtimeClient, work);
    Map<String, String> env = environment();

    List<String> base = new ArrayList<>();
    base.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    base.addAll(JVM_FLAGS);
    List<String> cp = withClassPath(base, classPath);
    // Only the primed probes list their AWS calls: the timed cold probes run without the recorder.
    List<Path> recording = new ArrayList<>(classPath);
    recording.add(callRecorderListing(work.resolve("call-recorder")));
    List<String> primedCp = withClassPath(base, recording);

    List<Template.Function> functions = new ArrayList<>();
    Map<String, Path> events = new LinkedHashMap<>();
    for (Template.Function f : ordered()) {
      Path event = firstEvent(f.logicalId());
      if (event != null) {
        functions.add(f);
        events.put(f.logicalId(), event);
      }
    }

    Map<String, List<Map<String, String>>> coldRuns = new LinkedHashMap<>();
    Map<String, List<Map<String, String>>> primedRuns = new LinkedHashMap<>();
    Map<List<String>, List<Map<String, String>>> floorRuns = new LinkedHashMap<>();
    floorRuns.put(BASE_SERVICES, new ArrayList<>());
    try (Backend objects = backends.backend(template, null)) {
      // A first, unmeasured round of primed probes lists each function's calls, which decide the
      // floors to measure, and warms the backends (DynamoDB Local's own JIT) for every probe after.
      for (Template.Function f : functions) {
        Map<String, String> listed =
            handlerProbe(primedCp, env, work, f, events.get(f.logicalId()), "primed", jni, objects);
        List<String> services = services(calls(List.of(listed)));
        if (floorable(services)) {
          floorRuns.putIfAbsent(services, new ArrayList<>());
        }
      }
      Map<List<String>, Path> floorRequests = new LinkedHashMap<>();
      for (List<String> services : floorRuns.keySet()) {
        floorRequests.put(services, floorRequest(work, env, services));
      }
      for (int r = 0; r < runs; r++) {
        for (var floor : floorRuns.entrySet()) {
          List<String> command = new ArrayList<>(cp);
          command.add(FloorMain.class.getName());
          command.add(floorRequests.get(floor.getKey()).toString());
          floor.getValue().add(probe(command, env, work, "the floor probe of " + floor.getKey()));
        }
        for (Template.Function f : functions) {
          coldRuns
              .computeIfAbsent(f.logicalId(), k -> new ArrayList<>())
              .add(
                  handlerProbe(cp, env, work, f, events.get(f.logicalId()), "cold", null, objects));
        }
      }
      for (int r = 0; r < runs; r++) {
        for (Template.Function f : functions) {
          primedRuns
              .computeIfAbsent(f.logicalId(), k -> new ArrayList<>())
              .add(
                  handlerProbe(
                      primedCp, env, work, f, events.get(f.logicalId()), "primed", jni, objects));
        }
      }
    }

    List<Floor> floors = new ArrayList<>();
    floorRuns.forEach(
        (services, probes) -> {
          List<Double> ms = probes.stream().map(m -> sinceLaunch(m, "response")).toList();
          floors.add(new Floor(services, median(ms), medianLong(probes, "classes"), ms));
        });
    List<Function> out = new ArrayList<>();
    for (Template.Function f : functions) {
      out.add(
          function(
              f.logicalId(),
              root.relativize(events.get(f.logicalId())).toString(),
              coldRuns.get(f.logicalId()),
              primedRuns.get(f.logicalId())));
    }
    return new Result(
        floors.get(0),
        floors.subList(1, floors.size()),
        out,
        runs,
        warmInvocations,
        JVM_FLAGS,
        List.of(
            "probe classes (" + simpleNames() + ")",
            shown(lambdaJar),
            runtimeClient.getFileName().toString()),
        jni == null ? "none" : "extracted from " + runtimeClient.getFileName(),
        env.getOrDefault("JAVA_TOOL_OPTIONS", "none"));
  }

  private static List<String> withClassPath(List<String> base, List<Path> classPath) {
    List<String> command = new ArrayList<>(base);
    command.add("-cp");
    command.add(
        String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    return command;
  }

  /** A class-path directory whose SDK interceptor listing names {@link CallRecorder}. */
  private static Path callRecorderListing(Path dir) throws IOException {
    Path listing = dir.resolve(CallRecorder.LISTING);
    Files.createDirectories(listing.getParent());
    Files.writeString(listing, CallRecorder.class.getName() + "\n");
    return dir;
  }

  /** The request of the floor calling {@code services}, written to a file under {@code work}. */
  private Path floorRequest(Path work, Map<String, String> env, List<String> services)
      throws IOException {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("table", env.get("CAMPAIGNS_TABLE"));
    request.put("key", hashKey(env.get("CAMPAIGNS_TABLE")));
    request.put("value", "cold-start-floor-absent");
    request.put("services", services.subList(1, services.size()));
    request.put("bucket", env.get("BUCKET"));
    request.put("queueUrl", env.get(FLOOR_QUEUE_VARIABLE));
    Path file = work.resolve("floor-" + String.join("-", services) + ".json");
    new ObjectMapper().writeValue(file.toFile(), request);
    return file;
  }

  /** The AWS calls a function's primed probes made, {@code Service.Operation}, sorted. */
  static List<String> calls(List<Map<String, String>> primed) {
    Set<String> calls = new TreeSet<>();
    for (Map<String, String> m : primed) {
      for (String c : m.getOrDefault("calls", "").split(",")) {
        if (!c.isBlank()) {
          calls.add(c);
        }
      }
    }
    return List.copyOf(calls);
  }

  /**
   * The services of {@code calls} as a floor calls them: DynamoDB (every floor's GetItem) first,
   * then the others sorted.
   */
  static List<String> services(List<String> calls) {
    Set<String> others = new TreeSet<>();
    for (String c : calls) {
      String service = c.substring(0, Math.max(0, c.indexOf('.')));
      if (!service.isEmpty() && !service.equals(BASE_SERVICES.get(0))) {
        others.add(service);
      }
    }
    List<String> out = new ArrayList<>(BASE_SERVICES);
    out.addAll(others);
    return List.copyOf(out);
  }

  /** Whether {@link FloorMain} can call every one of {@code services}. */
  static boolean floorable(List<String> services) {
    return FloorMain.SERVICES.containsAll(services.subList(1, services.size()));
  }

  private Function function(
      String id, String event, List<Map<String, String>> cold, List<Map<String, String>> primed) {
    List<Double> launch = cold.stream().map(m -> sinceLaunch(m, "response")).toList();
    String reason =
        primed.stream()
            .filter(m -> !Boolean.parseBoolean(m.get("primed")))
            .map(m -> m.getOrDefault("reason", "not primed"))
            .findFirst()
            .orElse(null);
    List<Double> first = primed.stream().map(m -> number(m, "firstMs")).toList();
    List<Double> warm =
        primed.stream()
            .map(
                m ->
                    median(
                        Arrays.stream(m.get("warmMs").split(","))
                            .filter(s -> !s.isBlank())
                            .map(Double::parseDouble)
                            .toList()))
            .toList();
    return new Function(
        id,
        event,
        median(launch),
        launch,
        median(cold.stream().map(m -> number(m, "response") - number(m, "jvmStart")).toList()),
        median(cold.stream().map(m -> number(m, "main") - number(m, "jvmStart")).toList()),
        median(cold.stream().map(m -> number(m, "initMs")).toList()),
        median(cold.stream().map(m -> number(m, "invokeMs")).toList()),
        medianLong(cold, "classes"),
        Integer.parseInt(cold.get(0).get("status")),
        reason == null,
        reason,
        median(primed.stream().map(m -> number(m, "hooksMs")).toList()),
        reason == null ? median(first) : Double.NaN,
        first,
        medianLong(primed, "classesByFirst"),
        median(primed.stream().map(m -> number(m, "callsByFirst")).toList()),
        median(warm),
        median(primed.stream().map(m -> number(m, "callsPerWarm")).toList()),
        Integer.parseInt(primed.get(0).get("status")),
        calls(primed));
  }

  private Map<String, String> handlerProbe(
      List<String> cp,
      Map<String, String> env,
      Path work,
      Template.Function f,
      Path event,
      String mode,
      String jni,
      Backend objects) {
    List<String> command = new ArrayList<>(cp);
    if (jni != null) {
      // Inserted before -cp: a system property, as the runtime finds its library.
      command.add(command.indexOf("-cp"), "-D" + ColdStartMain.JNI_PROPERTY + "=" + jni);
    }
    // The probe's own new ids: its start time (probes run one after another) tells them apart.
    long clock = System.currentTimeMillis();
    String probeId = Long.toString(clock, 36);
    Path events = work.resolve("events").resolve(f.logicalId() + "-" + mode + "-" + probeId);
    try {
      Files.createDirectories(events);
      byte[] sample = Files.readAllBytes(event);
      for (int n = 1; n <= warmInvocations + 1; n++) {
        byte[] fresh = FreshEvent.of(sample, probeId, n, clock);
        Files.write(
            events.resolve(n + ".json"), withFreshObjects(f, fresh, probeId, n, clock, objects));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    command.addAll(
        List.of(
            ColdStartMain.class.getName(),
            mode,
            f.handlerClass(),
            events.toString(),
            f.logicalId(),
            Integer.toString(warmInvocations),
            Integer.toString(f.timeoutSeconds())));
    Map<String, String> fenv = new LinkedHashMap<>(env);
    // What Lambda sets in every execution environment, as far as the functions may read it.
    fenv.put("AWS_LAMBDA_FUNCTION_NAME", f.logicalId());
    fenv.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    fenv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    fenv.put("AWS_LAMBDA_INITIALIZATION_TYPE", mode.equals("primed") ? "snap-start" : "on-demand");
    return probe(command, fenv, work, "the " + mode + " probe of " + f.logicalId());
  }

  /**
   * The objects an S3 notification names that {@code events/<Function>/objects/<key>} holds (the
   * import's file), put into the bucket as a new copy for this invocation — new records, under a
   * new key ({@link FreshEvent#lines}, {@link FreshEvent#key}) — and the event naming the copies.
   * So every import reads a real file of new records, rather than the "no such object" answer.
   */
  private byte[] withFreshObjects(
      Template.Function f, byte[] event, String probe, int n, long clock, Backend s3)
      throws IOException {
    Path objects = root.resolve("events").resolve(f.logicalId()).resolve("objects");
    if (!Files.isDirectory(objects)) {
      return event;
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    for (String key : FreshEvent.objectKeys(event)) {
      Path file = objects.resolve(key);
      if (Files.isRegularFile(file)) {
        String fresh = FreshEvent.key(key, probe, n);
        byte[] content = FreshEvent.lines(Files.readAllBytes(file), probe, n, clock);
        s3.s3()
            .putObject(
                r -> r.bucket(s3.tables().bucket()).key(fresh), RequestBody.fromBytes(content));
        renamed.put(key, fresh);
      }
    }
    return renamed.isEmpty() ? event : FreshEvent.withKeys(event, renamed);
  }

  /** Runs one probe JVM; its {@link ProbeLine} fields plus {@code launched}, the epoch ms. */
  private static Map<String, String> probe(
      List<String> command, Map<String, String> env, Path work, String what) {
    Path out = work.resolve("probe.out");
    Path err = work.resolve("probe.err");
    String diag = System.getenv("LIFT_PROBE_LOG");
    if (diag != null) {
      command = new ArrayList<>(command);
      command.add(
          1,
          "-Xlog:class+load=info:file="
              + diag
              + "/"
              + what.replaceAll("[^A-Za-z]+", "_")
              + "-"
              + System.nanoTime()
              + ".log:uptime");
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    JVM_OPTION_VARIABLES.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    try {
      long launched = System.currentTimeMillis();
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " hung for 120 s");
      }
      if (diag != null) {
        Files.copy(
            err, Path.of(diag, what.replaceAll("[^A-Za-z]+", "_") + System.nanoTime() + ".err"));
      }
      String line = null;
      for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        if (l.startsWith(ProbeLine.PREFIX + " ")) {
          line = l;
        }
      }
      if (line == null) {
        List<String> log = Files.readAllLines(err, StandardCharsets.UTF_8);
        throw new IllegalStateException(
            what
                + " exited "
                + p.exitValue()
                + " without a figure; its last lines:\n"
                + String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size())));
      }
      Map<String, String> fields = ProbeLine.parse(line);
      fields.put("launched", Long.toString(launched));
      return fields;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /**
   * The functions' environment as the twin gives it (tables, bucket, queues, local endpoints), the
   * region and credentials Lambda puts in every execution environment, and the sample secret the
   * Shopify sample event is signed with (docs/shopify.md).
   */
  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(backends.environment(template));
    env.put("AWS_REGION", setting("AWS_REGION", "aws.region", "us-east-1"));
    env.put("AWS_ACCESS_KEY_ID", setting("AWS_ACCESS_KEY_ID", "aws.accessKeyId", "local"));
    env.put(
        "AWS_SECRET_ACCESS_KEY", setting("AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey", "local"));
    env.put("SHOPIFY_WEBHOOK_SECRET", "campaign-lift-sample-secret");
    return env;
  }

  private static String setting(String variable, String property, String otherwise) {
    String v = System.getenv(variable);
    if (v == null || v.isBlank()) {
      v = System.getProperty(property);
    }
    return v == null || v.isBlank() ? otherwise : v;
  }

  /** The hash key attribute of the template's table {@code logicalId}. */
  private String hashKey(String logicalId) {
    for (Template.Table t : template.tables()) {
      if (t.logicalId().equals(logicalId)) {
        for (KeySchemaElement k : t.create().keySchema()) {
          if (k.keyType() == KeyType.HASH) {
            return k.attributeName();
          }
        }
      }
    }
    throw new IllegalStateException("template.yaml has no table " + logicalId + " with a hash key");
  }

  /**
   * The deployable jar ({@code mvn package} builds it): under the repository's {@code
   * functions/target}, else beside the functions code this JVM runs (an installed artifact).
   * Refused when older than {@code functions/target/classes}, whose code it would then not measure.
   */
  static Path lambdaJar(Path root) throws IOException {
    Path target = root.resolve("functions").resolve("target");
    Path jar = newestLambdaJar(target);
    if (jar == null) {
      Path functions = codeSource(campaignlift.store.Backend.class);
      String name = functions.getFileName().toString();
      Path sibling =
          name.endsWith(".jar")
              ? functions.resolveSibling(name.substring(0, name.length() - 4) + "-lambda.jar")
              : null;
      jar =
          sibling != null && Files.isRegularFile(sibling)
              ? sibling
              : newestLambdaJar(functions.getParent());
    }
    if (jar == null) {
      throw new IllegalStateException(
          "no deployable jar functions/target/campaign-lift-functions-<version>-lambda.jar:"
              + " run mvn package");
    }
    Path classes = target.resolve("classes");
    if (jar.startsWith(target) && Files.isDirectory(classes)) {
      FileTime built = Files.getLastModifiedTime(jar);
      try (Stream<Path> files = Files.walk(classes)) {
        Path newer =
            files
                .filter(Files::isRegularFile)
                .filter(f -> lastModified(f).compareTo(built) > 0)
                .findFirst()
                .orElse(null);
        if (newer != null) {
          throw new IllegalStateException(
              jar.getFileName()
                  + " is older than "
                  + root.relativize(newer)
                  + ": run mvn package, or the cold start would measure old code");
        }
      }
    }
    return jar;
  }

  private static FileTime lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path newestLambdaJar(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.startsWith("campaign-lift-functions-") && n.endsWith("-lambda.jar");
              })
          .max(Comparator.comparing(ColdStartBench::lastModified))
          .orElse(null);
    }
  }

  /** The jar or directory a class was loaded from. */
  static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The probe's classes alone, in a directory of their own. */
  private static Path copyProbeClasses(Path dir) throws IOException {
    for (Class<?> c : PROBE_CLASSES) {
      Path file = dir.resolve(c.getName().replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
        if (in == null) {
          throw new IllegalStateException("no class file for " + c.getName());
        }
        Files.copy(in, file);
      }
    }
    return dir;
  }

  /** A path under the repository relative to it, any other in full. */
  private String shown(Path p) {
    Path r = root.toAbsolutePath().normalize();
    Path a = p.toAbsolutePath().normalize();
    return a.startsWith(r) ? r.relativize(a).toString() : a.toString();
  }

  private static String simpleNames() {
    return String.join(", ", PROBE_CLASSES.stream().map(Class::getSimpleName).toList());
  }

  /**
   * The runtime client's JNI library for this machine, extracted from its jar to {@code work}, or
   * null when it has none (then the DNS cache clear of {@code beforeCheckpoint} is skipped).
   */
  private static String extractJniLibrary(Path runtimeClient, Path work) throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch =
        switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default -> null;
        };
    if (!os.contains("linux") || arch == null) {
      return null;
    }
    try (InputStream in =
        Core.class.getClassLoader().getResourceAsStream(String.format(JNI_RESOURCE, arch))) {
      if (in == null) {
        return null;
      }
      Path lib = work.resolve("libaws-lambda-jni.so");
      Files.copy(in, lib);
      return lib.toString();
    }
  }

  /** The template's functions in the sample events' replay order (events/README.md). */
  private List<Template.Function> ordered() {
    List<Template.Function> out = new ArrayList<>();
    if (!only.isEmpty()) {
      // A subset (the test's, to keep CI short), still in replay order: a later sample event may
      // need an earlier one's data, so the subset must hold those earlier functions too.
      for (String id : Template.REPLAY_ORDER) {
        if (only.contains(id) && template.functions().containsKey(id)) {
          out.add(template.functions().get(id));
        }
      }
      return out;
    }
    for (String id : Template.REPLAY_ORDER) {
      if (template.functions().containsKey(id)) {
        out.add(template.functions().get(id));
      }
    }
    for (Template.Function f : template.functions().values()) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private Path firstEvent(String function) throws IOException {
    Path dir = root.resolve("events").resolve(function);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElse(null);
    }
  }

  private static double sinceLaunch(Map<String, String> m, String field) {
    return number(m, field) - number(m, "launched");
  }

  private static double number(Map<String, String> m, String field) {
    String v = m.get(field);
    if (v == null) {
      throw new IllegalStateException("probe line lacks " + field + ": " + m);
    }
    return Double.parseDouble(v);
  }

  private static long medianLong(List<Map<String, String>> runs, String field) {
    return Math.round(median(runs.stream().map(m -> number(m, field)).toList()));
  }

  /** The median (the mean of the middle two for an even count); NaN for none. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The deployable jar's size in bytes, or -1 when it has not been built. */
  static long functionJarBytes(Path root) throws IOException {
    Path jar = newestLambdaJar(root.resolve("functions").resolve("target"));
    return jar == null ? -1 : Files.size(jar);
  }
}
