package campaignlift.store;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How every AWS client of one backend is built: on the URL-connection HTTP client, wrapped so the
 * backend can prime ({@link PrimingHttpClient}), with credentials it can refresh after a restore
 * ({@link RefreshingCredentials}). {@link #PLAIN} is the SDK's own defaults, for clients built
 * outside a backend.
 *
 * @param priming null for a plain URL-connection client
 * @param credentials null for the SDK's default chain
 */
record ClientSetup(PrimingResponses priming, RefreshingCredentials credentials) {
  static final ClientSetup PLAIN = new ClientSetup(null, null);

  /** A backend's own: primable, refreshable. */
  static ClientSetup forTables(Tables tables) {
    return new ClientSetup(PrimingResponses.forTables(tables), new RefreshingCredentials());
  }

  <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder) {
    builder.httpClientBuilder(
        priming == null ? UrlConnectionHttpClient.builder() : PrimingHttpClient.builder(priming));
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    return builder;
  }
}
