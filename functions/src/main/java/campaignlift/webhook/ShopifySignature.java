package campaignlift.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify's webhook signature (docs/shopify.md): the header {@code X-Shopify-Hmac-Sha256} is the
 * base64 of HMAC-SHA256 over the raw body bytes, keyed with the shop's webhook secret. Verified
 * over the exact bytes received and compared in constant time ({@link MessageDigest#isEqual}), so
 * neither a re-serialised body nor the timing of a comparison gives anything away.
 */
public final class ShopifySignature {
  private static final String ALGORITHM = "HmacSHA256";

  private ShopifySignature() {}

  /** The base64 signature Shopify would send for {@code body} under {@code secret}. */
  public static String sign(byte[] body, String secret) {
    return Base64.getEncoder().encodeToString(hmac(body, secret));
  }

  /**
   * Whether {@code header} is the signature of {@code body} under {@code secret}; false for a
   * missing header or one that is not base64.
   */
  public static boolean verify(byte[] body, String header, String secret) {
    if (header == null || secret == null || secret.isEmpty()) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.strip());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body, secret), given);
  }

  private static byte[] hmac(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      // Every Java runtime provides HmacSHA256; a key of any length is accepted.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
