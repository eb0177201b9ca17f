package campaignlift.stats;

import java.util.Arrays;

/**
 * One arm's time-to-event data in whole days (docs/statistics.md §12): for t = 1..horizonDays,
 * {@code events[t]} users had their event at day t and {@code censored[t]} users were followed for
 * t days without it (most at t = horizonDays). Index 0 is unused and must be 0: an event in the
 * first 24 hours is at t = 1.
 *
 * @param horizonDays follow-up horizon τ in days (≥ 1)
 * @param events users with their event at day t, length horizonDays + 1
 * @param censored users censored at day t, length horizonDays + 1
 * @throws IllegalArgumentException if the arrays do not fit the horizon or hold a negative count
 */
public record DailySurvival(int horizonDays, long[] events, long[] censored) {
  /** Validates and copies the counts. */
  public DailySurvival {
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizonDays must be >= 1, got " + horizonDays);
    }
    events = checked(events, horizonDays, "events");
    censored = checked(censored, horizonDays, "censored");
  }

  private static long[] checked(long[] counts, int horizon, String name) {
    if (counts == null || counts.length != horizon + 1) {
      throw new IllegalArgumentException(name + " must have horizonDays + 1 entries");
    }
    if (counts[0] != 0) {
      throw new IllegalArgumentException(name + "[0] must be 0: day 1 is the first day");
    }
    for (long c : counts) {
      Checks.count(c, name);
    }
    return counts.clone();
  }

  /** A copy of the event counts by day. */
  @Override
  public long[] events() {
    return events.clone();
  }

  /** A copy of the censoring counts by day. */
  @Override
  public long[] censored() {
    return censored.clone();
  }

  /** Users in the arm: every event and every censoring. */
  public long users() {
    return Arrays.stream(events).sum() + Arrays.stream(censored).sum();
  }

  /** Users whose event was observed. */
  public long totalEvents() {
    return Arrays.stream(events).sum();
  }

  /** Events at day t (package-private, no copy). */
  long eventsAt(int t) {
    return events[t];
  }

  /** Censorings at day t (package-private, no copy). */
  long censoredAt(int t) {
    return censored[t];
  }

  /**
   * Users at risk at day t: those with no event and no censoring before t (censored at t are at
   * risk at t).
   */
  long[] atRisk() {
    long[] r = new long[horizonDays + 1];
    long remaining = users();
    for (int t = 1; t <= horizonDays; t++) {
      r[t] = remaining;
      remaining -= events[t] + censored[t];
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DailySurvival d
        && d.horizonDays == horizonDays
        && Arrays.equals(d.events, events)
        && Arrays.equals(d.censored, censored);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * horizonDays + Arrays.hashCode(events)) + Arrays.hashCode(censored);
  }

  @Override
  public String toString() {
    return "DailySurvival[horizonDays="
        + horizonDays
        + ", events="
        + Arrays.toString(events)
        + ", censored="
        + Arrays.toString(censored)
        + "]";
  }
}
