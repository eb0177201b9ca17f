package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.SegmentValues;
import campaignlift.recording.Enrolment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds enrolments one at a time into sufficient statistics per group × segment × metric, and
 * tallies the health counts; or reads the same from a campaign's stream-fed {@link CampaignCells}
 * ({@link #of}). Either way the sums live in a {@link CampaignCells}, whose size depends on the
 * campaign's groups, segment values kept and days of enrolment, never on the number of users, and
 * whose sums are exact: a full read and the aggregates give bit-identical statistics
 * (docs/aggregates.md). Not thread-safe: each shard reader folds into its own accumulator and the
 * partial results are {@linkplain #merge merged}.
 *
 * <p><b>Maturity</b> is judged by whole UTC days (docs/metrics.md): with {@code maturedOnly}, an
 * enrolment counts once the UTC day starting at or after t0 + W has begun by T.
 *
 * <p><b>Segment values are capped</b> (docs/results.md): per segment attribute, only the K smallest
 * values in {@link String#compareTo} order (K from {@link #valuesPerAttribute}, fixed per
 * campaign), among values of at most {@link #MAX_VALUE_LENGTH} characters seen in analysed
 * enrolments, get a segment of their own; every other value is folded into {@link Segment#OTHER},
 * and a missing value is {@link Segment#NONE}. The choice is made when the statistics are read,
 * from the cells of the {@link CampaignCells#VALUES_KEPT} smallest values, so it does not depend on
 * the order of the enrolments or the grouping of the shards. Stored values equal to {@code (none)}
 * or {@code (other)} (recorded before those names were reserved) are folded into {@code (other)}.
 */
public final class Accumulator {
  /**
   * Result rows one evaluation may produce (metrics × compared groups × segments): the largest
   * campaign the rules allow (9 compared groups, 5 attributes) at {@link #MIN_VALUES_PER_ATTRIBUTE}
   * comes to 2,430, whose result, snapshot and report stay under 5 MB even with the longest names
   * (docs/results.md).
   */
  public static final int ROW_BUDGET = 2_500;

  /** K for the largest campaigns: segment values per attribute with a segment of their own. */
  public static final int MIN_VALUES_PER_ATTRIBUTE = 1;

  /** The derived {@code loyalty} attribute always shows its five quadrants (docs/metrics.md). */
  public static final int LOYALTY_VALUES = 5;

  /** K for small campaigns: enough for every prefecture of Japan or state of the USA. */
  public static final int MAX_VALUES_PER_ATTRIBUTE = 50;

  /** Longer values are always folded into {@code (other)}: they would blow up every row. */
  public static final int MAX_VALUE_LENGTH = 64;

  /** Distinct values per attribute are counted exactly up to this many (health). */
  public static final int DISTINCT_COUNT_LIMIT = CampaignCells.VALUES_KEPT;

  private static final Metric[] METRICS = MetricVariables.METRICS;

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

  /**
   * K for a campaign, the derived {@code loyalty} attribute counted with its {@link
   * #LOYALTY_VALUES} segments of its own so that the rows stay within {@link #ROW_BUDGET}.
   */
  public static int valuesPerAttribute(Campaign c) {
    int compared = c.groups().size() - 1;
    List<String> attributes = c.segmentAttributes();
    if (!attributes.contains(Campaign.LOYALTY_ATTRIBUTE)) {
      return valuesPerAttribute(compared, attributes.size());
    }
    int others = attributes.size() - 1;
    if (compared < 1 || others < 1) {
      return MAX_VALUES_PER_ATTRIBUTE;
    }
    int perSegmentSet = ROW_BUDGET / (METRICS.length * compared);
    int k = (perSegmentSet - 3 - LOYALTY_VALUES) / others - 2;
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

  private final CampaignCells cells;
  private final CampaignCells.Settings settings;
  private final boolean maturedOnly;
  private final Instant at;
  private final int valuesPerAttribute;
  private Reading reading;

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
    this(
        new CampaignCells.Settings(segmentAttributes, newUserDays),
        maturedOnly,
        at,
        valuesPerAttribute);
  }

  /**
   * An empty accumulator for a campaign's design settings.
   *
   * @param valuesPerAttribute K, see {@link #valuesPerAttribute(int, int)}
   */
  public Accumulator(
      CampaignCells.Settings settings, boolean maturedOnly, Instant at, int valuesPerAttribute) {
    this(new CampaignCells(), settings, maturedOnly, at, valuesPerAttribute);
  }

  private Accumulator(
      CampaignCells cells,
      CampaignCells.Settings settings,
      boolean maturedOnly,
      Instant at,
      int valuesPerAttribute) {
    this.cells = cells;
    this.settings = settings;
    this.maturedOnly = maturedOnly;
    this.at = at;
    this.valuesPerAttribute = valuesPerAttribute;
  }

  /**
   * A campaign's statistics as of {@code at}, read from cells folded elsewhere (the stream-fed
   * aggregates, or a recompute): exactly what folding the same enrolments here would give.
   */
  public static Accumulator of(
      CampaignCells cells, Campaign campaign, boolean maturedOnly, Instant at) {
    return new Accumulator(
        cells, CampaignCells.Settings.of(campaign), maturedOnly, at, valuesPerAttribute(campaign));
  }

  /** Folds one enrolment in (docs/metrics.md). */
  public void add(Enrolment e) {
    cells.add(e, settings, 1);
    reading = null;
  }

  /** Adds another accumulator's state (same campaign and settings) into this one. */
  public void merge(Accumulator o) {
    cells.merge(o.cells);
    reading = null;
  }

  /** The exact cells folded so far (shared, not copied). */
  public CampaignCells cells() {
    return cells;
  }

  /** Number of cells held: the state's size (independent of users). */
  public int cellCount() {
    return cells.cellCount();
  }

  /** Every (group, segment, metric) statistic, in (group, segment, metric) order. */
  public List<Statistic> statistics() {
    List<Statistic> out = new ArrayList<>();
    read()
        .cells
        .forEach(
            (k, c) -> {
              for (int i = 0; i < METRICS.length; i++) {
                Metric m = METRICS[i];
                out.add(
                    switch (m.kind()) {
                      case MEAN, PROPORTION -> new Statistic(k.group(), k.segment(), m, c.sums(i));
                      case RATIO -> Statistic.ratio(k.group(), k.segment(), m, c.ratio(i));
                      case SURVIVAL ->
                          Statistic.survival(
                              k.group(), k.segment(), m, c.survival(settings.windowDays()));
                    });
              }
            });
    return out;
  }

  /** The campaign's design settings the cells were summed under. */
  public CampaignCells.Settings settings() {
    return settings;
  }

  /** Values kept with a segment of their own, per attribute in declared order. */
  public Map<String, List<String>> keptValues() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String a : settings.segmentAttributes()) {
      out.put(a, List.copyOf(read().own.getOrDefault(a, new TreeSet<>())));
    }
    return out;
  }

  /** How each attribute's values were split (health), in declared order. */
  public SegmentValues segmentValues() {
    return new SegmentValues(valuesPerAttribute, MAX_VALUE_LENGTH, read().segmentValues);
  }

  /** Enrolments of a group, conflicted and immature included. */
  public long enrolled(String group) {
    long[] t = read().groups.get(group);
    return t == null ? 0 : t[0];
  }

  /** Enrolments of a group that entered the analysis. */
  public long analysed(String group) {
    long[] t = read().groups.get(group);
    return t == null ? 0 : t[1];
  }

  /** Group names seen in the data (may include names the campaign does not declare). */
  public List<String> groupsSeen() {
    return List.copyOf(read().groups.keySet());
  }

  public long conflicts() {
    return read().conflicts;
  }

  public long duplicates() {
    return read().duplicates;
  }

  /** Counts stored enrolments the reader had to skip (see {@link EnrolmentReader#readShard}). */
  public void addUnreadable(long n) {
    cells.addUnreadable(n);
  }

  public long unreadable() {
    return cells.unreadable();
  }

  public long immatureExcluded() {
    return read().immatureExcluded;
  }

  private Reading read() {
    if (reading == null) {
      reading = new Reading(cells, settings, maturedOnly, at, valuesPerAttribute);
    }
    return reading;
  }

  /** The cells as of T: maturity applied, days summed, segment values capped at K. */
  private static final class Reading {
    final Map<String, long[]> groups = new TreeMap<>();
    final Map<Key, CampaignCells.Cell> cells = new TreeMap<>();
    final Map<String, TreeSet<String>> own = new TreeMap<>();
    final List<SegmentValues.Attribute> segmentValues = new ArrayList<>();
    long conflicts;
    long duplicates;
    long immatureExcluded;

    Reading(
        CampaignCells source,
        CampaignCells.Settings settings,
        boolean maturedOnly,
        Instant at,
        int k) {
      source.forEachTally(
          (key, t) -> {
            boolean included = !maturedOnly || CampaignCells.matured(key.day(), at);
            long[] g = groups.computeIfAbsent(key.group(), x -> new long[2]);
            g[0] += t[CampaignCells.ENROLLED];
            conflicts += t[CampaignCells.CONFLICTS];
            duplicates += t[CampaignCells.REPEAT_EXPOSURES];
            if (included) {
              g[1] += t[CampaignCells.ANALYSED];
            } else {
              immatureExcluded += t[CampaignCells.ANALYSED];
            }
          });
      groups.values().removeIf(g -> g[0] == 0 && g[1] == 0);
      // Per attribute: the analysed users of each kept value (all groups), to choose the K own.
      Map<String, Map<String, Long>> seen = new TreeMap<>();
      Map<String, Long> pooled = new TreeMap<>();
      Map<Key, CampaignCells.Cell> summed = new TreeMap<>();
      Map<String, Map<String, Map<String, CampaignCells.Cell>>> byValue = new TreeMap<>();
      int window = settings.windowDays();
      source.forEachCell(
          (key, c) -> {
            if (maturedOnly && !CampaignCells.matured(key.day(), at)) {
              return;
            }
            int censor = CampaignCells.censorDay(key.day(), at, window);
            switch (key.kind()) {
              case ALL -> sum(summed, new Key(key.group(), Segment.ALL), c, censor);
              case NEW_USERS -> sum(summed, new Key(key.group(), Segment.NEW_USERS), c, censor);
              case EXISTING_USERS ->
                  sum(summed, new Key(key.group(), Segment.EXISTING_USERS), c, censor);
              case NONE ->
                  sum(
                      summed,
                      new Key(key.group(), new Segment(key.attribute(), Segment.NONE)),
                      c,
                      censor);
              case REST -> {
                sum(
                    summed,
                    new Key(key.group(), new Segment(key.attribute(), Segment.OTHER)),
                    c,
                    censor);
                pooled.merge(key.attribute(), c.n, Long::sum);
              }
              case VALUE -> {
                seen.computeIfAbsent(key.attribute(), a -> new TreeMap<>())
                    .merge(key.value(), c.n, Long::sum);
                CampaignCells.Cell target =
                    byValue
                        .computeIfAbsent(key.attribute(), a -> new TreeMap<>())
                        .computeIfAbsent(key.value(), v -> new TreeMap<>())
                        .computeIfAbsent(key.group(), g -> new CampaignCells.Cell());
                target.mergeCensored(c, censor);
              }
            }
          });
      for (String a : settings.segmentAttributes()) {
        Map<String, Long> values = seen.getOrDefault(a, Map.of());
        int kA = a.equals(Campaign.LOYALTY_ATTRIBUTE) ? Math.max(k, LOYALTY_VALUES) : k;
        TreeSet<String> mine = new TreeSet<>();
        int distinct = 0;
        for (Map.Entry<String, Long> v : values.entrySet()) {
          if (v.getValue() <= 0) {
            continue; // a kept value no analysed enrolment has (any more)
          }
          distinct++;
          String value = v.getKey();
          boolean ownSegment =
              mine.size() < kA && !Segment.isReserved(value) && value.length() <= MAX_VALUE_LENGTH;
          if (ownSegment) {
            mine.add(value);
          }
          Segment segment = new Segment(a, ownSegment ? value : Segment.OTHER);
          byValue
              .getOrDefault(a, Map.of())
              .getOrDefault(value, Map.of())
              .forEach((g, c) -> sum(summed, new Key(g, segment), c));
        }
        own.put(a, mine);
        long folded = 0;
        for (Map.Entry<Key, CampaignCells.Cell> c : summed.entrySet()) {
          Segment s = c.getKey().segment();
          if (s.attribute().equals(a) && s.value().equals(Segment.OTHER)) {
            folded += c.getValue().n;
          }
        }
        boolean exact = pooled.getOrDefault(a, 0L) <= 0;
        segmentValues.add(
            new SegmentValues.Attribute(
                a, distinct, exact, mine.size(), distinct - mine.size(), folded));
      }
      summed.forEach(
          (key, c) -> {
            if (c.n > 0) {
              cells.put(key, c);
            }
          });
    }

    /** Adds a cell already summed for this reading (its censoring included). */
    private static void sum(Map<Key, CampaignCells.Cell> into, Key key, CampaignCells.Cell c) {
      into.computeIfAbsent(key, x -> new CampaignCells.Cell()).merge(c);
    }

    /** Adds a stored day cell, its users without a repeat censored on {@code censorDay}. */
    private static void sum(
        Map<Key, CampaignCells.Cell> into, Key key, CampaignCells.Cell c, int censorDay) {
      into.computeIfAbsent(key, x -> new CampaignCells.Cell()).mergeCensored(c, censorDay);
    }
  }
}
