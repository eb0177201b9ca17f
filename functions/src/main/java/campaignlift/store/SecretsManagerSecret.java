package campaignlift.store;

import campaignlift.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The Shopify webhook secret from AWS Secrets Manager (docs/shopify.md): the secret named by the
 * template's {@code ShopifyWebhookSecretName}, fetched on the first delivery a container sees and
 * kept for the container's life, so a delivery costs one Secrets Manager call per container, not
 * per request. Fetched on first use rather than at start-up, so the value is never part of a
 * SnapStart snapshot. A failed fetch is not kept: the delivery answers 500 and Shopify retries it.
 * The secret's text is the webhook secret itself; surrounding white space (a trailing newline from
 * a file) is dropped. The client is built on the function's backend, so priming answers it locally
 * and the value priming got is dropped ({@link #forget}) before the snapshot and after a restore
 * (docs/operations.md, "SnapStart priming").
 */
public final class SecretsManagerSecret implements WebhookSecret {
  private final String secretId;
  private final ClientSetup setup;
  private String cached;

  /**
   * @param secretId the secret's name or ARN
   */
  public SecretsManagerSecret(String secretId) {
    this(secretId, ClientSetup.PLAIN);
  }

  /** The secret fetched with {@code backend}'s HTTP client and credentials. */
  public SecretsManagerSecret(String secretId, Backend backend) {
    this(secretId, backend.setup());
  }

  private SecretsManagerSecret(String secretId, ClientSetup setup) {
    this.secretId = secretId;
    this.setup = setup;
  }

  /** Drops the kept value: the next delivery fetches the secret again. */
  public synchronized void forget() {
    cached = null;
  }

  @Override
  public synchronized String secret() {
    if (cached == null) {
      try (SecretsManagerClient client = setup.configure(SecretsManagerClient.builder()).build()) {
        GetSecretValueResponse value = client.getSecretValue(r -> r.secretId(secretId));
        String text =
            value.secretString() != null
                ? value.secretString()
                : value.secretBinary().asString(StandardCharsets.UTF_8);
        cached = text.strip();
      }
    }
    return cached;
  }
}
