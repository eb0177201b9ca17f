package campaignlift.local;

import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream function for twin tests of the mapping's wiring: keeps each event it is handed and
 * answers with an empty partial batch response. Built by {@link LocalFunctions} like every handler.
 */
public final class RecordingStreamHandler implements RequestStreamHandler {
  static final List<byte[]> EVENTS = new CopyOnWriteArrayList<>();

  public RecordingStreamHandler(Backend backend, Clock clock) {
    // The twin builds every handler on its backend and clock; this one needs neither.
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    EVENTS.add(in.readAllBytes());
    out.write("{\"batchItemFailures\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
