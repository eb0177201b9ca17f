/**
 * JSON for the whole service: the one configured Jackson mapper ({@link campaignlift.json.Json})
 * and the reading of client JSON with every number screened by its written form before anything
 * converts it (docs/value-domain.md), plus {@link campaignlift.json.FieldReader}, which reads one
 * JSON object's fields and collects every problem.
 *
 * <p>Imports only {@code campaignlift.domain}: the cores, the store and the edge all use it, so it
 * must never import {@code campaignlift.http} or any core.
 */
package campaignlift.json;
