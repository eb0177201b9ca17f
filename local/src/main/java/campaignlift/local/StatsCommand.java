package campaignlift.local;

import java.io.PrintStream;
import java.util.List;

/** Placeholder until the statistics engine lands (issue 3): the real one replaces this file. */
public final class StatsCommand {
  private StatsCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    err.println("lift stats: not available yet");
    return 2;
  }
}
