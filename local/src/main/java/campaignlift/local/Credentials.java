package campaignlift.local;

/**
 * Local backends accept any signature; the SDK still wants a region and credentials. Set them only
 * when the user has not (so {@code --dynamodb-endpoint} against a real account uses the user's
 * own).
 */
final class Credentials {
  private Credentials() {}

  static void defaultToLocal() {
    if (System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null) {
      System.setProperty("aws.region", "us-east-1");
    }
    if (System.getenv("AWS_ACCESS_KEY_ID") == null
        && System.getenv("AWS_PROFILE") == null
        && System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
    }
  }
}
