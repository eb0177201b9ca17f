package campaignlift.handler;

import campaignlift.http.Json;
import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code ScheduledEvaluationFunction}. Declared in template.yaml; the capability is not built yet.
 */
public final class ScheduledEvaluationHandler implements RequestStreamHandler {

  public ScheduledEvaluationHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public ScheduledEvaluationHandler(Backend backend, Clock clock) {
    // Clients are kept by the capability once it exists.
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Json.MAPPER.readTree(input);
    Log.info(context, "not implemented yet", Map.of());
    Json.MAPPER.writeValue(output, Map.of("status", "not_implemented"));
  }
}
