package campaignlift.evaluation;

import campaignlift.recording.Enrolment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds enrolments one at a time into sufficient statistics per group × segment × metric, and
 * tallies the health counts. Each enrolment is read and discarded: the state holds one {@link Sums}
 * per metric per (group, segment value) plus a few counters, so its size depends on the campaign's
 * groups and segment values, never on the number of users. Not thread-safe: each shard reader folds
 * into its own accumulator and the partial results are {@linkplain #merge merged}.
 */
public final class Accumulator {
  private static final Metric[] METRICS = Metric.values();

  /** A group × segment cell. */
  public record Key(String group, Segment segment) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int g = group.compareTo(o.group);
      return g != 0 ? g : segment.compareTo(o.segment);
    }
  }

  private final List<String> segmentAttributes;
  private final Duration newUserSpan;
  private final boolean maturedOnly;
  private final Instant at;
  private final Map<Key, Sums[]> cells = new TreeMap<>();
  private final Map<String, long[]> groups = new TreeMap<>();
  private long conflicts;
  private long duplicates;
  private long immatureExcluded;

  /**
   * @param segmentAttributes the campaign's segment attribute names
   * @param newUserDays a user first known this many days before t0 (or later) is {@code new}
   * @param maturedOnly analyse only enrolments whose window has ended at {@code at}
   * @param at the evaluation time T
   */
  public Accumulator(
      List<String> segmentAttributes, int newUserDays, boolean maturedOnly, Instant at) {
    this.segmentAttributes = List.copyOf(segmentAttributes);
    this.newUserSpan = Duration.ofDays(newUserDays);
    this.maturedOnly = maturedOnly;
    this.at = at;
  }

  /** Folds one enrolment in (SPEC §4). */
  public void add(Enrolment e) {
    long[] tally = groups.computeIfAbsent(e.group(), g -> new long[2]);
    tally[0]++;
    duplicates += e.repeatExposures();
    if (e.conflict()) {
      conflicts++;
      return;
    }
    boolean matured = !e.t0().plus(Duration.ofDays(e.windowDays())).isAfter(at);
    if (maturedOnly && !matured) {
      immatureExcluded++;
      return;
    }
    tally[1]++;
    double[] y = new double[METRICS.length];
    double[] x = new double[METRICS.length];
    for (int i = 0; i < METRICS.length; i++) {
      y[i] = METRICS[i].value(e.counters());
      x[i] = METRICS[i].covariate(e.counters());
    }
    fold(new Key(e.group(), Segment.ALL), y, x);
    fold(new Key(e.group(), isNew(e) ? Segment.NEW_USERS : Segment.EXISTING_USERS), y, x);
    for (String attribute : segmentAttributes) {
      String value = e.attributes().getOrDefault(attribute, Segment.NONE);
      fold(new Key(e.group(), new Segment(attribute, value)), y, x);
    }
  }

  private boolean isNew(Enrolment e) {
    return e.firstKnownAt() == null || !e.firstKnownAt().isBefore(e.t0().minus(newUserSpan));
  }

  private void fold(Key key, double[] y, double[] x) {
    Sums[] sums = cells.computeIfAbsent(key, k -> newSums());
    for (int i = 0; i < sums.length; i++) {
      sums[i].add(y[i], x[i]);
    }
  }

  private static Sums[] newSums() {
    Sums[] s = new Sums[METRICS.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = new Sums();
    }
    return s;
  }

  /** Adds another accumulator's state (same campaign and settings) into this one. */
  public void merge(Accumulator o) {
    o.cells.forEach(
        (k, v) -> {
          Sums[] mine = cells.computeIfAbsent(k, kk -> newSums());
          for (int i = 0; i < mine.length; i++) {
            mine[i].merge(v[i]);
          }
        });
    o.groups.forEach(
        (g, t) -> {
          long[] mine = groups.computeIfAbsent(g, gg -> new long[2]);
          mine[0] += t[0];
          mine[1] += t[1];
        });
    conflicts += o.conflicts;
    duplicates += o.duplicates;
    immatureExcluded += o.immatureExcluded;
  }

  /** Number of group × segment cells held: the state's size (independent of users). */
  public int cellCount() {
    return cells.size();
  }

  /** Every (group, segment, metric) statistic, in a stable order. */
  public List<Statistic> statistics() {
    List<Statistic> out = new ArrayList<>();
    cells.forEach(
        (k, sums) -> {
          for (int i = 0; i < METRICS.length; i++) {
            out.add(new Statistic(k.group(), k.segment(), METRICS[i], sums[i]));
          }
        });
    return out;
  }

  /** Enrolments of a group, conflicted and immature included. */
  public long enrolled(String group) {
    long[] t = groups.get(group);
    return t == null ? 0 : t[0];
  }

  /** Enrolments of a group that entered the analysis. */
  public long analysed(String group) {
    long[] t = groups.get(group);
    return t == null ? 0 : t[1];
  }

  /** Group names seen in the data (may include names the campaign does not declare). */
  public List<String> groupsSeen() {
    return List.copyOf(groups.keySet());
  }

  public long conflicts() {
    return conflicts;
  }

  public long duplicates() {
    return duplicates;
  }

  public long immatureExcluded() {
    return immatureExcluded;
  }
}
