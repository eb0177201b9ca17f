/**
 * The HTTP edge (docs/api.md): API Gateway payload-v2 requests and responses ({@link
 * campaignlift.http.ApiGateway}), request bodies read as client JSON ({@link
 * campaignlift.http.JsonBody}), the edge's own refusals ({@link campaignlift.http.ApiException}:
 * bad JSON, too large, no such route) and {@link campaignlift.http.ApiErrors}, the one place where
 * the cores' refusals become a status, an error code and the error body.
 *
 * <p>It may import the cores (to name their refusals); no core imports it.
 */
package campaignlift.http;
