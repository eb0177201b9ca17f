package campaignlift.recording;

import campaignlift.campaign.ArchivedCampaignException;
import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Identifiers;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.domain.Problem;
import campaignlift.support.Backoff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The write path (docs/api.md, docs/write-path.md, docs/metrics.md): takes a batch of typed
 * records, already read and validated whole by {@link RecordRules} (from an API body or an import
 * file), groups it by user, and records each user's part as read → pure transition → commit
 * conditioned on the user's version, retrying on conflicts. Users are processed in parallel on a
 * bounded pool; the guarantees come from DynamoDB conditions, not from this JVM, because several
 * Lambda instances run at once.
 */
public final class Recorder {
  /** Retries of a user whose commit lost a race: full jitter, ceilings 4, 8, … up to 200 ms. */
  private static final Backoff RETRY_BACKOFF = new Backoff(2, 200);

  /**
   * Attempts per user commit before giving up with a 5xx (the client then retries the whole batch).
   */
  static final int MAX_ATTEMPTS = 25;

  /**
   * Events per commit to start with: each writes a log entry and a dedupe record, so 48 fill a
   * 100-item transaction with the user item and a few enrolments; halved when a user's enrolments
   * make the commit exceed the store's item limit.
   */
  static final int EVENTS_PER_COMMIT = 48;

  /**
   * New exposures (dedupe records) per commit: with the user item and up to {@link
   * UserRecord#MAX_ENROLMENTS} enrolment items (when the first known time moves) it stays within
   * one 100-item transaction.
   */
  static final int EXPOSURES_PER_COMMIT = 50;

  private final CampaignRepository campaigns;
  private final RecordingStore store;
  private final ExecutorService pool;

  public Recorder(CampaignRepository campaigns, RecordingStore store, ExecutorService pool) {
    this.campaigns = campaigns;
    this.store = store;
    this.pool = pool;
  }

  /**
   * The campaign exposures are recorded for, as it is now: the design a batch is read against.
   *
   * @throws campaignlift.domain.InvalidInputException when {@code campaignId} is not an identifier
   * @throws UnknownCampaignException when there is none
   * @throws campaignlift.campaign.UnreadableCampaignException when its stored item cannot be read
   * @throws ArchivedCampaignException when it is archived
   */
  public StoredCampaign campaignTakingExposures(String campaignId) {
    if (!Identifiers.isValid(campaignId)) {
      throw Identifiers.invalidCampaignId();
    }
    StoredCampaign c =
        campaigns.find(campaignId).orElseThrow(() -> new UnknownCampaignException(campaignId));
    if (c.archived()) {
      throw new ArchivedCampaignException(c, "takes no more exposures");
    }
    return c;
  }

  /**
   * Records {@code exposures}, read and validated against {@code campaign} (from {@link
   * #campaignTakingExposures}) at time {@code now}.
   *
   * @throws InvalidRecordsException when the design changed meanwhile and some exposures no longer
   *     fit it (its window or groups); nothing was written
   */
  public BatchResult exposures(StoredCampaign campaign, List<Exposure> exposures, Instant now) {
    String campaignId = campaign.campaignId();
    // Freeze the design before the first enrolment; if it changed meanwhile, check the exposures
    // against the new one.
    while (!campaign.exposuresStarted()) {
      if (campaigns.markExposuresStarted(campaignId, campaign.version(), now)) {
        break;
      }
      campaign = campaignTakingExposures(campaignId);
      List<Problem> misfits = RecordRules.misfits(campaign.campaign(), exposures);
      if (!misfits.isEmpty()) {
        throw InvalidRecordsException.records(misfits);
      }
    }
    var design = campaign.campaign();
    Map<String, List<Exposure>> byUser = new LinkedHashMap<>();
    exposures.forEach(x -> byUser.computeIfAbsent(x.userId(), k -> new ArrayList<>()).add(x));
    // One batched read of dedupe keys, then one of the users that have anything new: a user whose
    // every exposure is a redelivery costs one dedupe lookup each and nothing else. A user re-reads
    // alone only after losing a race or for its later chunks.
    Set<String> known = store.recorded(exposures.stream().map(x -> x.dedupeKey(design)).toList());
    int redelivered = 0;
    for (var it = byUser.values().iterator(); it.hasNext(); ) {
      List<Exposure> mine = it.next();
      if (mine.stream().allMatch(x -> known.contains(x.dedupeKey(design)))) {
        redelivered += mine.size();
        it.remove();
      }
    }
    Map<String, UserState> preloaded = new ConcurrentHashMap<>(store.load(byUser.keySet()));
    List<Supplier<BatchResult>> work = new ArrayList<>();
    byUser.forEach(
        (userId, mine) -> work.add(() -> userExposures(design, userId, mine, preloaded, known)));
    return runAll(work).plus(BatchResult.duplicates(redelivered));
  }

  /**
   * Records one user's exposures in chunks that fit a transaction, earliest first, so the first
   * chunk creates the enrolment and later ones rarely move it.
   *
   * @param known dedupe keys of the batch already recorded before it (read once for the batch)
   */
  private BatchResult userExposures(
      Campaign design,
      String userId,
      List<Exposure> mine,
      Map<String, UserState> preloaded,
      Set<String> known) {
    List<Exposure> sorted = new ArrayList<>(mine);
    sorted.sort(Transitions.EARLIEST);
    // Keys this user's own commits wrote or lost a race on: an eventually consistent re-read may
    // not see them yet, so they are carried from attempt to attempt and chunk to chunk.
    Set<String> seen = new HashSet<>();
    BatchResult total = BatchResult.EMPTY;
    for (int i = 0; i < sorted.size(); i += EXPOSURES_PER_COMMIT) {
      List<Exposure> chunk = sorted.subList(i, Math.min(sorted.size(), i + EXPOSURES_PER_COMMIT));
      boolean first = i == 0;
      total =
          total.plus(
              retrying(
                  attempt -> {
                    UserState state = fresh(preloaded, userId);
                    List<String> keys = chunk.stream().map(x -> x.dedupeKey(design)).toList();
                    Set<String> recorded = new HashSet<>(seen);
                    if (first && attempt == 1) {
                      keys.stream().filter(known::contains).forEach(recorded::add);
                    } else {
                      recorded.addAll(store.recorded(keys));
                    }
                    Transitions.ExposureResult r =
                        Transitions.exposures(state, design, chunk, recorded, () -> log(state));
                    if (r.change() != null) {
                      try {
                        store.commit(List.of(r.change()), r.newKeys());
                      } catch (RecordingStore.DuplicateEvents d) {
                        seen.addAll(d.eventIds());
                        throw d;
                      }
                      seen.addAll(r.newKeys());
                    }
                    var t = r.tally();
                    return new BatchResult(
                        t.accepted(), t.duplicates(), t.conflicts(), t.refused());
                  }));
    }
    return total;
  }

  /** The preloaded state on first use, a fresh read after that (the first attempt lost a race). */
  private UserState fresh(Map<String, UserState> preloaded, String userId) {
    UserState first = preloaded.remove(userId);
    return first != null ? first : store.load(List.of(userId)).get(userId);
  }

  /** A user never written has no events: skip the query. */
  private List<LoggedEvent> log(UserState state) {
    return state.user().version() == 0 ? List.of() : store.log(state.user().userId());
  }

  /** Records validated outcomes (read by {@link RecordRules#outcome}). */
  public BatchResult outcomes(List<Outcome> outcomes) {
    // Events already recorded are dropped before any write: a redelivery costs reads only.
    Set<String> seen =
        new HashSet<>(store.recorded(outcomes.stream().map(Outcome::eventId).toList()));
    int repeated = 0;
    Map<String, List<Outcome>> byUser = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      if (!seen.add(o.eventId())) {
        repeated++;
        continue;
      }
      byUser.computeIfAbsent(o.userId(), k -> new ArrayList<>()).add(o);
    }
    Set<String> involved = new HashSet<>(byUser.keySet());
    byUser.values().stream()
        .flatMap(List::stream)
        .map(Outcome::referredBy)
        .filter(r -> r != null)
        .forEach(involved::add);
    Map<String, UserState> preloaded = new ConcurrentHashMap<>(store.load(involved));
    List<Supplier<BatchResult>> work = new ArrayList<>();
    byUser.forEach(
        (userId, mine) ->
            work.add(
                () -> {
                  BatchResult total = BatchResult.EMPTY;
                  for (int i = 0; i < mine.size(); i += EVENTS_PER_COMMIT) {
                    total =
                        total.plus(
                            commitOutcomes(
                                userId,
                                mine.subList(i, Math.min(mine.size(), i + EVENTS_PER_COMMIT)),
                                preloaded));
                  }
                  return total;
                }));
    return runAll(work).plus(BatchResult.duplicates(repeated));
  }

  /**
   * One atomic commit of {@code chunk} (all of {@code userId}), split when it is too large for one.
   */
  private BatchResult commitOutcomes(
      String userId, List<Outcome> chunk, Map<String, UserState> preloaded) {
    List<Outcome> pending = new ArrayList<>(chunk);
    int duplicates = 0;
    for (int attempt = 1; ; attempt++) {
      if (pending.isEmpty()) {
        return BatchResult.duplicates(duplicates);
      }
      Set<String> users = new HashSet<>();
      users.add(userId);
      pending.stream().map(Outcome::referredBy).filter(r -> r != null).forEach(users::add);
      Map<String, UserState> states = load(users, preloaded);
      Map<String, List<LoggedEvent>> logs = new LinkedHashMap<>();
      for (Outcome o : pending) {
        logs.computeIfAbsent(userId, k -> new ArrayList<>()).add(LoggedEvent.own(o));
        if (o.referredBy() != null) {
          logs.computeIfAbsent(o.referredBy(), k -> new ArrayList<>())
              .add(LoggedEvent.referralOf(o));
        }
      }
      List<UserChange> changes = new ArrayList<>();
      logs.forEach((user, events) -> changes.add(Transitions.outcomes(states.get(user), events)));
      Set<String> ids = new HashSet<>();
      pending.forEach(o -> ids.add(o.eventId()));
      int items = ids.size() + changes.stream().mapToInt(UserChange::items).sum();
      if (items > store.maxItemsPerCommit()) {
        if (pending.size() == 1) {
          throw new IllegalStateException(
              "Event "
                  + pending.get(0).eventId()
                  + " touches more enrolments than one transaction can hold ("
                  + items
                  + " items).");
        }
        int half = pending.size() / 2;
        return commitOutcomes(userId, pending.subList(0, half), preloaded)
            .plus(commitOutcomes(userId, pending.subList(half, pending.size()), preloaded))
            .plus(BatchResult.duplicates(duplicates));
      }
      try {
        store.commit(changes, ids);
        return new BatchResult(pending.size(), duplicates, 0, 0);
      } catch (RecordingStore.DuplicateEvents d) {
        duplicates += d.eventIds().size();
        pending.removeIf(o -> d.eventIds().contains(o.eventId()));
      } catch (RecordingStore.VersionConflict c) {
        if (attempt >= MAX_ATTEMPTS) {
          throw c;
        }
        RETRY_BACKOFF.sleep(attempt);
      }
    }
  }

  /**
   * States of {@code users}: from the batch's preload while it still holds them all (each is used
   * once, as the user's own commit changes it), otherwise a fresh read.
   */
  private Map<String, UserState> load(Set<String> users, Map<String, UserState> preloaded) {
    Map<String, UserState> out = new HashMap<>();
    for (String u : users) {
      UserState s = preloaded.remove(u);
      if (s == null) {
        return store.load(users);
      }
      out.put(u, s);
    }
    return out;
  }

  /**
   * Runs {@code step} until it commits. A version conflict or a dedupe key recorded meanwhile by a
   * concurrent delivery both mean the state read is stale: the step re-reads and recomputes.
   */
  private static <T> T retrying(IntFunction<T> step) {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.apply(attempt);
      } catch (RecordingStore.VersionConflict | RecordingStore.DuplicateEvents c) {
        if (attempt >= MAX_ATTEMPTS) {
          throw c;
        }
        RETRY_BACKOFF.sleep(attempt);
      }
    }
  }

  /**
   * Runs every user's work on the pool and sums the results. After the first failure the users not
   * yet started are skipped (the batch answers 5xx anyway and the client resends all of it), so a
   * fault that outlasts the retries costs one round of retries, not one per user.
   */
  private BatchResult runAll(List<Supplier<BatchResult>> work) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Future<BatchResult>> futures = new ArrayList<>();
    for (Supplier<BatchResult> w : work) {
      futures.add(
          pool.submit(
              () -> {
                if (failure.get() != null) {
                  return BatchResult.EMPTY;
                }
                try {
                  return w.get();
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                  throw e;
                }
              }));
    }
    BatchResult total = BatchResult.EMPTY;
    for (Future<BatchResult> f : futures) {
      try {
        total = total.plus(f.get());
      } catch (ExecutionException e) {
        failure.compareAndSet(
            null,
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return total;
  }
}
