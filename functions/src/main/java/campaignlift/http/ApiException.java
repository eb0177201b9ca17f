package campaignlift.http;

/**
 * A refusal of the HTTP edge itself, before any core sees the request: a body that is not JSON or
 * is too large, a route that does not exist. The cores refuse with their own {@link
 * campaignlift.domain.Refusal}s; both become the docs/api.md error body through {@link ApiErrors}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  private ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ApiException badJson(String message) {
    return new ApiException(400, "bad_json", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, "payload_too_large", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
