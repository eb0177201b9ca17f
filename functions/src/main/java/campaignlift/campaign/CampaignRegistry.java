package campaignlift.campaign;

import campaignlift.domain.ConcurrentChangeException;
import campaignlift.domain.ForeignPageTokenException;
import campaignlift.domain.InvalidInputException;
import campaignlift.domain.PageSize;
import campaignlift.domain.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Campaign registration (docs/api.md): create or replace, read, list, archive, and the
 * deterministic assignment of a user. Concurrent writers are serialised by the repository's
 * conditions, never by JVM locks, because several Lambda instances run at once. A stored item that
 * cannot be read never blocks an operator: PUT replaces it and DELETE archives it
 * (docs/stored-data.md).
 */
public final class CampaignRegistry {
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 100;
  private static final int MAX_ATTEMPTS = 5;

  private final CampaignRepository repository;
  private final Clock clock;
  private final AggregatesStart aggregates;

  public CampaignRegistry(CampaignRepository repository, Clock clock) {
    this(repository, clock, AggregatesStart.NONE);
  }

  /**
   * @param aggregates started empty for every campaign stored before its first exposure
   */
  public CampaignRegistry(CampaignRepository repository, Clock clock, AggregatesStart aggregates) {
    this.repository = repository;
    this.clock = clock;
    this.aggregates = aggregates;
  }

  /** Outcome of a put: the stored campaign and whether it was created (201) or replaced (200). */
  public record PutResult(StoredCampaign stored, boolean created) {}

  public PutResult put(String campaignId, JsonNode body) {
    Campaign next = CampaignParser.parse(campaignId, body);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Optional<CampaignItem> current = repository.read(campaignId);
      if (current.isEmpty()) {
        StoredCampaign created = new StoredCampaign(next, 1, now, now, null, null);
        if (repository.save(created, 0, false)) {
          // No enrolment can exist before the first exposure: empty aggregates are complete.
          aggregates.startEmpty(campaignId);
          return new PutResult(created, true);
        }
        continue;
      }
      if (current.get().archived()) {
        throw new ArchivedCampaignException(current.get(), "cannot be changed");
      }
      if (current.get() instanceof UnreadableCampaign u) {
        StoredCampaign replaced = replacement(next, u, now);
        if (repository.replaceUnreadable(replaced, u)) {
          return new PutResult(replaced, false);
        }
        continue;
      }
      StoredCampaign old = (StoredCampaign) current.get();
      requireSameShards(old.campaign().shards(), next);
      boolean designChange = !old.campaign().sameDesignAs(next);
      if (designChange && old.exposuresStarted()) {
        throw DesignFrozenException.afterExposures(old);
      }
      StoredCampaign updated =
          new StoredCampaign(
              next, old.version() + 1, old.createdAt(), now, old.exposuresStartedAt(), null);
      if (repository.save(updated, old.version(), designChange)) {
        if (!old.exposuresStarted()) {
          // Also a retry of a create whose aggregates were not started (the call failed).
          aggregates.startEmpty(campaignId);
        }
        return new PutResult(updated, false);
      }
    }
    throw new ConcurrentChangeException(
        "The campaign was changed by another request at the same time; retry.");
  }

  /**
   * What replaces an unreadable item: the new definition, keeping what could still be read. The old
   * design cannot be compared, so the operator's PUT defines it; only a readable shard count is
   * enforced, because enrolments are already spread over it.
   */
  private static StoredCampaign replacement(Campaign next, UnreadableCampaign u, Instant now) {
    if (u.shards() != null) {
      requireSameShards(u.shards(), next);
    }
    long version = u.version() == null ? 1 : u.version() + 1;
    Instant created = u.createdAt() == null ? now : u.createdAt();
    return new StoredCampaign(next, version, created, now, u.exposuresStartedAt(), null);
  }

  private static void requireSameShards(int stored, Campaign next) {
    if (stored != next.shards()) {
      throw DesignFrozenException.shards(stored);
    }
  }

  /**
   * The campaign, archived or not.
   *
   * @throws UnknownCampaignException when there is none
   * @throws UnreadableCampaignException when its stored item cannot be read
   */
  public StoredCampaign get(String campaignId) {
    requireId(campaignId);
    return repository.find(campaignId).orElseThrow(() -> new UnknownCampaignException(campaignId));
  }

  /**
   * Archives a campaign (idempotent; the first archiving time stays): it keeps all its data but
   * leaves listings and scheduled runs and takes no more exposures. Works whether or not its stored
   * item can be read, so an operator can always retire it.
   *
   * @throws UnknownCampaignException when there is none
   */
  public CampaignItem archive(String campaignId) {
    requireId(campaignId);
    return repository
        .archive(campaignId, clock.instant())
        .orElseThrow(() -> new UnknownCampaignException(campaignId));
  }

  /**
   * A page of active campaigns, or of archived ones when {@code archived} is {@code "true"}.
   * Unreadable items are skipped and listed on the page.
   */
  public CampaignRepository.Page list(String limit, String nextToken, String archived) {
    int size = PageSize.parse(limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    boolean onlyArchived = archivedFilter(archived);
    try {
      return repository.list(size, nextToken, onlyArchived);
    } catch (IllegalArgumentException e) {
      throw new ForeignPageTokenException("this listing (same route and archived filter)");
    }
  }

  private static boolean archivedFilter(String archived) {
    if (archived == null || archived.equals("false")) {
      return false;
    }
    if (archived.equals("true")) {
      return true;
    }
    throw InvalidInputException.query(Problem.of("archived", "must be true or false"));
  }

  /** The group a user gets when exposed without an explicit group. Writes nothing. */
  public Group assignment(String campaignId, String userId) {
    if (!Identifiers.isValid(userId)) {
      throw InvalidInputException.identifier("user", "userId", Identifiers.rule());
    }
    return Assignment.assign(get(campaignId).campaign(), userId);
  }

  private static void requireId(String campaignId) {
    if (!Identifiers.isValid(campaignId)) {
      throw Identifiers.invalidCampaignId();
    }
  }
}
