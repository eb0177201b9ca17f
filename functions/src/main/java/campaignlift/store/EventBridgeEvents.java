package campaignlift.store;

import campaignlift.notify.EventPublisher;
import campaignlift.notify.ResultEvent;
import campaignlift.notify.ResultEvents;
import campaignlift.support.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The result events' bus (docs/result-events.md): EventBridge's PutEvents on the account's {@code
 * default} bus, with a client built on first use (functions that never evaluate pay nothing for it
 * at cold start). Throttling and 5xx are retried by the SDK's standard retry strategy; entries a
 * call reports as failed ({@code FailedEntryCount}) are sent once more after a short backoff, and
 * those still failing are returned in the outcome. Calls hold at most {@link #MAX_ENTRIES} entries
 * and {@link ResultEvents#MAX_ENTRY_BYTES} in all, EventBridge's limits. The endpoint comes from
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} when set (the SDK's variable for the service id {@code
 * EventBridge}; the local twin's bus).
 */
public final class EventBridgeEvents implements EventPublisher, AutoCloseable {
  /** The environment variable of an endpoint override. */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EVENTBRIDGE";

  /** The bus every event goes to. */
  public static final String DEFAULT_BUS = "default";

  /** PutEvents takes at most ten entries. */
  static final int MAX_ENTRIES = 10;

  /** Attempts of the entries a call reports as failed: the first put and one retry. */
  static final int ENTRY_ATTEMPTS = 2;

  /** Bounds one PutEvents call, SDK retries included: an evaluation never waits long for it. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final Backoff BACKOFF = new Backoff(50, 1_000);

  private final boolean enabled;
  private final String endpoint;
  private final ExecutionInterceptor interceptor;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong notPublished = new AtomicLong();
  private EventBridgeClient client;
  private boolean closed;
  private ClientSetup setup = ClientSetup.PLAIN;

  private EventBridgeEvents(boolean enabled, String endpoint, ExecutionInterceptor interceptor) {
    this.enabled = enabled;
    this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
    this.interceptor = interceptor;
  }

  /** No bus: backends built for tools and tests publish nothing. */
  public static EventBridgeEvents none() {
    return new EventBridgeEvents(false, null, null);
  }

  /** The default bus, at {@code AWS_ENDPOINT_URL_EVENTBRIDGE} when set (a function's). */
  public static EventBridgeEvents fromEnvironment(Map<String, String> env) {
    return of(env.get(ENDPOINT_VARIABLE), null);
  }

  /**
   * @param endpoint null for the region's endpoint
   * @param interceptor null, or an SDK interceptor (tests use it to inject faults)
   */
  public static EventBridgeEvents of(String endpoint, ExecutionInterceptor interceptor) {
    return new EventBridgeEvents(true, endpoint, interceptor);
  }

  /** The endpoint override, or null for the region's (or when there is no bus). */
  public String endpoint() {
    return endpoint;
  }

  /** Events the bus accepted through this instance. */
  public long published() {
    return published.get();
  }

  /** Events this instance gave up on (counted, and logged by the caller). */
  public long notPublished() {
    return notPublished.get();
  }

  /** The HTTP client and credentials of the backend this bus belongs to. */
  synchronized void setup(ClientSetup setup) {
    this.setup = setup;
  }

  /** The client, built on first use. */
  synchronized EventBridgeClient client() {
    if (closed) {
      throw new IllegalStateException("the backend is closed");
    }
    if (client == null) {
      EventBridgeClientBuilder b = setup.configure(EventBridgeClient.builder());
      if (endpoint != null) {
        b.endpointOverride(URI.create(endpoint));
      }
      b.overrideConfiguration(
          c -> {
            c.apiCallTimeout(CALL_TIMEOUT);
            if (interceptor != null) {
              c.addExecutionInterceptor(interceptor);
            }
          });
      client = b.build();
    }
    return client;
  }

  @Override
  public Outcome publish(List<ResultEvent> events) {
    if (!enabled || events.isEmpty()) {
      return new Outcome(0, List.of());
    }
    List<Failure> failures = new ArrayList<>();
    int accepted = 0;
    for (List<ResultEvent> batch : batches(events)) {
      List<Failure> failed;
      try {
        failed = put(batch);
      } catch (RuntimeException e) {
        // Past the SDK's retries: every entry of the call is lost, the next calls still go.
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        failed = new ArrayList<>();
        for (ResultEvent ev : batch) {
          failed.add(new Failure(ev.eventId(), ev.detailType(), error));
        }
      }
      accepted += batch.size() - failed.size();
      failures.addAll(failed);
    }
    published.addAndGet(accepted);
    notPublished.addAndGet(failures.size());
    return new Outcome(accepted, failures);
  }

  /** Calls of at most ten entries and 256 KB, in the events' order. */
  static List<List<ResultEvent>> batches(List<ResultEvent> events) {
    List<List<ResultEvent>> out = new ArrayList<>();
    List<ResultEvent> batch = new ArrayList<>();
    int bytes = 0;
    for (ResultEvent e : events) {
      int size = e.size();
      if (!batch.isEmpty()
          && (batch.size() == MAX_ENTRIES || bytes + size > ResultEvents.MAX_ENTRY_BYTES)) {
        out.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(e);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      out.add(batch);
    }
    return out;
  }

  /** One call, and one more for the entries it reports as failed; returns those still failed. */
  private List<Failure> put(List<ResultEvent> batch) {
    List<ResultEvent> pending = batch;
    for (int attempt = 1; ; attempt++) {
      List<PutEventsRequestEntry> entries = pending.stream().map(EventBridgeEvents::entry).toList();
      PutEventsResponse response = client().putEvents(r -> r.entries(entries));
      Integer failedCount = response.failedEntryCount();
      if (failedCount == null || failedCount == 0) {
        return List.of();
      }
      List<ResultEvent> failed = new ArrayList<>();
      List<Failure> reasons = new ArrayList<>();
      List<PutEventsResultEntry> results = response.entries();
      for (int i = 0; i < pending.size(); i++) {
        // The answer's entries are in the request's order; an entry with an error code failed.
        PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
        if (r == null || r.errorCode() != null) {
          ResultEvent ev = pending.get(i);
          failed.add(ev);
          reasons.add(
              new Failure(
                  ev.eventId(),
                  ev.detailType(),
                  r == null ? "no answer for the entry" : r.errorCode() + ": " + r.errorMessage()));
        }
      }
      if (failed.isEmpty() || attempt >= ENTRY_ATTEMPTS) {
        return reasons;
      }
      pending = failed;
      BACKOFF.sleep(attempt);
    }
  }

  private static PutEventsRequestEntry entry(ResultEvent e) {
    return PutEventsRequestEntry.builder()
        .eventBusName(DEFAULT_BUS)
        .source(ResultEvents.SOURCE)
        .detailType(e.detailType())
        .detail(e.detailJson())
        .time(e.time())
        .build();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
