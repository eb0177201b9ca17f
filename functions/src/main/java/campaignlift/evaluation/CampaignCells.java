package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.evaluation.result.Metric;
import campaignlift.recording.Enrolment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Exact, additive sufficient statistics of one campaign's enrolments (docs/aggregates.md), keyed by
 * maturity day × group × segment value: per cell n and, per metric, Σy, Σy², Σx, Σx², Σxy as exact
 * decimals ({@link ExactSum}), and per maturity day × group the health tallies (enrolled,
 * conflicted, re-exposures, analysed). Adding an enrolment with sign −1 removes exactly what adding
 * it with +1 put in, so a stream of changes folds in as {@code contribution(new) −
 * contribution(old)}; merging is associative and commutative and the encoding is exact, so any
 * order and any batching of the same changes give equal cells. Mutable and not thread-safe.
 *
 * <p><b>Maturity day.</b> An enrolment's window ends at t0 + W; its cells are filed under the UTC
 * day that starts at or after that instant, and it counts as matured from the start of that day
 * (docs/metrics.md). Whole days keep the number of buckets small (one per day of enrolment), where
 * an instant would make one per user.
 *
 * <p><b>Values kept.</b> Per segment attribute the {@link #VALUES_KEPT} smallest values ever added
 * (in {@link String#compareTo} order) have cells of their own; every other value's cells are pooled
 * in the attribute's rest cells. When a smaller value arrives the largest kept value's cells move
 * to the rest. A kept value is never forgotten (its cells may go back to zero), so the largest kept
 * value only ever decreases: a value once pooled has {@code VALUES_KEPT} smaller values and is
 * never kept later, in any order of adds and merges. The kept set is thus the {@code VALUES_KEPT}
 * smallest values of all adds, and every cell is the exact sum of its own contributions.
 */
public final class CampaignCells {
  /**
   * Per segment attribute, values with cells of their own (the smallest ever added); rest pooled.
   */
  public static final int VALUES_KEPT = 100;

  static final Metric[] METRICS = MetricVariables.METRICS;

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  /**
   * The encoding's format: 2 since the loyalty metrics (docs/aggregates.md). Format 1 (the first
   * seven metrics only) is still read, into cells marked {@link #incomplete()}.
   */
  private static final int FORMAT = 2;

  private static final int FORMAT_V1 = 1;

  /**
   * What a contribution depends on besides the enrolment itself: the campaign's design settings,
   * frozen once exposures exist (docs/api.md).
   */
  public record Settings(
      List<String> segmentAttributes,
      int newUserDays,
      int windowDays,
      int retentionDays,
      int loyaltyPurchases) {
    public Settings {
      segmentAttributes = List.copyOf(segmentAttributes);
    }

    /** The default window, retention span and loyalty threshold. */
    public Settings(List<String> segmentAttributes, int newUserDays) {
      this(
          segmentAttributes,
          newUserDays,
          Campaign.DEFAULT_WINDOW_DAYS,
          Campaign.DEFAULT_RETENTION_DAYS,
          Campaign.DEFAULT_LOYALTY_PURCHASES);
    }

    public static Settings of(Campaign c) {
      return new Settings(
          c.segmentAttributes(),
          c.newUserDays(),
          c.windowDays(),
          c.retentionDays(),
          c.loyaltyPurchases());
    }
  }

  /** What a cell holds users of. */
  enum Kind {
    ALL,
    NEW_USERS,
    EXISTING_USERS,
    NONE,
    VALUE,
    REST
  }

  /**
   * A cell's key. Ordered by attribute, kind, value, day, group so that one value's cells are
   * adjacent (eviction moves them together). {@code attribute} is empty for the whole-group kinds;
   * {@code value} is empty except for {@link Kind#VALUE}.
   */
  record CellKey(String attribute, Kind kind, String value, long day, String group)
      implements Comparable<CellKey> {
    private static final Comparator<CellKey> ORDER =
        Comparator.comparing(CellKey::attribute)
            .thenComparing(CellKey::kind)
            .thenComparing(CellKey::value)
            .thenComparingLong(CellKey::day)
            .thenComparing(CellKey::group);

    @Override
    public int compareTo(CellKey o) {
      return ORDER.compare(this, o);
    }

    CellKey withKind(Kind k) {
      return new CellKey(attribute, k, "", day, group);
    }
  }

  /** The health tallies of one maturity day × group. */
  record TallyKey(long day, String group) implements Comparable<TallyKey> {
    @Override
    public int compareTo(TallyKey o) {
      int d = Long.compare(day, o.day);
      return d != 0 ? d : group.compareTo(o.group);
    }
  }

  static final int ENROLLED = 0;
  static final int CONFLICTS = 1;
  static final int REPEAT_EXPOSURES = 2;
  static final int ANALYSED = 3;
  private static final int TALLIES = 4;

  /**
   * One cell: n, the exact sums of every metric's variables ({@link MetricVariables}) and the users
   * whose repeat purchase fell on each day of the window. A cell summed for a reading also holds
   * the users censored on each day (never stored: it depends on the evaluation time).
   */
  static final class Cell {
    long n;
    final ExactSum[] sums = new ExactSum[MetricVariables.TOTAL];
    final TreeMap<Integer, Long> repeatDays = new TreeMap<>();
    final TreeMap<Integer, Long> censoredDays = new TreeMap<>();

    Cell() {
      for (int i = 0; i < sums.length; i++) {
        sums[i] = new ExactSum();
      }
    }

    void add(MetricVariables.Values v, int repeatDay, int sign) {
      n += sign;
      for (int i = 0; i < METRICS.length; i++) {
        int k = MetricVariables.VARIABLES[i];
        int at = MetricVariables.OFFSET[i];
        BigInteger[] big = v.big()[i];
        if (big == null) {
          long[] x = v.small()[i];
          for (int a = 0; a < k; a++) {
            sums[at++].add(sign * x[a]);
          }
          for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
              sums[at++].addProduct(x[a], x[b], sign);
            }
          }
        } else {
          for (int a = 0; a < k; a++) {
            sums[at++].addProduct(big[a], BigInteger.ONE, sign);
          }
          for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
              sums[at++].addProduct(big[a], big[b], sign);
            }
          }
        }
      }
      if (repeatDay > 0) {
        addDay(repeatDays, repeatDay, sign);
      }
    }

    private static void addDay(TreeMap<Integer, Long> days, int day, long count) {
      if (count != 0 && days.merge(day, count, Long::sum) == 0) {
        days.remove(day);
      }
    }

    void merge(Cell o) {
      n += o.n;
      for (int i = 0; i < sums.length; i++) {
        sums[i].merge(o.sums[i]);
      }
      o.repeatDays.forEach((d, c) -> addDay(repeatDays, d, c));
      o.censoredDays.forEach((d, c) -> addDay(censoredDays, d, c));
    }

    /**
     * Merges a stored cell into a reading's cell, its users without a repeat purchase censored on
     * {@code censorDay} (docs/metrics.md, time to repeat purchase); none when it is 0.
     */
    void mergeCensored(Cell o, int censorDay) {
      merge(o);
      long events = 0;
      for (long c : o.repeatDays.values()) {
        events += c;
      }
      if (censorDay > 0) {
        addDay(censoredDays, censorDay, o.n - events);
      }
    }

    boolean isZero() {
      if (n != 0 || !repeatDays.isEmpty()) {
        return false;
      }
      for (ExactSum s : sums) {
        if (!s.isZero()) {
          return false;
        }
      }
      return true;
    }

    private double sum(int metric, int index, int scale) {
      return sums[MetricVariables.OFFSET[metric] + index].toDouble(scale);
    }

    /** Index of Σv_a·v_b (a ≤ b) among the sums of a metric with k variables. */
    static int product(int k, int a, int b) {
      int at = k;
      for (int i = 0; i < a; i++) {
        at += k - i;
      }
      return at + (b - a);
    }

    /**
     * A mean or proportion metric as the statistics engine reads it: doubles, each rounded once.
     */
    CellSums sums(int metric) {
      int s = MetricVariables.scale(METRICS[metric], 0);
      return new CellSums(
          n,
          sum(metric, 0, s),
          sum(metric, product(2, 0, 0), 2 * s),
          sum(metric, 1, s),
          sum(metric, product(2, 1, 1), 2 * s),
          sum(metric, product(2, 0, 1), 2 * s));
    }

    /**
     * A ratio metric as the statistics engine reads it, with its pre-window sums if it has them.
     */
    RatioCellSums ratio(int metric) {
      Metric m = METRICS[metric];
      int k = MetricVariables.VARIABLES[metric];
      int[] sc = new int[k];
      for (int a = 0; a < k; a++) {
        sc[a] = MetricVariables.scale(m, a);
      }
      double[] linear = new double[k];
      for (int a = 0; a < k; a++) {
        linear[a] = sum(metric, a, sc[a]);
      }
      double[][] p = new double[k][k];
      for (int a = 0; a < k; a++) {
        for (int b = a; b < k; b++) {
          p[a][b] = sum(metric, product(k, a, b), sc[a] + sc[b]);
          p[b][a] = p[a][b];
        }
      }
      // Variables: 0 numerator, 1 denominator, 2 pre-window numerator, 3 pre-window denominator.
      RatioCellSums.Pre pre =
          k < 4
              ? null
              : new RatioCellSums.Pre(
                  linear[2], p[2][2], linear[3], p[3][3], p[0][2], p[1][3], p[2][3], p[0][3],
                  p[2][1]);
      return new RatioCellSums(n, linear[0], p[0][0], linear[1], p[1][1], p[0][1], pre);
    }

    /** Time to repeat purchase: users with their repeat on each day and censored on each day. */
    SurvivalCounts survival(int horizonDays) {
      long[] events = new long[horizonDays + 1];
      long[] censored = new long[horizonDays + 1];
      repeatDays.forEach((d, c) -> events[Math.max(1, Math.min(d, horizonDays))] += c);
      censoredDays.forEach((d, c) -> censored[Math.max(1, Math.min(d, horizonDays))] += c);
      return new SurvivalCounts(horizonDays, events, censored);
    }

    boolean sameAs(Cell o) {
      if (n != o.n || !repeatDays.equals(o.repeatDays)) {
        return false;
      }
      for (int i = 0; i < sums.length; i++) {
        if (!sums[i].value().equals(o.sums[i].value())) {
          return false;
        }
      }
      return true;
    }
  }

  private final TreeMap<String, TreeSet<String>> kept = new TreeMap<>();
  private final TreeMap<TallyKey, long[]> tallies = new TreeMap<>();
  private final TreeMap<CellKey, Cell> cells = new TreeMap<>();
  private long unreadable;
  private boolean incomplete;

  public CampaignCells() {}

  /**
   * True when these cells were read from an encoding older than the current metrics (format 1):
   * they lack the sums of metrics added since, so they must not be evaluated until a recompute
   * replaces them (docs/aggregates.md, upgrading). Merging keeps the mark.
   */
  public boolean incomplete() {
    return incomplete;
  }

  /**
   * Counts stored enrolment items that could not be read ({@code sign} −1 when such an item is
   * replaced or removed), so {@code health.unreadable} is the same from a full read and from the
   * stream (docs/stored-data.md).
   */
  public void addUnreadable(long n) {
    unreadable += n;
  }

  /** Stored enrolment items that could not be read. */
  public long unreadable() {
    return unreadable;
  }

  /**
   * The maturity day (epoch day) of an enrolment: the first UTC day starting at or after t0 + W.
   */
  static long maturityDay(Enrolment e) {
    long end = e.t0().toEpochMilli() + e.windowDays() * DAY_MS;
    return Math.floorDiv(end + DAY_MS - 1, DAY_MS);
  }

  /**
   * The whole days enrolments of maturity day {@code day} have been followed at {@code at}: the
   * window once matured, else the window less the days still to go to maturity (at least 0). An
   * enrolment maturing later the same day counts as followed one day less than it has been, never
   * more (docs/metrics.md, time to repeat purchase).
   */
  static int censorDay(long day, Instant at, int windowDays) {
    long today = Math.floorDiv(at.toEpochMilli(), DAY_MS);
    return day <= today ? windowDays : (int) Math.max(0, windowDays - (day - today));
  }

  /** True when enrolments of maturity day {@code day} have matured at {@code at}. */
  static boolean matured(long day, Instant at) {
    return day * DAY_MS <= at.toEpochMilli();
  }

  /** Adds {@code sign} (+1 or −1) times the enrolment's contribution. */
  public void add(Enrolment e, Settings settings, int sign) {
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be +1 or -1");
    }
    long day = maturityDay(e);
    long[] t = tallies.computeIfAbsent(new TallyKey(day, e.group()), k -> new long[TALLIES]);
    t[ENROLLED] += sign;
    t[REPEAT_EXPOSURES] += sign * e.repeatExposures();
    if (e.conflict()) {
      t[CONFLICTS] += sign;
      return;
    }
    t[ANALYSED] += sign;
    MetricVariables.Values v = MetricVariables.of(e, settings);
    int repeatDay = MetricVariables.repeatDay(e, e.windowDays());
    String g = e.group();
    cell(new CellKey("", Kind.ALL, "", day, g)).add(v, repeatDay, sign);
    Kind userType = isNew(e, settings.newUserDays()) ? Kind.NEW_USERS : Kind.EXISTING_USERS;
    cell(new CellKey("", userType, "", day, g)).add(v, repeatDay, sign);
    for (String a : settings.segmentAttributes()) {
      String value = MetricVariables.segmentValue(e, a, settings);
      CellKey key;
      if (value == null) {
        key = new CellKey(a, Kind.NONE, "", day, g);
      } else if (keep(a, value)) {
        key = new CellKey(a, Kind.VALUE, value, day, g);
      } else {
        key = new CellKey(a, Kind.REST, "", day, g);
      }
      cell(key).add(v, repeatDay, sign);
    }
  }

  private static boolean isNew(Enrolment e, int newUserDays) {
    return e.firstKnownAt() == null
        || !e.firstKnownAt().isBefore(e.t0().minus(Duration.ofDays(newUserDays)));
  }

  private Cell cell(CellKey key) {
    return cells.computeIfAbsent(key, k -> new Cell());
  }

  /** Makes {@code value} a kept value of {@code attribute} if it is among the smallest. */
  private boolean keep(String attribute, String value) {
    TreeSet<String> values = kept.computeIfAbsent(attribute, a -> new TreeSet<>());
    if (values.contains(value)) {
      return true;
    }
    if (values.size() < VALUES_KEPT) {
      values.add(value);
      return true;
    }
    String largest = values.last();
    if (value.compareTo(largest) > 0) {
      return false;
    }
    values.pollLast();
    evict(attribute, largest);
    values.add(value);
    return true;
  }

  /** Moves every cell of a value that stops being kept into its attribute's rest cells. */
  private void evict(String attribute, String value) {
    CellKey from = new CellKey(attribute, Kind.VALUE, value, Long.MIN_VALUE, "");
    // Copy the keys first: TreeMap.remove may reuse the nodes of the entries being iterated.
    List<CellKey> moving = new ArrayList<>();
    for (CellKey k : cells.tailMap(from, true).keySet()) {
      if (!k.attribute().equals(attribute) || k.kind() != Kind.VALUE || !k.value().equals(value)) {
        break;
      }
      moving.add(k);
    }
    for (CellKey k : moving) {
      Cell c = cells.remove(k);
      cell(k.withKind(Kind.REST)).merge(c);
    }
  }

  /** Adds another partial's cells into this one. */
  public void merge(CampaignCells other) {
    unreadable += other.unreadable;
    incomplete |= other.incomplete;
    other.kept.forEach((a, values) -> values.forEach(v -> keep(a, v)));
    other.tallies.forEach(
        (k, t) -> {
          long[] mine = tallies.computeIfAbsent(k, kk -> new long[TALLIES]);
          for (int i = 0; i < TALLIES; i++) {
            mine[i] += t[i];
          }
        });
    other.cells.forEach(
        (k, c) -> {
          CellKey target =
              k.kind() == Kind.VALUE && !kept.get(k.attribute()).contains(k.value())
                  ? k.withKind(Kind.REST)
                  : k;
          cell(target).merge(c);
        });
  }

  /** True when every component of every cell is zero (e.g. a change that altered no metric). */
  public boolean isZero() {
    if (unreadable != 0) {
      return false;
    }
    for (long[] t : tallies.values()) {
      for (long x : t) {
        if (x != 0) {
          return false;
        }
      }
    }
    for (Cell c : cells.values()) {
      if (!c.isZero()) {
        return false;
      }
    }
    return true;
  }

  /** Cells held: the size of the state, independent of the number of enrolments. */
  public int cellCount() {
    return cells.size() + tallies.size();
  }

  /** Visits every tally: (maturity day, group) → {enrolled, conflicts, re-exposures, analysed}. */
  void forEachTally(BiConsumer<TallyKey, long[]> visit) {
    tallies.forEach(visit);
  }

  /** Visits every cell in key order. */
  void forEachCell(BiConsumer<CellKey, Cell> visit) {
    cells.forEach(visit);
  }

  /** Values of an attribute with cells of their own, ascending. */
  TreeSet<String> kept(String attribute) {
    return kept.getOrDefault(attribute, new TreeSet<>());
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding

  /** An exact, compact binary encoding (deflated), for storage in a DynamoDB binary attribute. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeInt(FORMAT);
      out.writeBoolean(incomplete);
      out.writeLong(unreadable);
      out.writeInt(kept.size());
      for (Map.Entry<String, TreeSet<String>> a : kept.entrySet()) {
        writeString(out, a.getKey());
        out.writeInt(a.getValue().size());
        for (String v : a.getValue()) {
          writeString(out, v);
        }
      }
      out.writeInt(tallies.size());
      for (Map.Entry<TallyKey, long[]> t : tallies.entrySet()) {
        out.writeLong(t.getKey().day());
        writeString(out, t.getKey().group());
        for (long x : t.getValue()) {
          out.writeLong(x);
        }
      }
      out.writeInt(cells.size());
      for (Map.Entry<CellKey, Cell> c : cells.entrySet()) {
        CellKey k = c.getKey();
        writeString(out, k.attribute());
        out.writeByte(k.kind().ordinal());
        writeString(out, k.value());
        out.writeLong(k.day());
        writeString(out, k.group());
        out.writeLong(c.getValue().n);
        for (ExactSum s : c.getValue().sums) {
          byte[] v = s.value().toByteArray();
          out.writeShort(v.length);
          out.write(v);
        }
        out.writeInt(c.getValue().repeatDays.size());
        for (Map.Entry<Integer, Long> d : c.getValue().repeatDays.entrySet()) {
          out.writeInt(d.getKey());
          out.writeLong(d.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an {@link #encode() encoding} back.
   *
   * @throws IllegalArgumentException when the bytes are not one
   */
  public static CampaignCells decode(byte[] bytes) {
    CampaignCells c = new CampaignCells();
    try (DataInputStream in =
        new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(bytes)))) {
      int format = in.readInt();
      if (format != FORMAT && format != FORMAT_V1) {
        throw new IllegalArgumentException("unknown cells format " + format);
      }
      c.incomplete = format == FORMAT_V1 || in.readBoolean();
      c.unreadable = in.readLong();
      int attributes = in.readInt();
      for (int i = 0; i < attributes; i++) {
        TreeSet<String> values = new TreeSet<>();
        c.kept.put(readString(in), values);
        int n = in.readInt();
        for (int j = 0; j < n; j++) {
          values.add(readString(in));
        }
      }
      int tallies = in.readInt();
      for (int i = 0; i < tallies; i++) {
        TallyKey k = new TallyKey(in.readLong(), readString(in));
        long[] t = new long[TALLIES];
        for (int j = 0; j < TALLIES; j++) {
          t[j] = in.readLong();
        }
        c.tallies.put(k, t);
      }
      int cells = in.readInt();
      Kind[] kinds = Kind.values();
      for (int i = 0; i < cells; i++) {
        CellKey k =
            new CellKey(
                readString(in),
                kinds[in.readByte()],
                readString(in),
                in.readLong(),
                readString(in));
        Cell cell = new Cell();
        cell.n = in.readLong();
        if (format == FORMAT_V1) {
          readV1Sums(in, cell);
          c.cells.put(k, cell);
          continue;
        }
        for (int j = 0; j < cell.sums.length; j++) {
          cell.sums[j] = ExactSum.of(readBig(in));
        }
        int days = in.readInt();
        for (int j = 0; j < days; j++) {
          cell.repeatDays.put(in.readInt(), in.readLong());
        }
        c.cells.put(k, cell);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoding of campaign cells: " + e, e);
    }
    return c;
  }

  private static BigInteger readBig(DataInputStream in) throws IOException {
    byte[] v = new byte[in.readUnsignedShort()];
    in.readFully(v);
    return new BigInteger(v);
  }

  /**
   * Format 1 held the first seven metrics' Σy, Σy², Σx, Σx², Σxy; they move to their places in the
   * current layout (Σy, Σx, Σy², Σxy, Σx²) and the later metrics stay zero.
   */
  private static void readV1Sums(DataInputStream in, Cell cell) throws IOException {
    int[] place = {0, 2, 1, 4, 3};
    for (int m = 0; m < Metric.REVENUE.ordinal() + 1; m++) {
      for (int j = 0; j < place.length; j++) {
        cell.sums[MetricVariables.OFFSET[m] + place[j]] = ExactSum.of(readBig(in));
      }
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Reconciliation

  /**
   * Up to {@code limit} descriptions of the cells in which the two differ (zero cells count as
   * absent), empty when they are exactly equal: what reconciliation reports.
   */
  public List<String> differences(CampaignCells other, int limit) {
    List<String> out = new ArrayList<>();
    compare(other, d -> out.size() < limit ? out.add(d) : false);
    return out;
  }

  /** The number of differing cells (without the limit of {@link #differences}). */
  public long differenceCount(CampaignCells other) {
    long[] n = {0};
    compare(other, d -> ++n[0] > 0);
    return n[0];
  }

  private void compare(CampaignCells other, java.util.function.Predicate<String> report) {
    if (unreadable != other.unreadable) {
      report.test("unreadable enrolments: " + unreadable + " vs " + other.unreadable);
    }
    TreeSet<TallyKey> tallyKeys = new TreeSet<>(tallies.keySet());
    tallyKeys.addAll(other.tallies.keySet());
    long[] zero = new long[TALLIES];
    for (TallyKey k : tallyKeys) {
      long[] a = tallies.getOrDefault(k, zero);
      long[] b = other.tallies.getOrDefault(k, zero);
      if (!java.util.Arrays.equals(a, b)) {
        report.test(
            "tallies of group "
                + k.group()
                + " maturing "
                + LocalDate.ofEpochDay(k.day())
                + ": "
                + java.util.Arrays.toString(a)
                + " vs "
                + java.util.Arrays.toString(b));
      }
    }
    TreeSet<CellKey> cellKeys = new TreeSet<>(cells.keySet());
    cellKeys.addAll(other.cells.keySet());
    Cell empty = new Cell();
    for (CellKey k : cellKeys) {
      Cell a = Objects.requireNonNullElse(cells.get(k), empty);
      Cell b = Objects.requireNonNullElse(other.cells.get(k), empty);
      if (!a.sameAs(b)) {
        report.test(
            "cell "
                + describe(k)
                + ": n "
                + a.n
                + " vs "
                + b.n
                + (a.n == b.n ? " (sums differ)" : ""));
      }
    }
  }

  private static String describe(CellKey k) {
    String segment =
        switch (k.kind()) {
          case ALL -> "all";
          case NEW_USERS -> "new users";
          case EXISTING_USERS -> "existing users";
          case NONE -> k.attribute() + " missing";
          case VALUE -> k.attribute() + "=" + k.value();
          case REST -> k.attribute() + " pooled values";
        };
    return "group " + k.group() + ", " + segment + ", maturing " + LocalDate.ofEpochDay(k.day());
  }
}
