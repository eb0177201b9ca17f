package campaignlift.evaluation;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.SegmentValues;
import campaignlift.recording.Enrolment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds enrolments one at a time into sufficient statistics per group × segment × metric, and
 * tallies the health counts. Each enrolment is read and discarded: the state holds one {@link
 * CellSums} per metric per (group, segment value) plus a few counters, so its size depends on the
 * campaign's groups and segment attributes, never on the number of users or of distinct attribute
 * values. Not thread-safe: each shard reader folds into its own accumulator and the partial results
 * are {@linkplain #merge merged}.
 *
 * <p><b>Segment values are capped</b> (docs/results.md): per segment attribute, only the K smallest
 * values in {@link String#compareTo} order (K from {@link #valuesPerAttribute}, fixed per
 * campaign), among values of at most {@link #MAX_VALUE_LENGTH} characters, get a segment of their
 * own; every other value is folded into {@link Segment#OTHER}, and a missing value is {@link
 * Segment#NONE}. When a smaller value arrives while the kept set is full, the largest kept value is
 * evicted and its cells are added to {@code (other)}. A value once evicted or refused has {@code K}
 * smaller values seen, so it can never be among the {@code K} smallest of all values: the kept set
 * is the {@code K} smallest whatever the order of the enrolments or the grouping of the shards, and
 * {@code (other)} holds exactly the sums of the rest (the sums are exact, see {@link CellSums}).
 * Stored values equal to {@code (none)} or {@code (other)} (recorded before those names were
 * reserved) are folded into {@code (other)}.
 */
public final class Accumulator {
  /**
   * Result rows one evaluation may produce (metrics × compared groups × segments): the largest
   * campaign the rules allow (9 compared groups, 5 attributes) at {@link #MIN_VALUES_PER_ATTRIBUTE}
   * comes to 2,394, whose result, snapshot and report stay under 3.5 MB even with the longest names
   * (docs/results.md).
   */
  public static final int ROW_BUDGET = 2_400;

  /** K for the largest campaigns: segment values per attribute with a segment of their own. */
  public static final int MIN_VALUES_PER_ATTRIBUTE = 5;

  /** K for small campaigns: enough for every prefecture of Japan or state of the USA. */
  public static final int MAX_VALUES_PER_ATTRIBUTE = 50;

  /** Longer values are always folded into {@code (other)}: they would blow up every row. */
  public static final int MAX_VALUE_LENGTH = 64;

  /** Distinct values per attribute are counted exactly up to this many (health). */
  public static final int DISTINCT_COUNT_LIMIT = 1_000;

  private static final Metric[] METRICS = Metric.values();

  /**
   * K for a campaign: as many values per attribute as keep its rows within {@link #ROW_BUDGET}, so
   * a two-group campaign with one attribute gets {@link #MAX_VALUES_PER_ATTRIBUTE} and the largest
   * campaign {@link #MIN_VALUES_PER_ATTRIBUTE}. Rows = metrics × compared × (all + 2 user types + A
   * × (K + none + other)). It depends only on the campaign's settings, so it is the same for every
   * enrolment of one evaluation, which the order independence of the cap needs.
   *
   * @param compared treatment groups (groups other than the control)
   * @param attributes segment attributes
   */
  public static int valuesPerAttribute(int compared, int attributes) {
    if (compared < 1 || attributes < 1) {
      return MAX_VALUES_PER_ATTRIBUTE;
    }
    int perSegmentSet = ROW_BUDGET / (METRICS.length * compared);
    int k = (perSegmentSet - 3) / attributes - 2;
    return Math.max(MIN_VALUES_PER_ATTRIBUTE, Math.min(MAX_VALUES_PER_ATTRIBUTE, k));
  }

  /** A group × segment cell. */
  public record Key(String group, Segment segment) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int g = group.compareTo(o.group);
      return g != 0 ? g : segment.compareTo(o.segment);
    }
  }

  /** One segment attribute's kept values and its bounded count of distinct values. */
  private static final class Attribute {
    final String name;
    final Segment none;
    final Segment other;

    /** Kept value → group → sums; at most K values. */
    final TreeMap<String, Map<String, CellSums[]>> kept = new TreeMap<>();

    /** The smallest {@link #DISTINCT_COUNT_LIMIT} values seen. */
    final TreeSet<String> distinct = new TreeSet<>();

    boolean moreDistinct;

    Attribute(String name) {
      this.name = name;
      this.none = new Segment(name, Segment.NONE);
      this.other = new Segment(name, Segment.OTHER);
    }

    /** Counts a value, keeping only the smallest {@link #DISTINCT_COUNT_LIMIT}: order-free. */
    void see(String value) {
      if (distinct.size() < DISTINCT_COUNT_LIMIT) {
        distinct.add(value);
        return;
      }
      int c = value.compareTo(distinct.last());
      if (c > 0) {
        moreDistinct = true;
      } else if (c < 0 && distinct.add(value)) {
        distinct.pollLast();
        moreDistinct = true;
      }
    }
  }

  private final List<String> segmentAttributes;
  private final Duration newUserSpan;
  private final boolean maturedOnly;
  private final Instant at;

  /** Cells of {@code all}, {@code userType}, {@code (none)} and {@code (other)}. */
  private final Map<Key, CellSums[]> cells = new TreeMap<>();

  private final List<Attribute> attributes = new ArrayList<>();
  private final Map<String, long[]> groups = new TreeMap<>();
  private long conflicts;
  private long duplicates;
  private long immatureExcluded;
  private final int valuesPerAttribute;
  private long unreadable;

  /**
   * @param segmentAttributes the campaign's segment attribute names
   * @param newUserDays a user first known this many days before t0 (or later) is {@code new}
   * @param maturedOnly analyse only enrolments whose window has ended at {@code at}
   * @param at the evaluation time T
   */
  public Accumulator(
      List<String> segmentAttributes, int newUserDays, boolean maturedOnly, Instant at) {
    this(segmentAttributes, newUserDays, maturedOnly, at, MIN_VALUES_PER_ATTRIBUTE);
  }

  /**
   * @param valuesPerAttribute K, see {@link #valuesPerAttribute(int, int)}
   */
  public Accumulator(
      List<String> segmentAttributes,
      int newUserDays,
      boolean maturedOnly,
      Instant at,
      int valuesPerAttribute) {
    this.valuesPerAttribute = valuesPerAttribute;
    this.segmentAttributes = List.copyOf(segmentAttributes);
    this.newUserSpan = Duration.ofDays(newUserDays);
    this.maturedOnly = maturedOnly;
    this.at = at;
    for (String a : this.segmentAttributes) {
      attributes.add(new Attribute(a));
    }
  }

  /** Folds one enrolment in (docs/metrics.md). */
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
    fold(cell(e.group(), Segment.ALL), y, x);
    fold(cell(e.group(), isNew(e) ? Segment.NEW_USERS : Segment.EXISTING_USERS), y, x);
    for (Attribute a : attributes) {
      String value = e.attributes().get(a.name);
      if (value == null) {
        fold(cell(e.group(), a.none), y, x);
        continue;
      }
      a.see(value);
      Map<String, CellSums[]> byGroup = place(a, value);
      CellSums[] sums =
          byGroup == null
              ? cell(e.group(), a.other)
              : byGroup.computeIfAbsent(e.group(), g -> newSums());
      fold(sums, y, x);
    }
  }

  /**
   * The kept value's cells for {@code value}, making room for it when it is among the K smallest
   * (evicting the largest kept value into {@code (other)}), or null when it belongs in {@code
   * (other)}.
   */
  private Map<String, CellSums[]> place(Attribute a, String value) {
    Map<String, CellSums[]> byGroup = a.kept.get(value);
    if (byGroup != null) {
      return byGroup;
    }
    if (Segment.isReserved(value) || value.length() > MAX_VALUE_LENGTH) {
      return null;
    }
    if (a.kept.size() >= valuesPerAttribute) {
      if (value.compareTo(a.kept.lastKey()) > 0) {
        return null;
      }
      Map.Entry<String, Map<String, CellSums[]>> evicted = a.kept.pollLastEntry();
      evicted.getValue().forEach((g, sums) -> mergeInto(cell(g, a.other), sums));
    }
    byGroup = new TreeMap<>();
    a.kept.put(value, byGroup);
    return byGroup;
  }

  private boolean isNew(Enrolment e) {
    return e.firstKnownAt() == null || !e.firstKnownAt().isBefore(e.t0().minus(newUserSpan));
  }

  private CellSums[] cell(String group, Segment segment) {
    return cells.computeIfAbsent(new Key(group, segment), k -> newSums());
  }

  private static void fold(CellSums[] sums, double[] y, double[] x) {
    for (int i = 0; i < sums.length; i++) {
      sums[i].add(y[i], x[i]);
    }
  }

  private static void mergeInto(CellSums[] mine, CellSums[] theirs) {
    for (int i = 0; i < mine.length; i++) {
      mine[i].merge(theirs[i]);
    }
  }

  private static CellSums[] newSums() {
    CellSums[] s = new CellSums[METRICS.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = new CellSums();
    }
    return s;
  }

  /** Adds another accumulator's state (same campaign and settings) into this one. */
  public void merge(Accumulator o) {
    o.cells.forEach((k, v) -> mergeInto(cell(k.group(), k.segment()), v));
    for (int i = 0; i < attributes.size(); i++) {
      Attribute mine = attributes.get(i);
      Attribute theirs = o.attributes.get(i);
      theirs.distinct.forEach(mine::see);
      mine.moreDistinct |= theirs.moreDistinct;
      theirs.kept.forEach(
          (value, byGroup) -> {
            Map<String, CellSums[]> target = place(mine, value);
            byGroup.forEach(
                (g, sums) ->
                    mergeInto(
                        target == null
                            ? cell(g, mine.other)
                            : target.computeIfAbsent(g, gg -> newSums()),
                        sums));
          });
    }
    o.groups.forEach(
        (g, t) -> {
          long[] mine = groups.computeIfAbsent(g, gg -> new long[2]);
          mine[0] += t[0];
          mine[1] += t[1];
        });
    conflicts += o.conflicts;
    duplicates += o.duplicates;
    immatureExcluded += o.immatureExcluded;
    unreadable += o.unreadable;
  }

  /** Number of group × segment cells held: the state's size (independent of users and values). */
  public int cellCount() {
    int n = cells.size();
    for (Attribute a : attributes) {
      for (Map<String, CellSums[]> byGroup : a.kept.values()) {
        n += byGroup.size();
      }
    }
    return n;
  }

  /** Every (group, segment, metric) statistic, in (group, segment, metric) order. */
  public List<Statistic> statistics() {
    Map<Key, CellSums[]> all = new TreeMap<>(cells);
    for (Attribute a : attributes) {
      a.kept.forEach(
          (value, byGroup) ->
              byGroup.forEach((g, sums) -> all.put(new Key(g, new Segment(a.name, value)), sums)));
    }
    List<Statistic> out = new ArrayList<>();
    all.forEach(
        (k, sums) -> {
          for (int i = 0; i < METRICS.length; i++) {
            out.add(new Statistic(k.group(), k.segment(), METRICS[i], sums[i]));
          }
        });
    return out;
  }

  /** Values kept with a segment of their own, per attribute in declared order. */
  public Map<String, List<String>> keptValues() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Attribute a : attributes) {
      out.put(a.name, List.copyOf(a.kept.keySet()));
    }
    return out;
  }

  /** How each attribute's values were split (health), in declared order. */
  public SegmentValues segmentValues() {
    List<SegmentValues.Attribute> out = new ArrayList<>();
    for (Attribute a : attributes) {
      long folded = 0;
      for (Map.Entry<Key, CellSums[]> c : cells.entrySet()) {
        if (c.getKey().segment().equals(a.other)) {
          folded += c.getValue()[0].n();
        }
      }
      int distinct = a.distinct.size();
      out.add(
          new SegmentValues.Attribute(
              a.name, distinct, !a.moreDistinct, a.kept.size(), distinct - a.kept.size(), folded));
    }
    return new SegmentValues(valuesPerAttribute, MAX_VALUE_LENGTH, out);
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

  /** Counts stored enrolments the reader had to skip (see {@link EnrolmentReader#readShard}). */
  public void addUnreadable(long n) {
    unreadable += n;
  }

  public long unreadable() {
    return unreadable;
  }

  public long immatureExcluded() {
    return immatureExcluded;
  }
}
