package campaignlift.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shopify's HMAC-SHA256 signature over the raw body (docs/shopify.md, "The signature"). */
class ShopifySignatureTest {
  private static final byte[] FOX =
      "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

  /**
   * The published HMAC-SHA256 test value (key "key", the pangram): f7bc83f4…2d1a3cd8 in hex, whose
   * base64 is what Shopify's header would carry.
   */
  @Test
  void signsAsThePublishedHmacSha256Value() {
    assertEquals("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=", ShopifySignature.sign(FOX, "key"));
    assertTrue(ShopifySignature.verify(FOX, "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=", "key"));
  }

  @Test
  void aBodyChangedByOneByteFails() {
    String signature = ShopifySignature.sign(FOX, "key");
    byte[] changed = FOX.clone();
    changed[changed.length - 1] = 'G';
    assertFalse(ShopifySignature.verify(changed, signature, "key"));
    byte[] longer = new byte[FOX.length + 1];
    System.arraycopy(FOX, 0, longer, 0, FOX.length);
    longer[FOX.length] = ' ';
    assertFalse(ShopifySignature.verify(longer, signature, "key"), "a trailing space counts");
  }

  @Test
  void anotherSecretAMissingOrGarbledHeaderFail() {
    String signature = ShopifySignature.sign(FOX, "key");
    assertFalse(ShopifySignature.verify(FOX, signature, "another-key"));
    assertFalse(ShopifySignature.verify(FOX, null, "key"));
    assertFalse(ShopifySignature.verify(FOX, "", "key"));
    assertFalse(ShopifySignature.verify(FOX, "not base64 at all!", "key"));
    assertFalse(ShopifySignature.verify(FOX, signature, ""), "an empty secret verifies nothing");
    // Hex instead of base64, as some other platforms send: not Shopify's signature.
    assertFalse(
        ShopifySignature.verify(
            FOX, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "key"));
  }

  @Test
  void theBytesAreSignedNotTheirJsonMeaning() {
    byte[] compact = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] spaced = "{\"id\": 1}".getBytes(StandardCharsets.UTF_8);
    assertFalse(
        ShopifySignature.verify(spaced, ShopifySignature.sign(compact, "s"), "s"),
        "the same JSON written differently is another body");
  }
}
