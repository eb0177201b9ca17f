package campaignlift.webhook;

import campaignlift.domain.Problem;
import campaignlift.json.Json;
import campaignlift.recording.BatchResult;
import campaignlift.recording.Outcome;
import campaignlift.recording.RecordRules;
import campaignlift.recording.Recorder;
import campaignlift.webhook.ShopifyPayloads.Fields;
import campaignlift.webhook.ShopifyPayloads.Skip;
import campaignlift.webhook.ShopifyPayloads.Translation;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Shopify webhook delivery, from its raw bytes to what was recorded (docs/shopify.md): the
 * signature first — nothing is read, let alone written, before it checks — then the topic, the
 * payload's translation ({@link ShopifyPayloads}), the one record rules ({@link
 * RecordRules#outcome}) and the {@link Recorder}, synchronously: one delivery is one small
 * transaction, well inside Shopify's 5 s. A redelivery (same webhook id, same order) carries the
 * same event id and is counted once by the outcome dedupe.
 */
public final class ShopifyWebhook {
  /** Header names as API Gateway's payload 2.0 delivers them: lower case. */
  public static final String HMAC_HEADER = "x-shopify-hmac-sha256";

  public static final String TOPIC_HEADER = "x-shopify-topic";
  public static final String WEBHOOK_ID_HEADER = "x-shopify-webhook-id";

  private final WebhookSecret secret;
  private final OrderCustomers orders;
  private final Recorder recorder;
  private final String userIdPrefix;
  private final Clock clock;

  /**
   * @param userIdPrefix put before the Shopify customer id to make our user id (may be empty)
   */
  public ShopifyWebhook(
      WebhookSecret secret,
      OrderCustomers orders,
      Recorder recorder,
      String userIdPrefix,
      Clock clock) {
    this.secret = secret;
    this.orders = orders;
    this.recorder = recorder;
    this.userIdPrefix = userIdPrefix == null ? "" : userIdPrefix;
    this.clock = clock;
  }

  /** What became of a delivery; the handler turns each into its HTTP answer. */
  public sealed interface Answer
      permits NotConfigured, Unsigned, Malformed, Skipped, Invalid, Recorded {}

  /** No secret is configured: nothing can be verified (503). */
  public record NotConfigured() implements Answer {}

  /** The signature is missing or wrong (401); nothing was read or written. */
  public record Unsigned(String reason) implements Answer {}

  /** Signed, but the body is not a JSON object (400). */
  public record Malformed(String reason) implements Answer {}

  /** Signed and understood, nothing to record (200). */
  public record Skipped(String topic, String reason) implements Answer {}

  /** The translated record breaks the record rules (422), each problem naming its field. */
  public record Invalid(String topic, List<Problem> problems) implements Answer {}

  /** Recorded, or found already recorded (200). */
  public record Recorded(String topic, Outcome outcome, BatchResult result) implements Answer {}

  /**
   * @param headers the request's headers, names in lower case
   * @param body the raw body bytes, exactly as Shopify signed them
   */
  public Answer deliver(Map<String, String> headers, byte[] body) {
    String key = secret.secret();
    if (key == null || key.isEmpty()) {
      return new NotConfigured();
    }
    String signature = headers.get(HMAC_HEADER);
    if (signature == null) {
      return new Unsigned("The X-Shopify-Hmac-Sha256 header is missing.");
    }
    if (!ShopifySignature.verify(body, signature, key)) {
      return new Unsigned("The X-Shopify-Hmac-Sha256 signature does not match the body.");
    }
    String topic = headers.get(TOPIC_HEADER);
    if (topic == null || !ShopifyPayloads.TOPICS.contains(topic)) {
      return new Skipped(
          topic,
          "topic "
              + (topic == null ? "(no X-Shopify-Topic header)" : topic)
              + " is not recorded; only "
              + String.join(", ", ShopifyPayloads.TOPICS.stream().sorted().toList())
              + " are");
    }
    JsonNode payload;
    try {
      payload = Json.read(new String(body, StandardCharsets.UTF_8));
    } catch (Json.Malformed e) {
      return new Malformed("The body is not JSON: " + e.getMessage() + ".");
    }
    if (!payload.isObject()) {
      return new Malformed("The body is not a JSON object.");
    }
    Translation translation =
        switch (topic) {
          case ShopifyPayloads.ORDERS_PAID -> ShopifyPayloads.order(payload, userIdPrefix);
          case ShopifyPayloads.CUSTOMERS_CREATE -> ShopifyPayloads.customer(payload, userIdPrefix);
          default -> ShopifyPayloads.refund(payload);
        };
    if (translation instanceof Skip skip) {
      return new Skipped(topic, skip.reason());
    }
    Fields fields = (Fields) translation;
    if (fields.userOfOrder() != null) {
      Optional<String> user = orders.userOf(fields.userOfOrder());
      if (user.isEmpty()) {
        return new Skipped(
            topic,
            "order "
                + fields.userOfOrder()
                + " has no recorded customer: it was a guest checkout, a test order, or its"
                + " orders/paid was never received here");
      }
      fields =
          fields.withUser(
              user.get(), "the customer of order " + fields.userOfOrder() + " (order_id)");
    }
    List<Problem> problems = new ArrayList<>();
    Outcome outcome =
        RecordRules.outcome(new ShopifyRecord(fields.fields(), problems), clock.instant());
    if (outcome == null) {
      return new Invalid(topic, problems);
    }
    // Remembered before the purchase is recorded: once a purchase is in, its refunds find it.
    if (fields.remembersOrder() != null) {
      orders.remember(fields.remembersOrder(), outcome.userId());
    }
    return new Recorded(topic, outcome, recorder.outcomes(List.of(outcome)));
  }
}
