package campaignlift.local;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The twin's SQS: ElasticMQ (a real SQS-compatible server) in this JVM on 127.0.0.1, and the
 * template's queues created on it, dead-letter queues and redrive policies included. ElasticMQ
 * moves a message to the dead-letter queue once it has been received {@code maxReceiveCount} times,
 * as SQS does.
 *
 * <p>Visibility timeouts are the one local difference: the template's (hours, six times a worker's
 * timeout) would make a failed message wait that long before its retry, so queues are created with
 * {@link #visibility} instead ({@code -Dlift.sqs.visibility=PT5S} to change it).
 */
public final class LocalQueues implements AutoCloseable {
  /** The local visibility timeout: long enough for one local evaluation, short enough to retry. */
  public static final Duration DEFAULT_VISIBILITY =
      Duration.parse(System.getProperty("lift.sqs.visibility", "PT5S"));

  private final SQSRestServer server;
  private final String endpoint;
  private final SqsClient admin;

  private LocalQueues(SQSRestServer server, String endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.admin =
        SqsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(endpoint))
            .region(Region.of(region()))
            .build();
  }

  /** Starts ElasticMQ on a free port of 127.0.0.1. */
  public static LocalQueues start() {
    Credentials.defaultToLocal();
    SQSRestServer server =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion(region())
            .start();
    int port = server.waitUntilStarted().localAddress().getPort();
    return new LocalQueues(server, "http://127.0.0.1:" + port);
  }

  private static String region() {
    String env = System.getenv("AWS_REGION");
    return env != null ? env : System.getProperty("aws.region", "us-east-1");
  }

  /** The endpoint functions reach it at ({@code AWS_ENDPOINT_URL_SQS}). */
  public String endpoint() {
    return endpoint;
  }

  /** A client of this server (for the event sources and for tests that look into a queue). */
  public SqsClient client() {
    return admin;
  }

  /**
   * Creates the template's queues named {@code prefix + logicalId} (existing ones are kept), each
   * dead-letter queue before the queue that redrives to it; returns logical id to URL.
   */
  public Map<String, String> create(Template template, String prefix, Duration visibility) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (Template.Queue q : template.queues().values()) {
      create(template, q, prefix, visibility, urls);
    }
    return urls;
  }

  private void create(
      Template template,
      Template.Queue q,
      String prefix,
      Duration visibility,
      Map<String, String> urls) {
    if (urls.containsKey(q.logicalId())) {
      return;
    }
    Map<QueueAttributeName, String> attributes = new HashMap<>();
    attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility.toSeconds()));
    if (q.deadLetterQueueId() != null) {
      Template.Queue dlq = template.queues().get(q.deadLetterQueueId());
      if (dlq == null) {
        throw new IllegalStateException(
            q.logicalId() + " redrives to " + q.deadLetterQueueId() + ", which is no queue");
      }
      create(template, dlq, prefix, visibility, urls);
      String dlqArn = arn(urls.get(dlq.logicalId()));
      attributes.put(
          QueueAttributeName.REDRIVE_POLICY,
          "{\"deadLetterTargetArn\":\""
              + dlqArn
              + "\",\"maxReceiveCount\":\""
              + q.maxReceiveCount()
              + "\"}");
    }
    String url =
        admin
            .createQueue(r -> r.queueName(prefix + q.logicalId()).attributes(attributes))
            .queueUrl();
    urls.put(q.logicalId(), url);
  }

  /** A queue's ARN, as the event source mapping names it in each record. */
  public String arn(String url) {
    return admin
        .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** Messages in a queue: visible plus in flight plus delayed. */
  public long depth(String url) {
    Map<QueueAttributeName, String> a =
        admin
            .getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    long n = 0;
    for (String v : a.values()) {
      n += Long.parseLong(v);
    }
    return n;
  }

  @Override
  public void close() {
    admin.close();
    server.stopAndWait();
  }
}
