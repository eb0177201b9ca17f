package campaignlift.store;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The credentials of a backend's clients: the SDK's default chain, replaced by a fresh one after a
 * SnapStart restore (docs/operations.md, "SnapStart priming"). The default chain remembers which
 * provider answered and caches what it got; a snapshot taken after priming would carry both into
 * every execution environment restored from it, so {@link #refresh} starts the chain over.
 */
final class RefreshingCredentials implements AwsCredentialsProvider {
  private volatile DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();

  @Override
  public AwsCredentials resolveCredentials() {
    return chain.resolveCredentials();
  }

  /** Forgets what was resolved: the next call resolves the credentials anew. */
  void refresh() {
    DefaultCredentialsProvider old = chain;
    chain = DefaultCredentialsProvider.builder().build();
    old.close();
  }

  /**
   * Closes the chain when the backend closes. Not {@code close()}: one instance serves every client
   * of a backend, and no single client's closing may take it down.
   */
  void release() {
    chain.close();
  }
}
