package campaignlift.campaign;

import campaignlift.http.ApiException;
import campaignlift.http.PageSize;
import campaignlift.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Campaign registration (SPEC §2): create or replace, read, list, and the deterministic assignment
 * of a user. Concurrent writers are serialised by the repository's version check, never by JVM
 * locks, because several Lambda instances run at once.
 */
public final class CampaignRegistry {
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 100;
  private static final int MAX_ATTEMPTS = 5;

  private final CampaignRepository repository;
  private final Clock clock;

  public CampaignRegistry(CampaignRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Outcome of a put: the stored campaign and whether it was created (201) or replaced (200). */
  public record PutResult(StoredCampaign stored, boolean created) {}

  public PutResult put(String campaignId, JsonNode body) {
    Campaign next = CampaignParser.parse(campaignId, body);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Optional<StoredCampaign> current = repository.find(campaignId);
      if (current.isEmpty()) {
        StoredCampaign created = new StoredCampaign(next, 1, now, now, null);
        if (repository.save(created, 0, false)) {
          return new PutResult(created, true);
        }
        continue;
      }
      StoredCampaign old = current.get();
      if (old.campaign().shards() != next.shards()) {
        throw ApiException.conflict(
            "The number of shards is fixed when a campaign is created.",
            List.of(Problem.of("shards", "is " + old.campaign().shards() + " and cannot change")));
      }
      boolean designChange = !old.campaign().sameDesignAs(next);
      if (designChange && old.exposuresStarted()) {
        throw designConflict(old);
      }
      StoredCampaign updated =
          new StoredCampaign(
              next, old.version() + 1, old.createdAt(), now, old.exposuresStartedAt());
      if (repository.save(updated, old.version(), designChange)) {
        return new PutResult(updated, false);
      }
    }
    throw ApiException.conflict(
        "The campaign was changed by another request at the same time; retry.", List.of());
  }

  private static ApiException designConflict(StoredCampaign old) {
    return ApiException.conflict(
        "Groups, weights and windowDays cannot change once exposures exist (since "
            + old.exposuresStartedAt()
            + ").",
        List.of(
            Problem.of("groups", "cannot change after the first exposure"),
            Problem.of("windowDays", "cannot change after the first exposure")));
  }

  public StoredCampaign get(String campaignId) {
    requireId(campaignId);
    return repository
        .find(campaignId)
        .orElseThrow(() -> ApiException.notFound("No campaign \"" + campaignId + "\"."));
  }

  public CampaignRepository.Page list(String limit, String nextToken) {
    int size = PageSize.parse(limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    try {
      return repository.list(size, nextToken);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "The query is not valid.",
          List.of(Problem.of("nextToken", "is not a token returned by this API")));
    }
  }

  /** The group a user gets when exposed without an explicit group. Writes nothing. */
  public Group assignment(String campaignId, String userId) {
    if (!Identifiers.isValid(userId)) {
      throw ApiException.invalid(
          "The user id is not valid.", List.of(Problem.of("userId", Identifiers.rule())));
    }
    return Assignment.assign(get(campaignId).campaign(), userId);
  }

  private static void requireId(String campaignId) {
    if (!Identifiers.isValid(campaignId)) {
      throw ApiException.invalid(
          "The campaign id is not valid.", List.of(Problem.of("campaignId", Identifiers.rule())));
    }
  }
}
