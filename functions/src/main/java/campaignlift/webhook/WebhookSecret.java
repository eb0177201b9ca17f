package campaignlift.webhook;

/**
 * Where the shop's webhook secret comes from: Secrets Manager in AWS ({@code store}), the
 * environment variable {@code SHOPIFY_WEBHOOK_SECRET} locally (docs/shopify.md).
 */
@FunctionalInterface
public interface WebhookSecret {
  /** The secret, or null when none is configured (the door then answers 503). */
  String secret();

  /** No secret configured. */
  static WebhookSecret none() {
    return () -> null;
  }
}
