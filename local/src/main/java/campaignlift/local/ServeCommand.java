package campaignlift.local;

import campaignlift.store.Backend;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * {@code ./lift serve}: the HTTP API on 127.0.0.1 until Ctrl-C or SIGTERM, which stop the child
 * processes.
 */
final class ServeCommand {
  private ServeCommand() {}

  static int run(Options options, PrintStream out, PrintStream err) throws Exception {
    options.allow("--port", "--data", "--dynamodb-endpoint", "--s3-endpoint", "--quiet", "--clock");
    int port = options.integer("--port", 3000);
    Template template = Template.read(Lift.root().resolve("template.yaml"));
    LocalBackends backends =
        LocalBackends.start(
            options.path("--data"),
            options.get("--dynamodb-endpoint"),
            options.get("--s3-endpoint"));
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      backends.provision(template);
      Backend backend = backends.backend(template, null);
      PrintStream logs = options.get("--quiet") != null ? null : err;
      LocalFunctions functions = new LocalFunctions(template, backend, options.clock(), logs);
      // Discarded stream batches print a line each until a queue takes them.
      StreamMappings streams =
          StreamMappings.start(
              template,
              backends.dynamoEndpoint(),
              UnaryOperator.identity(),
              functions,
              new FailedBatches(err),
              err);
      HttpTwin twin = HttpTwin.start(template, functions, port);
      // One line per result event on stdout (docs/result-events.md).
      backends
          .events()
          .onEvent(
              event -> {
                synchronized (out) {
                  out.println(LocalEventBus.describe(event));
                  out.flush();
                }
              });
      // Lambda's SQS event sources (the scheduled run's workers); run summaries print on stdout.
      SqsEventSources sources =
          backends.eventSources(
              template, functions, logs, new RunReports(template, backends, backend, out));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    sources.close();
                    streams.close();
                    twin.close();
                    backends.close();
                    stopped.countDown();
                  },
                  "lift-shutdown"));
      out.println(
          "campaign-lift serving "
              + template.routes().size()
              + " routes on "
              + twin.url()
              + " (DynamoDB "
              + backends.dynamoEndpoint()
              + ", S3 "
              + backends.s3Endpoint()
              + ", SQS "
              + backends.queues().endpoint()
              + ", EventBridge "
              + backends.events().endpoint()
              + (options.get("--data") != null
                  ? ", data in " + options.path("--data")
                  : ", in memory")
              + ")"
              + (template.streamMappings().isEmpty()
                  ? ""
                  : ", " + template.streamMappings().size() + " stream mapping(s)")
              + " - Ctrl-C to stop");
      // The SQS front door (docs/queue.md): the URL a user sends to with --endpoint-url.
      String ingest = backends.queueUrls().get("IngestQueue");
      if (ingest != null) {
        out.println(
            "send exposures and outcomes to the SQS queue "
                + ingest
                + " (aws sqs send-message --endpoint-url "
                + backends.queues().endpoint()
                + " --queue-url "
                + ingest
                + " ...; docs/queue.md)");
      }
      out.flush();
    } catch (Exception e) {
      backends.close();
      throw e;
    }
    stopped.await();
    return 0;
  }
}
