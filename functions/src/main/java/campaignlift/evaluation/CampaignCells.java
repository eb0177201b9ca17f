package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.domain.ValueDomain;
import campaignlift.evaluation.result.Metric;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.math.RoundingMode;
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

  static final Metric[] METRICS = Metric.values();

  /** Σy, Σy², Σx, Σx², Σxy per metric. */
  static final int SUMS = 5;

  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  private static final int FORMAT = 1;

  /** What a contribution depends on besides the enrolment itself. */
  public record Settings(List<String> segmentAttributes, int newUserDays) {
    public Settings {
      segmentAttributes = List.copyOf(segmentAttributes);
    }

    public static Settings of(Campaign c) {
      return new Settings(c.segmentAttributes(), c.newUserDays());
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

  /** One cell: n and the exact sums of every metric. */
  static final class Cell {
    long n;
    final ExactSum[] sums = new ExactSum[METRICS.length * SUMS];

    Cell() {
      for (int i = 0; i < sums.length; i++) {
        sums[i] = new ExactSum();
      }
    }

    void add(Values v, int sign) {
      n += sign;
      for (int i = 0; i < METRICS.length; i++) {
        int b = i * SUMS;
        if (v.yBig[i] == null && v.xBig[i] == null) {
          long y = v.y[i];
          long x = v.x[i];
          sums[b].add(sign * y);
          sums[b + 1].addProduct(y, y, sign);
          sums[b + 2].add(sign * x);
          sums[b + 3].addProduct(x, x, sign);
          sums[b + 4].addProduct(x, y, sign);
        } else {
          BigInteger y = v.big(v.y, v.yBig, i);
          BigInteger x = v.big(v.x, v.xBig, i);
          sums[b].addProduct(y, BigInteger.ONE, sign);
          sums[b + 1].addProduct(y, y, sign);
          sums[b + 2].addProduct(x, BigInteger.ONE, sign);
          sums[b + 3].addProduct(x, x, sign);
          sums[b + 4].addProduct(x, y, sign);
        }
      }
    }

    void merge(Cell o) {
      n += o.n;
      for (int i = 0; i < sums.length; i++) {
        sums[i].merge(o.sums[i]);
      }
    }

    boolean isZero() {
      if (n != 0) {
        return false;
      }
      for (ExactSum s : sums) {
        if (!s.isZero()) {
          return false;
        }
      }
      return true;
    }

    /** The statistics engine's view of one metric: doubles, each rounded once. */
    CellSums sums(int metric) {
      int b = metric * SUMS;
      int s = scale(METRICS[metric]);
      return new CellSums(
          n,
          sums[b].toDouble(s),
          sums[b + 1].toDouble(2 * s),
          sums[b + 2].toDouble(s),
          sums[b + 3].toDouble(2 * s),
          sums[b + 4].toDouble(2 * s));
    }

    boolean sameAs(Cell o) {
      if (n != o.n) {
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

  /** One enrolment's metric values y and covariates x, unscaled at each metric's scale. */
  static final class Values {
    final long[] y = new long[METRICS.length];
    final long[] x = new long[METRICS.length];
    final BigInteger[] yBig = new BigInteger[METRICS.length];
    final BigInteger[] xBig = new BigInteger[METRICS.length];

    Values(Counters c) {
      for (int i = 0; i < METRICS.length; i++) {
        Metric m = METRICS[i];
        if (m == Metric.REVENUE) {
          set(y, yBig, i, unscaled(c.revenue()));
          set(x, xBig, i, unscaled(c.preRevenue()));
        } else {
          // Counts and 0/1 indicators: exact in a double (they stay far below 2^53).
          y[i] = (long) m.value(c);
          x[i] = (long) m.covariate(c);
        }
      }
    }

    private static BigInteger unscaled(java.math.BigDecimal amount) {
      // Stored data is read leniently: an amount with more places than the value domain allows
      // (written by hand) is rounded the same way wherever it is read, so every path agrees.
      return amount.setScale(ValueDomain.MAX_AMOUNT_SCALE, RoundingMode.HALF_EVEN).unscaledValue();
    }

    private static void set(long[] small, BigInteger[] big, int i, BigInteger v) {
      if (v.bitLength() < 62) {
        small[i] = v.longValue();
      } else {
        big[i] = v;
      }
    }

    BigInteger big(long[] small, BigInteger[] big, int i) {
      return big[i] != null ? big[i] : BigInteger.valueOf(small[i]);
    }
  }

  /** Decimal places of a metric's values: amounts have {@link ValueDomain#MAX_AMOUNT_SCALE}. */
  static int scale(Metric m) {
    return m == Metric.REVENUE ? ValueDomain.MAX_AMOUNT_SCALE : 0;
  }

  private final TreeMap<String, TreeSet<String>> kept = new TreeMap<>();
  private final TreeMap<TallyKey, long[]> tallies = new TreeMap<>();
  private final TreeMap<CellKey, Cell> cells = new TreeMap<>();

  public CampaignCells() {}

  /**
   * The maturity day (epoch day) of an enrolment: the first UTC day starting at or after t0 + W.
   */
  static long maturityDay(Enrolment e) {
    long end = e.t0().toEpochMilli() + e.windowDays() * DAY_MS;
    return Math.floorDiv(end + DAY_MS - 1, DAY_MS);
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
    Values v = new Values(e.counters());
    String g = e.group();
    cell(new CellKey("", Kind.ALL, "", day, g)).add(v, sign);
    Kind userType = isNew(e, settings.newUserDays()) ? Kind.NEW_USERS : Kind.EXISTING_USERS;
    cell(new CellKey("", userType, "", day, g)).add(v, sign);
    for (String a : settings.segmentAttributes()) {
      String value = e.attributes().get(a);
      CellKey key;
      if (value == null) {
        key = new CellKey(a, Kind.NONE, "", day, g);
      } else if (keep(a, value)) {
        key = new CellKey(a, Kind.VALUE, value, day, g);
      } else {
        key = new CellKey(a, Kind.REST, "", day, g);
      }
      cell(key).add(v, sign);
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
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown cells format " + format);
      }
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
        for (int j = 0; j < cell.sums.length; j++) {
          byte[] v = new byte[in.readUnsignedShort()];
          in.readFully(v);
          cell.sums[j] = ExactSum.of(new BigInteger(v));
        }
        c.cells.put(k, cell);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoding of campaign cells: " + e, e);
    }
    return c;
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
