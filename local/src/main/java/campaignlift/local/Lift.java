package campaignlift.local;

import campaignlift.local.bench.BenchCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code ./lift}: the local twin. Exit codes: 0 success, 1 failure, 2 bad usage or input. */
public final class Lift {
  static final String USAGE =
      """
      usage: ./lift COMMAND [OPTIONS]

        demo   [--users 20000] [--seed 7] [--port 3000] [--keep] [--biased-response]
               simulate a campaign with known effects end to end and print the lift table
        serve  [--port 3000] [--data DIR] [--dynamodb-endpoint URL] [--s3-endpoint URL] [--clock INSTANT]
               serve template.yaml's HTTP API on 127.0.0.1 with the real handlers
        invoke FUNCTION_LOGICAL_ID -e EVENT.json [--data DIR] [--clock INSTANT] [--dynamodb-endpoint URL] [--s3-endpoint URL]
               run one function on one event and print its response (like sam local invoke)
        stats  FILE.json
               the statistics engine on sufficient statistics or a stored result snapshot
        bench  [--quick | --full] [--out FILE.json]
               benchmarks (BENCHMARKS.md): ingestion, evaluation, cold start; see BENCHMARKS.md
      """;

  private Lift() {}

  public static void main(String[] args) {
    int code = run(Arrays.asList(args), System.out, System.err);
    if (code != 0 || !"serve".equals(args.length > 0 ? args[0] : "")) {
      System.exit(code);
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "demo" -> DemoCommand.run(Options.parse(rest), out, err);
        case "serve" -> ServeCommand.run(Options.parse(rest), out, err);
        case "invoke" -> InvokeCommand.run(Options.parse(rest), out, err);
        case "stats" -> StatsCommand.run(rest, out, err);
        case "bench" -> BenchCommand.run(rest, root(), out, err);
        default -> {
          err.println("lift: unknown command '" + args.get(0) + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (Options.UsageException | BenchCommand.UsageException e) {
      err.println("lift " + args.get(0) + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("lift " + args.get(0) + ": " + e.getMessage());
      return 1;
    }
  }

  /** The project root: where template.yaml and events/ are (./lift passes it; tests set it). */
  static Path root() {
    String root = System.getProperty("lift.root", System.getProperty("lift.project.root", "."));
    return Path.of(root).toAbsolutePath().normalize();
  }
}
