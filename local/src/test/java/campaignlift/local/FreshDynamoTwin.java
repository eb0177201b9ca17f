package campaignlift.local;

import campaignlift.store.Backend;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * A twin on a DynamoDB Local of its own (S3 shared): for tests that count every item in a table and
 * must see nothing another test wrote.
 */
final class FreshDynamoTwin implements AutoCloseable {
  private final LocalBackends fresh;
  final Backend backend;
  final LocalFunctions functions;
  final Http http;

  /** The template's stream mappings on this DynamoDB Local; {@code awaitCaughtUp} waits. */
  final StreamMappings streams;

  final FailedBatches failedBatches = new FailedBatches(null);
  private final HttpTwin twin;
  private final SqsEventSources eventSources;

  FreshDynamoTwin() throws Exception {
    TestBackends shared = TestBackends.get();
    fresh = LocalBackends.start(null, null, shared.backends().s3Endpoint());
    fresh.provision(shared.template());
    backend = fresh.backend(shared.template(), null);
    functions = new LocalFunctions(shared.template(), backend, Clock.systemUTC(), null);
    streams =
        StreamMappings.start(
            shared.template(),
            fresh.dynamoEndpoint(),
            UnaryOperator.identity(),
            functions,
            failedBatches,
            null);
    twin = HttpTwin.start(shared.template(), functions, 0);
    http = new Http(twin.url());
    eventSources = fresh.eventSources(shared.template(), functions, null, null);
  }

  /** Its own SQS (ElasticMQ), with the template's queues and their consumers. */
  LocalBackends backends() {
    return fresh;
  }

  @Override
  public void close() {
    eventSources.close();
    streams.close();
    twin.close();
    backend.close();
    fresh.close();
  }
}
