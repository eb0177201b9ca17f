package campaignlift.local;

import campaignlift.support.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The template's HTTP API on 127.0.0.1: each request is matched against the template's routes,
 * turned into an API Gateway payload-v2 event, handed to the function's handler and its response
 * written back — what API Gateway does in AWS, minus IAM. It enforces the limits AWS enforces and
 * answers as API Gateway does when they are exceeded (docs/operations.md): no route (a trailing
 * slash included) is 404 {@code {"message":"Not Found"}}, a function response over Lambda's 6 MB is
 * 500 {@code {"message":"Internal Server Error"}}, a function still running after the integration
 * timeout (30 s) is 503 {@code {"message":"Service Unavailable"}}, and a path whose
 * percent-encoding is broken is 400 {@code {"message":"Bad Request"}}.
 *
 * <p>Served by Jetty (already on the twin's class path through DynamoDB Local) rather than the
 * JDK's HTTP server, which refuses a path that is not a valid URI with its own HTML page before any
 * handler sees it. Jetty passes every path through unnormalised ({@link UriCompliance#UNSAFE}), as
 * API Gateway does, and its error pages are API Gateway's JSON.
 */
public final class HttpTwin implements AutoCloseable {
  /** API Gateway HTTP APIs refuse payloads over 10 MB before any function runs. */
  static final int MAX_PAYLOAD = 10 * 1024 * 1024;

  /** Lambda fails a synchronous invocation whose response is over 6 MB (6,291,456 bytes). */
  static final int MAX_RESPONSE = 6 * 1024 * 1024;

  /** HTTP APIs give up on an integration after 30 s; not configurable in AWS. */
  public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final Server server;
  private final ServerConnector connector;
  private final List<Template.Route> routes;
  private final LocalFunctions functions;
  private final Duration integrationTimeout;
  // Invocations run apart from the connection threads so a slow one can be abandoned, as API
  // Gateway abandons it (the function itself runs on, as in Lambda); daemon threads, so an
  // abandoned invocation never keeps the JVM alive.
  private final ExecutorService invocations =
      Executors.newCachedThreadPool(DaemonThreads.named("twin-invocation"));

  private HttpTwin(
      Server server,
      ServerConnector connector,
      List<Template.Route> routes,
      LocalFunctions functions,
      Duration integrationTimeout) {
    this.server = server;
    this.connector = connector;
    this.routes = routes;
    this.functions = functions;
    this.integrationTimeout = integrationTimeout;
  }

  /** Starts serving on 127.0.0.1:{@code port} (0 picks a free port). */
  public static HttpTwin start(Template template, LocalFunctions functions, int port)
      throws IOException {
    return start(template, functions, port, integrationTimeout());
  }

  /**
   * API Gateway's 30 s, unless the system property {@code lift.twin.integrationTimeoutSeconds} says
   * otherwise: the integration tests set a longer one, because DynamoDB Local serialises every
   * write (a few hundred transactions a second on 2 cores), so a full batch can take longer there
   * than it would on DynamoDB. TwinLimitsTest checks the 30 s behaviour with its own twin.
   */
  static Duration integrationTimeout() {
    String seconds = System.getProperty("lift.twin.integrationTimeoutSeconds");
    return seconds == null ? INTEGRATION_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds));
  }

  /** As {@link #start(Template, LocalFunctions, int)} with another integration timeout (tests). */
  public static HttpTwin start(
      Template template, LocalFunctions functions, int port, Duration integrationTimeout)
      throws IOException {
    // Several requests at once, as API Gateway would run several Lambda instances.
    Server server = new Server(new QueuedThreadPool(64, 4));
    HttpConfiguration config = new HttpConfiguration();
    config.setUriCompliance(UriCompliance.UNSAFE);
    config.setSendServerVersion(false);
    config.setRequestHeaderSize(10240); // API Gateway: request line and headers, 10,240 bytes
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    HttpTwin twin =
        new HttpTwin(server, connector, template.routes(), functions, integrationTimeout);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            twin.exchange(request, response, callback);
            return true;
          }
        });
    // Requests Jetty refuses itself (a broken percent-encoding, a header over the limit).
    server.setErrorHandler(
        (Request.Handler)
            (request, response, callback) -> {
              send(response, callback, response.getStatus(), gateway(statusText(response)));
              return true;
            });
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("The twin cannot listen on 127.0.0.1:" + port, e);
    }
    return twin;
  }

  private static String statusText(Response response) {
    String text = HttpStatus.getMessage(response.getStatus());
    return text == null ? "Error" : text;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void exchange(Request request, Response response, Callback callback) {
    try {
      String method = request.getMethod().toUpperCase(Locale.ROOT);
      String rawPath = request.getHttpURI().getPath();
      byte[] body = readBody(Content.Source.asInputStream(request));
      if (body == null) {
        send(
            response,
            callback,
            413,
            error("payload_too_large", "The request is larger than 10 MB."));
        return;
      }
      if (!decodable(rawPath)) {
        send(response, callback, 400, gateway("Bad Request"));
        return;
      }
      Match match = match(method, rawPath);
      if (match == null) {
        send(response, callback, 404, gateway("Not Found"));
        return;
      }
      byte[] event = event(request, match, body);
      byte[] answer;
      Future<byte[]> invocation =
          invocations.submit(() -> functions.invoke(match.route().functionId(), event));
      try {
        answer = invocation.get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        send(response, callback, 503, gateway("Service Unavailable"));
        return;
      } catch (ExecutionException e) {
        send(response, callback, 500, gateway("Internal Server Error"));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(response, callback, 503, gateway("Service Unavailable"));
        return;
      }
      if (answer.length > MAX_RESPONSE) {
        // Lambda fails the invocation (the function's own log still says 200).
        send(response, callback, 500, gateway("Internal Server Error"));
        return;
      }
      JsonNode result = JSON.readTree(answer);
      int status = result.path("statusCode").asInt(200);
      result
          .path("headers")
          .properties()
          .forEach(h -> response.getHeaders().add(h.getKey(), h.getValue().asText()));
      String text = result.path("body").asText("");
      byte[] bytes =
          result.path("isBase64Encoded").asBoolean(false)
              ? Base64.getDecoder().decode(text)
              : text.getBytes(StandardCharsets.UTF_8);
      sendBytes(response, callback, status, bytes);
    } catch (RuntimeException | IOException e) {
      // What API Gateway answers when the integration itself fails.
      response.getHeaders().clear();
      send(response, callback, 500, gateway("Internal Server Error"));
    }
  }

  /** False when some path segment's percent-encoding is broken (API Gateway answers 400). */
  private static boolean decodable(String rawPath) {
    for (String segment : split(rawPath)) {
      if (decode(segment) == null) {
        return false;
      }
    }
    return true;
  }

  private record Match(Template.Route route, Map<String, String> pathParameters) {}

  private Match match(String method, String rawPath) {
    String[] actual = split(rawPath);
    for (Template.Route route : routes) {
      if (!route.method().equals(method) && !route.method().equals("ANY")) {
        continue;
      }
      String[] pattern = split(route.path());
      if (pattern.length != actual.length) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < pattern.length && ok; i++) {
        if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
          String value = decode(actual[i]);
          ok = value != null && !value.isEmpty();
          params.put(pattern[i].substring(1, pattern[i].length() - 1), value);
        } else {
          ok = pattern[i].equals(actual[i]);
        }
      }
      if (ok) {
        return new Match(route, params);
      }
    }
    return null;
  }

  /**
   * Path segments, empty ones kept: {@code /campaigns/x/} has an empty last segment and so matches
   * no route, as on API Gateway.
   */
  private static String[] split(String path) {
    if (path.equals("/")) {
      return new String[0];
    }
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  private byte[] event(Request request, Match match, byte[] body) throws IOException {
    Instant now = Instant.now();
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", match.route().routeKey());
    e.put("rawPath", request.getHttpURI().getPath());
    String rawQuery = request.getHttpURI().getQuery();
    e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
    // Repeated headers arrive comma-joined under their lower-case name, as in payload 2.0.
    Map<String, List<String>> joined = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      joined
          .computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(field.getValue());
    }
    ObjectNode headers = e.putObject("headers");
    joined.forEach((k, v) -> headers.put(k, String.join(",", v)));
    Map<String, List<String>> query = parseQuery(rawQuery);
    if (!query.isEmpty()) {
      ObjectNode q = e.putObject("queryStringParameters");
      query.forEach((k, v) -> q.put(k, String.join(",", v)));
    }
    if (!match.pathParameters().isEmpty()) {
      ObjectNode p = e.putObject("pathParameters");
      match.pathParameters().forEach(p::put);
    }
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("accountId", "000000000000");
    ctx.put("apiId", "local");
    ctx.put("domainName", "127.0.0.1:" + port());
    ctx.put("domainPrefix", "127");
    ObjectNode http = ctx.putObject("http");
    http.put("method", request.getMethod().toUpperCase(Locale.ROOT));
    http.put("path", request.getHttpURI().getPath());
    http.put("protocol", request.getConnectionMetaData().getProtocol());
    http.put("sourceIp", Request.getRemoteAddr(request));
    http.put("userAgent", request.getHeaders().get(HttpHeader.USER_AGENT));
    ctx.put("requestId", UUID.randomUUID().toString());
    ctx.put("routeKey", match.route().routeKey());
    ctx.put("stage", "$default");
    ctx.put("time", REQUEST_TIME.format(now));
    ctx.put("timeEpoch", now.toEpochMilli());
    if (body.length > 0) {
      String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      boolean text =
          type == null || type.contains("json") || type.startsWith("text/") || type.contains("csv");
      e.put(
          "body",
          text
              ? new String(body, StandardCharsets.UTF_8)
              : Base64.getEncoder().encodeToString(body));
      e.put("isBase64Encoded", !text);
    } else {
      e.put("isBase64Encoded", false);
    }
    return JSON.writeValueAsBytes(e);
  }

  /** A path segment percent-decoded, or null when its encoding is broken. */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
    return bytes.length > MAX_PAYLOAD ? null : bytes;
  }

  private static String error(String code, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("code", code);
    err.put("message", message);
    err.putArray("details");
    return root.toString();
  }

  /** API Gateway's own error body, for answers no function gave. */
  private static String gateway(String message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("message", message);
    return root.toString();
  }

  private static void send(Response response, Callback callback, int status, String json) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    sendBytes(response, callback, status, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendBytes(Response response, Callback callback, int status, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("The twin did not stop", e);
    }
    invocations.shutdownNow();
  }
}
