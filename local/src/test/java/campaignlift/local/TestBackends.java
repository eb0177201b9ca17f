package campaignlift.local;

import campaignlift.store.Backend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one fixture that gives tests real backends and the local twin on top of them: DynamoDB Local
 * in-process and S3Proxy as a child process by default; LocalStack through Testcontainers with
 * {@code -Plocalstack} (skipped with the reason printed when Docker is absent). Started once per
 * test JVM and shared; tests isolate themselves with unique campaign ids.
 */
public final class TestBackends {
  /**
   * A 4.x community tag that runs without an auth token; {@code -Dlift.localstack.image=...} picks
   * another (images from March 2026 on need {@code LOCALSTACK_AUTH_TOKEN}, passed on when set).
   */
  static final DockerImageName LOCALSTACK =
      DockerImageName.parse(
              System.getProperty("lift.localstack.image", "localstack/localstack:4.4.0"))
          .asCompatibleSubstituteFor("localstack/localstack");

  private static TestBackends shared;

  private final Template template;
  private final LocalBackends backends;
  private final Backend backend;
  private final HttpTwin twin;
  private final LocalFunctions functions;
  private final SqsEventSources eventSources;
  private final FailedBatches failedBatches;
  private final StreamMappings streams;

  private TestBackends(Template template, LocalBackends backends) throws Exception {
    this.template = template;
    this.backends = backends;
    backends.provision(template);
    this.backend = backends.backend(template, null);
    this.functions = new LocalFunctions(template, backend, Clock.systemUTC(), quietLogs());
    this.failedBatches = new FailedBatches(quietLogs());
    this.streams =
        StreamMappings.start(
            template,
            backends.dynamoEndpoint(),
            UnaryOperator.identity(),
            functions,
            failedBatches,
            quietLogs());
    this.twin = HttpTwin.start(template, functions, 0);
    this.eventSources = backends.eventSources(template, functions, quietLogs(), null);
  }

  /** The shared fixture for the build's chosen backend ({@code lift.test.backend}). */
  public static synchronized TestBackends get() throws Exception {
    if (shared == null) {
      String kind = System.getProperty("lift.test.backend", "embedded");
      shared = kind.equals("localstack") ? startLocalStack() : start(null, null);
      TestBackends started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-backends-stop"));
    }
    return shared;
  }

  /** A LocalStack-backed fixture, or a skipped test (with the reason) when Docker is absent. */
  public static TestBackends startLocalStack() throws Exception {
    assumeDocker();
    LocalStackContainer container =
        new LocalStackContainer(LOCALSTACK)
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.S3);
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
    String endpoint = container.getEndpoint().toString();
    return start(endpoint, endpoint);
  }

  static void assumeDocker() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      String reason = "LocalStack tests skipped: no Docker engine is available on this machine.";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
  }

  private static TestBackends start(String dynamoEndpoint, String s3Endpoint) throws Exception {
    Template template = Template.read(projectRoot().resolve("template.yaml"));
    return new TestBackends(template, LocalBackends.start(null, dynamoEndpoint, s3Endpoint));
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("lift.project.root", "..")).toAbsolutePath().normalize();
  }

  private static PrintStream quietLogs() {
    return Boolean.getBoolean("lift.test.logs") ? System.err : null;
  }

  public Template template() {
    return template;
  }

  /** Clients and names as the functions see them. */
  public Backend backend() {
    return backend;
  }

  public LocalFunctions functions() {
    return functions;
  }

  public LocalBackends backends() {
    return backends;
  }

  /**
   * The template's DynamoDB event source mappings, polling the shared tables' streams: {@code
   * streams().awaitCaughtUp(timeout)} waits until every record written before the call was handed
   * to its function and acknowledged.
   */
  /** The twin's SQS event sources (the queue-fed functions' pollers). */
  public SqsEventSources eventSources() {
    return eventSources;
  }

  public StreamMappings streams() {
    return streams;
  }

  /** The stream batches the mappings gave up on (their on-failure destination). */
  public FailedBatches failedBatches() {
    return failedBatches;
  }

  /** The twin's base URL, e.g. http://127.0.0.1:41234 */
  public String url() {
    return twin.url();
  }

  void close() {
    eventSources.close();
    streams.close();
    twin.close();
    backend.close();
    backends.close();
  }
}
