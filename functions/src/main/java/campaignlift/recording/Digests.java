package campaignlift.recording;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Short, fixed-length content digests for dedupe keys. */
final class Digests {
  private Digests() {}

  /** SHA-256 of {@code content} (UTF-8), URL-safe Base64 without padding: 43 characters. */
  static String sha256(CharSequence content) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(content.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
