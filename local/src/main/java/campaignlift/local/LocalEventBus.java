package campaignlift.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The twin's EventBridge (docs/result-events.md): there is no EventBridge server to run locally, so
 * the twin serves the one call the functions make, PutEvents, over real HTTP on 127.0.0.1 as the
 * SDK sends it (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}) and answers with {@code
 * Entries} and {@code FailedEntryCount}; the functions use their real SDK client against it ({@code
 * AWS_ENDPOINT_URL_EVENTBRIDGE}). Only the {@code default} bus exists and there are no rules: each
 * accepted entry is recorded as the event a rule's target would receive ({@code version}, {@code
 * id}, {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region}, {@code
 * resources}, {@code detail}), kept in memory, appended as one JSON line to a file when the twin
 * has a data directory, handed to listeners ({@code ./lift serve} prints a line each) and listed by
 * {@code GET /events} (JSON lines; {@code ?campaignId=} filters).
 *
 * <p>Checked as EventBridge does per entry: {@code Source}, {@code DetailType} and {@code Detail}
 * present, the detail a JSON object, the bus the default one; a request over ten entries or 256 KB
 * is refused whole. Tests inject entry failures with {@link #failNextEntries}.
 */
public final class LocalEventBus implements AutoCloseable {
  /** The account id the twin's events name. */
  public static final String ACCOUNT = "000000000000";

  static final String TARGET = "AWSEvents.PutEvents";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  static final int MAX_ENTRIES = 10;
  static final int MAX_REQUEST_BYTES = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final ServerConnector connector;
  private final Path file;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
  private int failNext;
  private String failCode;

  private LocalEventBus(Server server, ServerConnector connector, Path file) {
    this.server = server;
    this.connector = connector;
    this.file = file;
  }

  /**
   * Starts the bus on a free port of 127.0.0.1.
   *
   * @param file null to keep events in memory only; otherwise each is appended to it as a line
   */
  public static LocalEventBus start(Path file) throws IOException {
    Server server = new Server(new QueuedThreadPool(16, 2));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    LocalEventBus bus = new LocalEventBus(server, connector, file);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            bus.exchange(request, response, callback);
            return true;
          }
        });
    if (file != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("The local event bus cannot listen on 127.0.0.1", e);
    }
    return bus;
  }

  /** The endpoint functions reach it at ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}). */
  public String endpoint() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  /** The file events are appended to, or null. */
  public Path file() {
    return file;
  }

  /** Every event accepted so far, oldest first. */
  public List<JsonNode> events() {
    return List.copyOf(events);
  }

  /** The events whose detail names campaign {@code campaignId}, oldest first. */
  public List<JsonNode> events(String campaignId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : events) {
      if (campaignId.equals(e.path("detail").path("campaignId").asText(null))) {
        out.add(e);
      }
    }
    return out;
  }

  /** Calls {@code listener} with each event accepted from now on. */
  public void onEvent(Consumer<JsonNode> listener) {
    listeners.add(listener);
  }

  /**
   * Fails the next {@code entries} entries with {@code errorCode} (e.g. {@code InternalFailure} or
   * {@code ThrottlingException}, codes PutEvents reports per entry): fault injection for tests.
   */
  public synchronized void failNextEntries(int entries, String errorCode) {
    this.failNext = entries;
    this.failCode = errorCode;
  }

  private synchronized String injectedFailure() {
    if (failNext <= 0) {
      return null;
    }
    failNext--;
    return failCode;
  }

  private void exchange(Request request, Response response, Callback callback) {
    try {
      String method = request.getMethod().toUpperCase(Locale.ROOT);
      String path = request.getHttpURI().getPath();
      if (method.equals("GET") && "/events".equals(path)) {
        list(request, response, callback);
        return;
      }
      String target = request.getHeaders().get("X-Amz-Target");
      if (!method.equals("POST") || !TARGET.equals(target)) {
        error(response, callback, 400, "UnknownOperationException", "Only PutEvents is served.");
        return;
      }
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readAllBytes();
      }
      JsonNode req = JSON.readTree(body);
      JsonNode entries = req == null ? null : req.path("Entries");
      if (entries == null || !entries.isArray() || entries.isEmpty()) {
        error(response, callback, 400, "ValidationException", "Entries must hold 1-10 entries.");
        return;
      }
      if (entries.size() > MAX_ENTRIES) {
        error(
            response,
            callback,
            400,
            "ValidationException",
            "Entries must have length less than or equal to " + MAX_ENTRIES + ".");
        return;
      }
      if (requestSize(entries) > MAX_REQUEST_BYTES) {
        error(
            response,
            callback,
            400,
            "ValidationException",
            "Total size of the entries in the request is over the limit.");
        return;
      }
      String region = region(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode results = answer.putArray("Entries");
      int failed = 0;
      for (JsonNode entry : entries) {
        ObjectNode result = results.addObject();
        String problem = problem(entry);
        String code = problem != null ? problem : injectedFailure();
        if (code != null) {
          failed++;
          result.put("ErrorCode", code);
          result.put("ErrorMessage", message(code));
          continue;
        }
        ObjectNode event = event(entry, region);
        result.put("EventId", event.path("id").asText());
        record(event);
      }
      answer.put("FailedEntryCount", failed);
      send(response, callback, 200, CONTENT_TYPE, JSON.writeValueAsBytes(answer));
    } catch (IOException | RuntimeException e) {
      error(response, callback, 400, "SerializationException", String.valueOf(e.getMessage()));
    }
  }

  /** The error code of an entry EventBridge would refuse, or null. */
  private static String problem(JsonNode entry) {
    for (String field : List.of("Source", "DetailType", "Detail")) {
      if (!entry.path(field).isTextual() || entry.path(field).asText().isBlank()) {
        return "InvalidArgument";
      }
    }
    JsonNode bus = entry.path("EventBusName");
    if (!bus.isMissingNode()
        && !bus.isNull()
        && !bus.asText().equals("default")
        && !bus.asText().endsWith(":event-bus/default")) {
      return "ResourceNotFoundException";
    }
    try {
      JsonNode detail = JSON.readTree(entry.path("Detail").asText());
      return detail != null && detail.isObject() ? null : "MalformedDetail";
    } catch (IOException e) {
      return "MalformedDetail";
    }
  }

  private static String message(String code) {
    return switch (code) {
      case "InvalidArgument" -> "Parameters Source, DetailType and Detail must be specified.";
      case "ResourceNotFoundException" -> "The twin has only the default event bus.";
      case "MalformedDetail" -> "Detail is malformed.";
      default -> "Injected failure.";
    };
  }

  /** Entry sizes as EventBridge counts them: time, source, detail type, detail and resources. */
  private static long requestSize(JsonNode entries) {
    long size = 0;
    for (JsonNode e : entries) {
      if (e.has("Time")) {
        size += 14;
      }
      for (String field : List.of("Source", "DetailType", "Detail")) {
        size += e.path(field).asText("").getBytes(StandardCharsets.UTF_8).length;
      }
      for (JsonNode r : e.path("Resources")) {
        size += r.asText().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return size;
  }

  /** The event as a rule's target receives it. */
  private static ObjectNode event(JsonNode entry, String region) throws IOException {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", entry.path("DetailType").asText());
    event.put("source", entry.path("Source").asText());
    event.put("account", ACCOUNT);
    event.put("time", time(entry.path("Time")).truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", region);
    ArrayNode resources = event.putArray("resources");
    entry.path("Resources").forEach(resources::add);
    event.set("detail", JSON.readTree(entry.path("Detail").asText()));
    return event;
  }

  /** The SDK sends {@code Time} as epoch seconds (AWS JSON's timestamp format); absent is now. */
  private static Instant time(JsonNode time) {
    if (time.isNumber()) {
      return Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
    }
    if (time.isTextual()) {
      return Instant.parse(time.asText());
    }
    return Instant.now();
  }

  /** The region of the SigV4 credential scope ({@code Credential=key/date/region/events/...}). */
  private static String region(String authorization) {
    if (authorization != null) {
      int at = authorization.indexOf("Credential=");
      if (at >= 0) {
        String[] scope = authorization.substring(at + "Credential=".length()).split("[/,]");
        if (scope.length > 2) {
          return scope[2];
        }
      }
    }
    return "us-east-1";
  }

  private void record(ObjectNode event) throws IOException {
    events.add(event);
    if (file != null) {
      byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (this) {
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
    for (Consumer<JsonNode> l : listeners) {
      l.accept(event);
    }
  }

  private void list(Request request, Response response, Callback callback) throws IOException {
    String campaignId = Request.extractQueryParameters(request).getValue("campaignId");
    StringBuilder out = new StringBuilder();
    for (JsonNode e : campaignId == null ? events() : events(campaignId)) {
      out.append(JSON.writeValueAsString(e)).append('\n');
    }
    send(
        response,
        callback,
        200,
        "application/x-ndjson",
        out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void error(
      Response response, Callback callback, int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    send(
        response, callback, status, CONTENT_TYPE, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(
      Response response, Callback callback, int status, String contentType, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * One line for {@code ./lift serve}: the detail type, the campaign and its headline (the row that
   * became significant, the SRM p-value, or every headline lift, {@code *} marking significant).
   */
  public static String describe(JsonNode event) {
    JsonNode d = event.path("detail");
    StringBuilder line = new StringBuilder("event: ");
    line.append(event.path("detail-type").asText())
        .append(" · ")
        .append(d.path("campaignId").asText())
        .append(" · ")
        .append(d.path("evaluatedAt").asText());
    String type = event.path("detail-type").asText();
    if (type.equals("Result Became Significant")) {
      line.append(" · ").append(lift(d.path("becameSignificant")));
    } else if (type.equals("Sample Ratio Mismatch")) {
      line.append(
          String.format(
              Locale.ROOT,
              " · SRM p = %.2g < %s",
              d.path("srm").path("pValue").asDouble(),
              d.path("srm").path("threshold").asText()));
    } else {
      List<String> rows = new ArrayList<>();
      for (JsonNode row : d.path("headline")) {
        rows.add(lift(row));
      }
      line.append(" · ").append(rows.isEmpty() ? "no headline rows" : String.join(", ", rows));
    }
    return line.toString();
  }

  private static String lift(JsonNode row) {
    JsonNode lift = row.path("lift");
    JsonNode estimate = lift.path("estimate");
    String value;
    if (!estimate.isNumber()) {
      value = "n/a";
    } else if (lift.path("basis").asText().equals("relative")) {
      value = String.format(Locale.ROOT, "%+.1f%%", estimate.asDouble() * 100);
    } else {
      value = String.format(Locale.ROOT, "%+.3g", estimate.asDouble());
    }
    return row.path("group").asText()
        + " "
        + row.path("metric").asText()
        + " "
        + value
        + (row.path("significant").asBoolean() ? "*" : "");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("The local event bus did not stop", e);
    }
  }
}
