/**
 * The Shopify webhook door (docs/shopify.md): {@link campaignlift.webhook.ShopifyWebhook} checks a
 * delivery's signature ({@link campaignlift.webhook.ShopifySignature}: HMAC-SHA256 of the raw body,
 * compared in constant time), routes it by topic, turns Shopify's {@code orders/paid}, {@code
 * refunds/create} and {@code customers/create} payloads into our outcome fields ({@link
 * campaignlift.webhook.ShopifyPayloads}), judges them with the one {@link
 * campaignlift.recording.RecordRules} through {@link campaignlift.webhook.ShopifyRecord} and
 * records them with the {@link campaignlift.recording.Recorder}. The secret and the
 * order-to-customer mapping a refund needs come through the ports {@link
 * campaignlift.webhook.WebhookSecret} and {@link campaignlift.webhook.OrderCustomers}, implemented
 * by {@code store}.
 *
 * <p>A core package: it must not import {@code campaignlift.http}, {@code campaignlift.handler} or
 * AWS types.
 */
package campaignlift.webhook;
