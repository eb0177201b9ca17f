package campaignlift.handler;

import campaignlift.http.ApiErrors;
import campaignlift.http.ApiException;
import campaignlift.http.ApiGateway;
import campaignlift.http.HttpResponse;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import campaignlift.store.SecretsManagerSecret;
import campaignlift.webhook.ShopifySignature;
import campaignlift.webhook.ShopifyWebhook;
import campaignlift.webhook.ShopifyWebhook.Answer;
import campaignlift.webhook.ShopifyWebhook.Invalid;
import campaignlift.webhook.ShopifyWebhook.Malformed;
import campaignlift.webhook.ShopifyWebhook.NotConfigured;
import campaignlift.webhook.ShopifyWebhook.Recorded;
import campaignlift.webhook.ShopifyWebhook.Skipped;
import campaignlift.webhook.ShopifyWebhook.Unsigned;
import campaignlift.webhook.WebhookSecret;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ShopifyWebhookFunction}: {@code POST /webhooks/shopify} (docs/shopify.md). Reads the
 * payload-v2 event itself rather than through {@link ApiGateway#decode}, because the signature is
 * over the exact body bytes: a base64 body ({@code isBase64Encoded}) is decoded to bytes and never
 * passes through a String. Logs the route, status, topic and Shopify's webhook id, never the body,
 * the signature or the secret.
 */
public final class ShopifyWebhookHandler implements RequestStreamHandler {
  static final String ROUTE = "POST /webhooks/shopify";

  private final ShopifyWebhook webhook;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public ShopifyWebhookHandler() {
    this(
        Backend.fromEnvironment(System.getenv()),
        Clock.systemUTC(),
        System.getenv(),
        "ShopifyWebhookFunction");
  }

  /** The twin's constructor: the secret and prefix come from this process's environment. */
  public ShopifyWebhookHandler(Backend backend, Clock clock) {
    this(backend, clock, System.getenv());
  }

  ShopifyWebhookHandler(Backend backend, Clock clock, Map<String, String> env) {
    this(backend, clock, env, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming:
   *     the sample delivery is signed with the secret the webhook checks (in AWS, the one priming
   *     answers for Secrets Manager, which is dropped afterwards)
   */
  private ShopifyWebhookHandler(
      Backend backend, Clock clock, Map<String, String> env, String primedAs) {
    WebhookSecret secret = Wiring.shopifySecret(env, backend);
    this.webhook = Wiring.shopifyWebhook(backend, clock, env, secret);
    this.priming =
        Priming.register(
            primedAs,
            this,
            backend,
            event -> signed(event, secret),
            answer -> Priming.succeeded(answer) || notConfigured(answer),
            secret instanceof SecretsManagerSecret fetched ? fetched::forget : () -> {});
  }

  /** The sample delivery signed with {@code secret}; unsigned when there is none. */
  private static JsonNode signed(JsonNode event, WebhookSecret secret) {
    String key = secret.secret();
    if (key == null) {
      return event;
    }
    ObjectNode copy = event.deepCopy();
    byte[] body = copy.path("body").asText().getBytes(StandardCharsets.UTF_8);
    ((ObjectNode) copy.get("headers"))
        .put(ShopifyWebhook.HMAC_HEADER, ShopifySignature.sign(body, key));
    return copy;
  }

  /** Without a secret the door can only answer 503 not_configured, priming or not. */
  private static boolean notConfigured(JsonNode answer) {
    return answer.path("statusCode").asInt() == 503
        && answer.path("body").asText().contains("\"not_configured\"");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    HttpResponse response;
    try {
      JsonNode event = Json.MAPPER.readTree(input);
      if (event == null || !event.isObject()) {
        throw new IllegalArgumentException("The Lambda event is not an API Gateway v2 request.");
      }
      String route = event.path("routeKey").asText(ROUTE);
      fields.put("route", route);
      Map<String, String> headers = headers(event.path("headers"));
      fields.put("topic", String.valueOf(headers.get(ShopifyWebhook.TOPIC_HEADER)));
      fields.put("webhookId", String.valueOf(headers.get(ShopifyWebhook.WEBHOOK_ID_HEADER)));
      if (!route.equals(ROUTE)) {
        throw ApiException.notFound("No route " + route + ".");
      }
      Answer answer = webhook.deliver(headers, body(event));
      fields.put("result", answer.getClass().getSimpleName());
      response = response(answer);
    } catch (ApiException e) {
      response = ApiErrors.response(e);
    } catch (RuntimeException | IOException e) {
      Log.error(context, "request failed", Map.of("route", ROUTE), e);
      response =
          ApiGateway.error(500, "internal", "The request failed on our side; retry it.", List.of());
    }
    fields.put("status", response.statusCode());
    Log.info(context, "request", fields);
    ApiGateway.encode(response, output);
  }

  /** The body's exact bytes; over 1 MB is 413, as on every route (docs/api.md). */
  private static byte[] body(JsonNode event) {
    JsonNode body = event.path("body");
    if (!body.isTextual()) {
      return new byte[0];
    }
    byte[] bytes;
    if (event.path("isBase64Encoded").asBoolean(false)) {
      try {
        bytes = Base64.getDecoder().decode(body.asText());
      } catch (IllegalArgumentException e) {
        throw ApiException.badJson("The request body is marked base64 but is not valid base64.");
      }
    } else {
      bytes = body.asText().getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > ApiGateway.MAX_BODY_BYTES) {
      throw ApiException.tooLarge(
          "The request body is "
              + bytes.length
              + " bytes; the limit is "
              + ApiGateway.MAX_BODY_BYTES
              + " bytes.");
    }
    return bytes;
  }

  private static Map<String, String> headers(JsonNode node) {
    Map<String, String> headers = new HashMap<>();
    node.properties()
        .forEach(
            h -> {
              if (h.getValue().isValueNode() && !h.getValue().isNull()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText());
              }
            });
    return headers;
  }

  /** Each answer's status and body (docs/shopify.md, "Status codes"). */
  static HttpResponse response(Answer answer) {
    if (answer instanceof NotConfigured) {
      return ApiGateway.error(
          503,
          "not_configured",
          "No Shopify webhook secret is configured: set the stack parameter"
              + " ShopifyWebhookSecretName (AWS) or the environment variable SHOPIFY_WEBHOOK_SECRET"
              + " (./lift serve); see docs/shopify.md.",
          List.of());
    }
    if (answer instanceof Unsigned u) {
      return ApiGateway.error(
          401, "unauthorized", u.reason() + " Nothing was recorded.", List.of());
    }
    if (answer instanceof Malformed m) {
      return ApiGateway.error(400, "bad_json", m.reason(), List.of());
    }
    if (answer instanceof Invalid i) {
      return ApiGateway.error(
          422,
          "invalid_record",
          "The " + i.topic() + " payload does not make a valid record; nothing was recorded.",
          i.problems());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (answer instanceof Skipped s) {
      body.put("topic", s.topic());
      body.put("skipped", s.reason());
    } else {
      Recorded r = (Recorded) answer;
      body.put("topic", r.topic());
      body.put("eventId", r.outcome().eventId());
      body.put("userId", r.outcome().userId());
      body.put("type", r.outcome().type().wireName());
      body.put("accepted", r.result().accepted());
      body.put("duplicates", r.result().duplicates());
    }
    return HttpResponse.json(200, body);
  }
}
