package campaignlift.local;

import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that drive the shared local twin over HTTP (see {@link TestBackends}). */
abstract class TwinTest {
  static TestBackends backends;
  static Http http;

  @BeforeAll
  static void startTwin() throws Exception {
    backends = TestBackends.get();
    http = new Http(backends.url());
  }
}
