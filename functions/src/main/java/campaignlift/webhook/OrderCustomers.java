package campaignlift.webhook;

import java.util.Optional;

/**
 * Which of our users a Shopify order belongs to. Shopify's {@code refunds/create} payload names the
 * order but not its customer, so the user an order's purchase was recorded for is remembered when
 * {@code orders/paid} arrives and looked up when a refund of that order does (docs/shopify.md).
 */
public interface OrderCustomers {
  /** Remembers that order {@code orderId} is {@code userId}'s; idempotent. */
  void remember(String orderId, String userId);

  /** The user remembered for {@code orderId}, if any. */
  Optional<String> userOf(String orderId);
}
