package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The part of the Lambda Runtime API the real runtime interface client uses, served here so a
 * handler runs under the runtime (aws-lambda-java-runtime-interface-client from Maven Central) in a
 * child JVM: hands out queued events on {@code GET /invocation/next} (blocking while there are
 * none, as Lambda does), answers SnapStart's {@code GET /restore/next}, and records every request
 * and what the function answered or reported.
 */
final class LambdaRuntimeApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/2018-06-01/runtime";
  private static final String NATIVE_LIBRARY = "jni/libaws-lambda-jni.linux-%s.so";

  /** One event to hand out, under the request id Lambda would give it. */
  record Invocation(String requestId, byte[] event) {}

  /** A request the runtime made, with when it arrived (epoch millis). */
  record Call(String path, long atMillis) {}

  final BlockingQueue<Invocation> events = new LinkedBlockingQueue<>();
  private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final String functionName;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  LambdaRuntimeApi(String functionName) throws IOException {
    this.functionName = functionName;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(BASE, this::exchange);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The requests made so far, in arrival order, paths relative to the runtime API's base. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The paths of the errors the runtime reported (init, restore or invocation). */
  List<String> errors() {
    List<String> errors = new ArrayList<>();
    answers.keySet().stream().filter(k -> k.endsWith("error")).sorted().forEach(errors::add);
    return errors;
  }

  /**
   * A runtime client in a child JVM on this test's class path, serving {@code handler} with {@code
   * functionEnv} (tables, endpoints) and the variables Lambda sets for a function on this API; logs
   * go as JSON lines to {@code dir}/stdout.log.
   */
  ProcessBuilder runtime(
      Path dir, String handler, List<String> jvmOptions, Map<String, String> functionEnv) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(handler);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(dir.resolve("stderr.log").toFile());
    Map<String, String> env = pb.environment();
    env.remove("_LAMBDA_TELEMETRY_LOG_FD"); // log to stdout, one line per entry
    env.putAll(functionEnv);
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port());
    env.put("AWS_LAMBDA_LOG_FORMAT", "JSON"); // what LoggingConfig.LogFormat: JSON sets
    env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
    env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    return pb;
  }

  /** Every line the runtime wrote to stdout, each a JSON value. */
  static List<JsonNode> lines(Path dir) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("stdout.log"))) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String key = path.substring(BASE.length() + 1);
      calls.add(new Call(key, System.currentTimeMillis()));
      if (key.equals("invocation/next")) {
        Invocation next = events.poll(120, TimeUnit.SECONDS);
        if (next == null) {
          exchange.sendResponseHeaders(500, -1);
          return;
        }
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", "application/json");
        h.set("Lambda-Runtime-Aws-Request-Id", next.requestId());
        // Lambda's longest timeout: queue functions start work only with 30 s or more left.
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
        h.set(
            "Lambda-Runtime-Invoked-Function-Arn",
            "arn:aws:lambda:us-east-1:000000000000:function:" + functionName);
        h.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, next.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(next.event());
        }
        return;
      }
      if (key.equals("restore/next")) {
        // SnapStart: the snapshot is "taken" and this environment "restored" at once.
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      // invocation/{id}/response, invocation/{id}/error, init/error or restore/error
      answers.put(key, body);
      exchange.sendResponseHeaders(202, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The function's answer to {@code requestId}; fails with the runtime's output otherwise. */
  JsonNode await(String requestId, Process runtime, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      byte[] answer = answers.get("invocation/" + requestId + "/response");
      if (answer != null) {
        return JSON.readTree(answer);
      }
      if (!runtime.isAlive() || !errors().isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no answer to "
            + requestId
            + "; runtime API saw "
            + calls()
            + " and errors "
            + errors()
            + "; runtime stdout: "
            + Files.readString(dir.resolve("stdout.log"))
            + "; runtime stderr: "
            + Files.readString(dir.resolve("stderr.log")));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The runtime client's native library for this machine; skips the test (saying why) where it
   * ships none: Linux x86_64 and aarch64 only.
   */
  static String nativeLibraryForThisMachine(String test) {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String suffix =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default -> null;
        };
    String reason =
        "the Lambda runtime interface client has no native library for " + os + "/" + arch;
    if (!os.contains("linux") || suffix == null) {
      System.out.println(test + " skipped: " + reason);
      Assumptions.abort(reason);
    }
    String resource = String.format(NATIVE_LIBRARY, suffix);
    assertNotNull(
        LambdaRuntimeApi.class.getClassLoader().getResource(resource),
        resource + " in the runtime client's jar");
    return resource;
  }
}
