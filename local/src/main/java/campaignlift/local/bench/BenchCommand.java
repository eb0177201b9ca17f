package campaignlift.local.bench;

import campaignlift.local.LocalBackends;
import campaignlift.local.LocalFunctions;
import campaignlift.local.Template;
import campaignlift.store.Backend;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./lift bench [--quick|--full] [--out FILE.json]}: the benchmarks of BENCHMARKS.md on the
 * embedded backends — ingestion through the handlers vs a raw SDK loop, evaluation vs a raw
 * parallel Query, and cold start per handler — printed as a table and written as JSON. See
 * BENCHMARKS.md.
 *
 * <p>Hidden options for tests: {@code --sizes N[,N...]} (evaluation sizes), {@code --records N}
 * (ingestion records per kind and side), {@code --no-cold-start}, {@code --cold-start-runs N},
 * {@code --cold-start-functions A,B} (fresh JVMs per cold-start figure, whose median is reported).
 */
public final class BenchCommand {
  static final String USAGE = "usage: lift bench [--quick | --full] [--out FILE.json]";

  /** Default run: 10^4 and 10^5; 10^6 only with --full (its seeding alone takes minutes). */
  static final List<Integer> DEFAULT_SIZES = List.of(10_000, 100_000);

  static final List<Integer> FULL_SIZES = List.of(10_000, 100_000, 1_000_000);
  static final List<Integer> QUICK_SIZES = List.of(10_000);
  static final int DEFAULT_RECORDS = 10_000;
  static final int QUICK_RECORDS = 2_000;

  private BenchCommand() {}

  /** Thrown for bad options; the caller prints the message and exits 2. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  record Options(
      String mode,
      List<Integer> sizes,
      int records,
      boolean coldStart,
      int coldStartRuns,
      Set<String> coldStartFunctions,
      Path out,
      boolean skipped) {
    static Options parse(List<String> args, Path root) {
      boolean quick = false;
      boolean full = false;
      boolean coldStart = true;
      int coldStartRuns = ColdStartBench.DEFAULT_RUNS;
      Set<String> coldStartFunctions = Set.of();
      List<Integer> sizes = null;
      Integer records = null;
      Path out = root.resolve("target").resolve("bench.json");
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--quick" -> quick = true;
          case "--full" -> full = true;
          case "--no-cold-start" -> coldStart = false;
          case "--cold-start-runs" -> coldStartRuns = positive(value(args, ++i, a), a);
          case "--cold-start-functions" ->
              coldStartFunctions = Set.of(value(args, ++i, a).split(","));
          case "--out" -> out = Path.of(value(args, ++i, a)).toAbsolutePath();
          case "--records" -> records = positive(value(args, ++i, a), a);
          case "--sizes" -> {
            sizes = new ArrayList<>();
            for (String s : value(args, ++i, a).split(",")) {
              sizes.add(positive(s.trim(), a));
            }
          }
          default -> throw new UsageException("unknown option " + a + "\n" + USAGE);
        }
      }
      if (quick && full) {
        throw new UsageException("--quick and --full exclude each other");
      }
      String mode = quick ? "quick" : full ? "full" : "default";
      List<Integer> chosen = quick ? QUICK_SIZES : full ? FULL_SIZES : DEFAULT_SIZES;
      return new Options(
          sizes != null ? "custom" : mode,
          sizes != null ? sizes : chosen,
          records != null ? records : quick ? QUICK_RECORDS : DEFAULT_RECORDS,
          coldStart,
          coldStartRuns,
          coldStartFunctions,
          out,
          sizes == null && !full && !quick);
    }

    private static String value(List<String> args, int i, String name) {
      if (i >= args.size()) {
        throw new UsageException(name + " needs a value");
      }
      return args.get(i);
    }

    private static int positive(String v, String name) {
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new UsageException(name + " must be a positive integer, not '" + v + "'");
    }
  }

  /** Runs the benchmarks; returns the exit code. */
  public static int run(List<String> args, Path root, PrintStream out, PrintStream err)
      throws Exception {
    Options options = Options.parse(args, root);
    long began = System.nanoTime();
    String runId = UUID.randomUUID().toString().substring(0, 8);
    BenchReport report = new BenchReport(options.mode());
    String failure = null;
    Template template = Template.read(root.resolve("template.yaml"));
    err.println("lift bench: starting DynamoDB Local and S3Proxy...");
    try (LocalBackends backends = LocalBackends.start(null, null, null)) {
      backends.provision(template);
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      CapacityMeter handlerMeter = new CapacityMeter();
      CapacityMeter rawMeter = new CapacityMeter();
      try (Backend backend = backends.backend(template, handlerMeter);
          Backend raw = backends.backend(template, rawMeter)) {
        LocalFunctions functions = new LocalFunctions(template, backend, Clock.systemUTC(), quiet);
        // Cold start first, on a near-empty backend: the scheduled evaluation then evaluates only
        // the sample events' campaign, not the bench's large ones.
        if (options.coldStart()) {
          err.println(
              "lift bench: cold start, the floor and every handler unprimed and primed, "
                  + options.coldStartRuns()
                  + " fresh JVM(s) each...");
          report.coldStart(
              new ColdStartBench(
                      root,
                      template,
                      backends,
                      options.coldStartRuns(),
                      ColdStartBench.DEFAULT_WARM_INVOCATIONS,
                      options.coldStartFunctions())
                  .run(),
              ColdStartBench.functionJarBytes(root));
        }
        err.println(
            "lift bench: ingestion, " + options.records() + " exposures and outcomes per side...");
        report.ingestion(
            new IngestionBench(functions, raw, handlerMeter, rawMeter, runId)
                .run(options.records()));
        List<EvaluationBench.Result> evaluations = new ArrayList<>();
        EvaluationBench.Incomplete incomplete = null;
        // Started after ingestion, so folding does not compete with it; the first size's wait
        // folds what ingestion and cold start wrote, untimed.
        try (BenchStreams streams =
                BenchStreams.start(template, backends.dynamoEndpoint(), functions, err);
            RawStreamReader rawStream =
                new RawStreamReader(
                    backends.dynamoEndpoint(), raw.dynamo(), raw.tables().enrolments())) {
          EvaluationBench evaluation =
              new EvaluationBench(functions, raw, runId, streams, rawStream, err);
          for (int n : options.sizes()) {
            err.println(
                "lift bench: evaluation at "
                    + n
                    + " enrolments (seeding, folding the stream, then reading)...");
            try {
              EvaluationBench.Result r = evaluation.run(n);
              evaluations.add(r);
              err.println("lift bench: " + BenchReport.equalityLine(r));
            } catch (RuntimeException e) {
              // Keep the sizes already measured; the failure is reported, and the exit code is 1.
              failure =
                  "evaluation at "
                      + n
                      + " enrolments failed while "
                      + evaluation.phase()
                      + ": "
                      + e.getMessage();
              err.println("lift bench: " + failure);
              // The end-to-end figure stays when only the full reads after it failed.
              incomplete = evaluation.incomplete(n, evaluation.phase() + ": " + e.getMessage());
              // Where, for the next attempt: the bench's own frames of the failure.
              for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().startsWith("campaignlift.")) {
                  err.println("    at " + frame);
                }
              }
              break;
            }
          }
        }
        report.evaluation(evaluations, options.skipped(), incomplete);
        for (EvaluationBench.Result r : evaluations) {
          if (failure == null && (!r.equalToFullRead() || !"stream".equals(r.endToEndSource()))) {
            failure = BenchReport.equalityLine(r);
          }
        }
        if (failure != null) {
          report.doc.put("error", failure);
        }
      }
    }
    report.finish((System.nanoTime() - began) / 1e9);
    report.print(out);
    report.write(options.out());
    out.println("wrote " + options.out());
    if (failure != null) {
      err.println("lift bench: " + failure);
      return 1;
    }
    return 0;
  }
}
