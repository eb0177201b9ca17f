package campaignlift.store;

import campaignlift.queue.DeadLetters;
import campaignlift.queue.IngestMessage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The front door's dead-letter queue (docs/queue.md): one SendMessage per rejected message, body
 * and attributes as given. The queue's URL is the environment variable {@code variable}, looked up
 * on the first send, so a function that never rejects needs neither it nor the SQS client.
 */
public final class SqsDeadLetters implements DeadLetters {
  private final Queues queues;
  private final String variable;

  public SqsDeadLetters(Queues queues, String variable) {
    this.queues = queues;
    this.variable = variable;
  }

  @Override
  public void send(String body, Map<String, IngestMessage.Attribute> attributes) {
    Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
    attributes.forEach(
        (name, a) -> {
          MessageAttributeValue.Builder v = MessageAttributeValue.builder().dataType(a.dataType());
          if (a.isText()) {
            v.stringValue(a.stringValue());
          } else if (a.binaryValue() != null) {
            v.binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(a.binaryValue())));
          } else {
            return; // an attribute Lambda gave no value for: nothing to copy
          }
          values.put(name, v.build());
        });
    String url = queues.url(variable);
    queues.client().sendMessage(r -> r.queueUrl(url).messageBody(body).messageAttributes(values));
  }
}
