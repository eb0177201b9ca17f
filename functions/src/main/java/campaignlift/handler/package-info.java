/**
 * The Lambda entry points named in template.yaml: each decodes its event, calls the cores built by
 * {@code Wiring} on the DynamoDB and S3 stores, and encodes the answer; HTTP functions extend
 * {@link campaignlift.handler.ApiHandler}, which turns refusals into error bodies through {@code
 * http.ApiErrors} and anything else into a logged 500. Structured logging lives here ({@code Log}).
 *
 * <p>The top of the graph: it may import every package, and no package of the functions imports it
 * (the local twin calls the handlers as Lambda would).
 */
package campaignlift.handler;
