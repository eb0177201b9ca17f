package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A tiny HTTP client for tests: real requests to the local twin, JSON answers. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Status, headers and the body parsed as JSON (null when empty). */
  record Response(int status, HttpResponse<String> raw, JsonNode json) {
    JsonNode error() {
      return json.path("error");
    }

    /** True when some error detail names {@code field}. */
    boolean namesField(String field) {
      for (JsonNode d : json.path("error").path("details")) {
        if (d.path("field").asText().equals(field)) {
          return true;
        }
      }
      return false;
    }
  }

  private final String base;

  Http(String base) {
    this.base = base;
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response put(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("content-type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A POST with headers of the caller's (a webhook's signature and topic). */
  Response post(String path, String body, java.util.Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /**
   * Every page of a listing (docs/api.md pagination), from {@code first} (a path with or without a
   * query) following nextToken to the end; each page must answer 200.
   */
  List<Response> pages(String first) {
    List<Response> out = new ArrayList<>();
    String token = null;
    do {
      String sep = first.contains("?") ? "&" : "?";
      Response page = get(first + (token == null ? "" : sep + "nextToken=" + enc(token)));
      assertEquals(200, page.status(), page.raw().body());
      out.add(page);
      JsonNode next = page.json().path("nextToken");
      token = next.isTextual() ? next.asText() : null;
    } while (token != null && out.size() < 1000);
    assertNull(token, "more than 1,000 pages");
    return out;
  }

  /** A query parameter's value, URL-encoded. */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      return new Response(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
