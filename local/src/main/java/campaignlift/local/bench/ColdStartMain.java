package campaignlift.local.bench;

import campaignlift.local.LocalContext;
import campaignlift.store.Backend;
import campaignlift.store.Queues;
import campaignlift.store.Tables;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The cold-start probe, run in a fresh JVM by {@link ColdStartBench}: builds one handler with
 * {@code new XHandler(backend, clock)} on the given endpoints, invokes it once on an event file and
 * prints one line {@code COLDSTART jvmStartEpochMs mainEpochMs initMs invokeMs responseEpochMs
 * statusCode}.
 *
 * <p>Arguments: handler class, event file, DynamoDB endpoint, S3 endpoint, then the seven table and
 * bucket names in {@link Tables}' order.
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  public static void main(String[] args) throws Exception {
    long main = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    Tables tables = new Tables(args[4], args[5], args[6], args[7], args[8], args[9], args[10]);
    Backend backend =
        Backend.create(tables, args[2], args[3], null)
            .withQueues(Queues.fromEnvironment(System.getenv()));
    RequestStreamHandler handler =
        (RequestStreamHandler)
            Class.forName(args[0])
                .getConstructor(Backend.class, Clock.class)
                .newInstance(backend, Clock.systemUTC());
    long t1 = System.nanoTime();
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event),
        out,
        new LocalContext("cold-start-probe", args[0], System.err));
    long t2 = System.nanoTime();
    long response = System.currentTimeMillis();
    // 0 for functions that do not answer HTTP (schedule, S3 trigger).
    int status = ApiEvents.JSON.readTree(out.toByteArray()).path("statusCode").asInt(0);
    System.out.println(
        "COLDSTART "
            + jvmStart
            + " "
            + main
            + " "
            + (t1 - t0) / 1_000_000.0
            + " "
            + (t2 - t1) / 1_000_000.0
            + " "
            + response
            + " "
            + status);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
