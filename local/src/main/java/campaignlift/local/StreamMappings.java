package campaignlift.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The twin's DynamoDB event source mappings: one {@link StreamPoller} per mapping, reading the
 * stream of DynamoDB Local (or whatever DynamoDB endpoint the twin runs on) and invoking the local
 * function. Started wherever the twin starts its functions; {@link #awaitCaughtUp} is how tests and
 * the demo wait for stream-fed results instead of sleeping.
 */
public final class StreamMappings implements AutoCloseable {
  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final FailureDestination destination;
  private final PrintStream log;
  private final List<StreamPoller> pollers = new ArrayList<>();

  /**
   * No mappings yet; {@link #add} starts them.
   *
   * @param dynamoEndpoint the DynamoDB endpoint, whose streams endpoint is the same
   * @param destination where discarded batches are described
   * @param log where poller trouble is reported; null for nowhere
   */
  public StreamMappings(String dynamoEndpoint, FailureDestination destination, PrintStream log) {
    Credentials.defaultToLocal();
    URI endpoint = URI.create(dynamoEndpoint);
    this.dynamo =
        DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .build();
    this.streams =
        DynamoDbStreamsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .build();
    this.destination = destination;
    this.log = log;
  }

  /**
   * Every mapping template.yaml declares, each invoking its function in {@code functions}.
   *
   * @param tableName the name each table has where the twin runs, from its logical id
   */
  public static StreamMappings start(
      Template template,
      String dynamoEndpoint,
      UnaryOperator<String> tableName,
      LocalFunctions functions,
      FailureDestination destination,
      PrintStream log) {
    StreamMappings mappings = new StreamMappings(dynamoEndpoint, destination, log);
    for (StreamMapping m : template.streamMappings()) {
      mappings.add(m, tableName.apply(m.tableId()), event -> invoke(functions, m, event));
    }
    return mappings;
  }

  private static byte[] invoke(LocalFunctions functions, StreamMapping m, byte[] event) {
    try {
      return functions.invoke(m.functionId(), event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts polling {@code tableName}'s stream for {@code mapping}, invoking {@code function}. */
  public synchronized StreamPoller add(
      StreamMapping mapping, String tableName, Function<byte[], byte[]> function) {
    StreamPoller poller =
        new StreamPoller(mapping, tableName, dynamo, streams, function, destination, log);
    pollers.add(poller);
    return poller;
  }

  public synchronized List<StreamPoller> pollers() {
    return List.copyOf(pollers);
  }

  /**
   * Waits until every mapping has read its stream to the end and its function acknowledged every
   * record written before this call (see {@link StreamPoller#awaitCaughtUp}).
   *
   * @throws IllegalStateException when that takes longer than {@code timeout}
   */
  public void awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (StreamPoller p : pollers()) {
      p.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /** The counters of all mappings added up. */
  public StreamPoller.Counters counters() {
    StreamPoller.Counters sum = new StreamPoller.Counters(0, 0, 0, 0, 0, 0, 0);
    for (StreamPoller p : pollers()) {
      sum = sum.plus(p.counters());
    }
    return sum;
  }

  /**
   * Holds (true) or releases (false) every mapping, like disabling and enabling an event source
   * mapping: changes wait in the stream and are folded after release.
   */
  public synchronized void hold(boolean hold) {
    pollers.forEach(p -> p.hold(hold));
  }

  @Override
  public synchronized void close() {
    pollers.forEach(StreamPoller::close);
    pollers.clear();
    streams.close();
    dynamo.close();
  }
}
