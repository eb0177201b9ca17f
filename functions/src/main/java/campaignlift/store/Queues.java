package campaignlift.store;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The SQS queues a function sends to: their URLs, from the environment variables template.yaml sets
 * ({@code *_QUEUE_URL}, e.g. {@code EVALUATION_QUEUE_URL}), and one {@link SqsClient} built on
 * first use, so functions that never send pay nothing for it at cold start. The endpoint comes from
 * {@code AWS_ENDPOINT_URL_SQS} when set (the local twin's ElasticMQ).
 */
public final class Queues implements AutoCloseable {
  /** Environment variables naming a queue end with this. */
  public static final String URL_SUFFIX = "_QUEUE_URL";

  private final String endpoint;
  private final Map<String, String> urls;
  private final ExecutionInterceptor interceptor;
  private SqsClient client;
  private boolean closed;
  private ClientSetup setup = ClientSetup.PLAIN;

  private Queues(String endpoint, Map<String, String> urls, ExecutionInterceptor interceptor) {
    this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
    this.urls = Map.copyOf(urls);
    this.interceptor = interceptor;
  }

  /** No queues: functions that send nothing, and backends built before queues existed. */
  public static Queues none() {
    return new Queues(null, Map.of(), null);
  }

  /** Every {@code *_QUEUE_URL} variable of {@code env}, and {@code AWS_ENDPOINT_URL_SQS}. */
  public static Queues fromEnvironment(Map<String, String> env) {
    return of(env.get("AWS_ENDPOINT_URL_SQS"), env, null);
  }

  /**
   * @param endpoint null for the region's endpoint
   * @param env the variables to take {@code *_QUEUE_URL} from (others are ignored)
   * @param interceptor null, or an SDK interceptor (tests use it to inject faults)
   */
  public static Queues of(
      String endpoint, Map<String, String> env, ExecutionInterceptor interceptor) {
    Map<String, String> urls = new TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.endsWith(URL_SUFFIX) && v != null && !v.isBlank()) {
            urls.put(k, v);
          }
        });
    return new Queues(endpoint, urls, interceptor);
  }

  /** The URL in environment variable {@code variable}; fails when the template did not set it. */
  public String url(String variable) {
    String url = urls.get(variable);
    if (url == null) {
      throw new IllegalStateException("Environment variable " + variable + " is not set.");
    }
    return url;
  }

  /** The variables and URLs known, sorted by variable. */
  public Map<String, String> urls() {
    return urls;
  }

  /** The endpoint override, or null for the region's. */
  public String endpoint() {
    return endpoint;
  }

  /** The client, built on first use. */
  public synchronized SqsClient client() {
    if (closed) {
      throw new IllegalStateException("the backend is closed");
    }
    if (client == null) {
      SqsClientBuilder b = setup.configure(SqsClient.builder());
      if (endpoint != null) {
        b.endpointOverride(URI.create(endpoint));
      }
      if (interceptor != null) {
        b.overrideConfiguration(c -> c.addExecutionInterceptor(interceptor));
      }
      client = b.build();
    }
    return client;
  }

  /** The HTTP client and credentials of the backend these queues belong to. */
  synchronized void setup(ClientSetup setup) {
    this.setup = setup;
  }

  /** A queue of this backend by its environment variable. */
  public SqsQueue queue(String variable) {
    return new SqsQueue(client(), url(variable));
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
