package campaignlift.http;

import java.util.List;

/**
 * A client-visible failure with its HTTP status, a stable machine-readable code and, for validation
 * failures, every problem found. Thrown by the core before anything is written; turned into the
 * docs/api.md error body by {@link ApiGateway}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<Problem> details;

  public ApiException(int status, String code, String message, List<Problem> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public static ApiException invalid(String message, List<Problem> details) {
    return new ApiException(400, "invalid_request", message, details);
  }

  public static ApiException badJson(String message) {
    return new ApiException(400, "bad_json", message, List.of());
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, List.of());
  }

  public static ApiException conflict(String message, List<Problem> details) {
    return new ApiException(409, "conflict", message, details);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, "payload_too_large", message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Problem> details() {
    return details;
  }
}
