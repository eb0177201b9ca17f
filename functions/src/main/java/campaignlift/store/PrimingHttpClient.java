package campaignlift.store;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client under every AWS client a {@link Backend} builds: the URL-connection client,
 * except while the backend primes, when {@link PrimingResponses} answers each request locally
 * (docs/operations.md, "SnapStart priming"). Off, it adds one volatile read per call.
 */
public final class PrimingHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  private final PrimingResponses responses;

  public PrimingHttpClient(SdkHttpClient delegate, PrimingResponses responses) {
    this.delegate = delegate;
    this.responses = responses;
  }

  /**
   * Builds a URL-connection client with the service's defaults (timeouts and the like) wrapped in a
   * priming client; given to an SDK builder, which then closes it with the service client.
   */
  public static SdkHttpClient.Builder<?> builder(PrimingResponses responses) {
    return new WrappingBuilder(responses);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    if (!responses.active()) {
      return delegate.prepareRequest(request);
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        byte[] body = new byte[0];
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            body = in.readAllBytes();
          }
        }
        return responses.answer(request.httpRequest(), body);
      }

      @Override
      public void abort() {
        // Answered from memory: nothing in flight to abort.
      }
    };
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private record WrappingBuilder(PrimingResponses responses)
      implements SdkHttpClient.Builder<WrappingBuilder> {
    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return new PrimingHttpClient(
          UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults), responses);
    }
  }
}
