package campaignlift.queue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a decoded message asks for: record the exposures of {@code campaignId} or the outcomes (then
 * {@code campaignId} is null) in {@code body}, the API's body, read as JSON but not yet judged by
 * the record rules.
 */
public record IngestRequest(IngestKind kind, String campaignId, JsonNode body) {}
