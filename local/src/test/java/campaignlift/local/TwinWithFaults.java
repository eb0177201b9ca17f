package campaignlift.local;

import java.io.PrintStream;
import java.time.Clock;

/**
 * A second local twin on the shared backends whose functions' SDK calls go through a {@link
 * FaultInjector}.
 */
final class TwinWithFaults implements AutoCloseable {
  final FaultInjector faults;
  final HttpTwin twin;
  final Http http;

  TwinWithFaults(long seed) throws Exception {
    this(seed, null);
  }

  /** With the functions' logs going to {@code logs} (null: nowhere). */
  TwinWithFaults(long seed, PrintStream logs) throws Exception {
    TestBackends shared = TestBackends.get();
    this.faults = new FaultInjector(seed);
    LocalFunctions functions =
        new LocalFunctions(
            shared.template(),
            shared.backends().backend(shared.template(), faults),
            Clock.systemUTC(),
            logs);
    this.twin = HttpTwin.start(shared.template(), functions, 0);
    this.http = new Http(twin.url());
  }

  @Override
  public void close() {
    twin.close();
  }
}
