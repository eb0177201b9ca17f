package campaignlift.evaluation;

import campaignlift.stats.DailySurvival;
import java.util.Arrays;

/**
 * Time to repeat purchase in one group × segment, in whole days (docs/metrics.md): of the users
 * analysed, {@code events[t]} had their repeat purchase on day t of their window and {@code
 * censored[t]} were followed for t days without one (t = 1..horizonDays; index 0 unused). Users
 * exposed too recently to be followed for a whole day are in neither.
 */
public record SurvivalCounts(int horizonDays, long[] events, long[] censored) {
  public SurvivalCounts {
    if (events.length != horizonDays + 1 || censored.length != horizonDays + 1) {
      throw new IllegalArgumentException("events and censored must have horizonDays + 1 entries");
    }
    events = events.clone();
    censored = censored.clone();
  }

  @Override
  public long[] events() {
    return events.clone();
  }

  @Override
  public long[] censored() {
    return censored.clone();
  }

  /** The statistics engine's daily counts (day 0, users followed for no whole day, left out). */
  public DailySurvival toDaily() {
    long[] e = events();
    long[] c = censored();
    e[0] = 0;
    c[0] = 0;
    return new DailySurvival(horizonDays, e, c);
  }

  /** Users with a repeat purchase. */
  public long eventCount() {
    return Arrays.stream(events).sum();
  }

  /** Users followed for at least a day. */
  public long followed() {
    return eventCount() + Arrays.stream(censored).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SurvivalCounts s
        && horizonDays == s.horizonDays
        && Arrays.equals(events, s.events)
        && Arrays.equals(censored, s.censored);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * horizonDays + Arrays.hashCode(events)) + Arrays.hashCode(censored);
  }

  @Override
  public String toString() {
    return "SurvivalCounts[horizonDays="
        + horizonDays
        + ", events="
        + Arrays.toString(events)
        + ", censored="
        + Arrays.toString(censored)
        + "]";
  }
}
