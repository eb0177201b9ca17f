package campaignlift.local;

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
    TestBackends shared = TestBackends.get();
    this.faults = new FaultInjector(seed);
    LocalFunctions functions =
        new LocalFunctions(
            shared.template(),
            shared.backends().backend(shared.template(), faults),
            Clock.systemUTC(),
            null);
    this.twin = HttpTwin.start(shared.template(), functions, 0);
    this.http = new Http(twin.url());
  }

  @Override
  public void close() {
    twin.close();
  }
}
