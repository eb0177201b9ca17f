package campaignlift.local;

import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The template's functions, each instantiated once in this JVM (as one warm Lambda instance) on the
 * local backend, and invoked with raw event bytes exactly as the Lambda runtime hands them over.
 */
public final class LocalFunctions {
  private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
  private final PrintStream logs;

  public LocalFunctions(Template template, Backend backend, Clock clock, PrintStream logs) {
    this.logs = logs;
    for (Template.Function f : template.functions().values()) {
      handlers.put(f.logicalId(), instantiate(f.handlerClass(), backend, clock));
    }
  }

  private static RequestStreamHandler instantiate(String className, Backend backend, Clock clock) {
    try {
      return (RequestStreamHandler)
          Class.forName(className)
              .getConstructor(Backend.class, Clock.class)
              .newInstance(backend, clock);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "template.yaml names handler " + className + ", which cannot be created locally", e);
    }
  }

  /** Invokes function {@code logicalId} on one event; returns the bytes the function wrote. */
  public byte[] invoke(String logicalId, byte[] event) throws IOException {
    RequestStreamHandler handler = handlers.get(logicalId);
    if (handler == null) {
      throw new IllegalArgumentException(
          "No function " + logicalId + "; there are " + handlers.keySet());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event),
        out,
        LocalContext.of(UUID.randomUUID().toString(), logicalId, logs));
    return out.toByteArray();
  }
}
