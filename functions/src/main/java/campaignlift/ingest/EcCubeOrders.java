package campaignlift.ingest;

import campaignlift.domain.Problem;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EC-CUBE 4 order export (docs/shop-exports.md), read row by row into purchases. EC-CUBE writes
 * one row per order item (its {@code OrderController::exportCsv} loops over the order's items), and
 * every row repeats the order's own columns, so each row becomes the order's purchase with the same
 * event id {@code ec-cube:order:<注文ID>}: the first is recorded, the others count as duplicates.
 * Guest orders (no 会員ID) and orders whose status is not a purchase are skipped with their reason.
 */
final class EcCubeOrders implements ShopExport {
  /** How many leading bytes decide the encoding. */
  static final int SNIFF_BYTES = 64 * 1024;

  /** EC-CUBE's default export encoding, SJIS-win in PHP: Microsoft's code page 932. */
  static final Charset CP932 = Charset.forName("windows-31j");

  static final String EVENT_ID_PREFIX = "ec-cube:order:";

  private final EcCubeMapping mapping;

  EcCubeOrders(EcCubeMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * The file's encoding: UTF-8 when it starts with a UTF-8 byte-order mark or its first {@link
   * #SNIFF_BYTES} bytes decode as UTF-8, otherwise CP932. Japanese text in CP932 is practically
   * never valid UTF-8, and EC-CUBE's header alone is Japanese text. Leaves {@code in} where it was.
   */
  static Charset encoding(BufferedInputStream in) throws IOException {
    in.mark(SNIFF_BYTES + 1);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    boolean whole = in.read() < 0;
    in.reset();
    if (head.length >= 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(head);
    CharBuffer chars = CharBuffer.allocate(head.length);
    // A sample cut inside a character is fine: only a byte sequence UTF-8 forbids decides.
    boolean valid = !utf8.decode(bytes, chars, whole).isError();
    if (valid && whole) {
      valid = !utf8.flush(chars).isError() && !bytes.hasRemaining();
    }
    return valid ? StandardCharsets.UTF_8 : CP932;
  }

  @Override
  public String read(InputStream stream, ImportSink run) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stream, SNIFF_BYTES + 1);
    Charset charset = encoding(in);
    CsvReader csv =
        new CsvReader(
            new BufferedReader(new InputStreamReader(in, charset), 64 * 1024),
            ImportJob.MAX_LINE_CHARS,
            ImportJob.MAX_QUOTED_CHARS);
    CsvReader.Row header = csv.next();
    if (header == null) {
      return "imported";
    }
    if (header.problem() != null) {
      return run.reject(header.line(), "(header)", header.problem(), null);
    }
    Map<String, Integer> index = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> c : mapping.columns().entrySet()) {
      if (c.getValue() == null) {
        continue;
      }
      int at = -1;
      int seen = 0;
      for (int i = 0; i < header.cells().size(); i++) {
        if (header.cells().get(i).strip().equals(c.getValue())) {
          at = at < 0 ? i : at;
          seen++;
        }
      }
      if (seen > 1) {
        problems.add(
            "column \"" + c.getValue() + "\" (" + c.getKey() + ") appears " + seen + " times");
      } else if (at >= 0) {
        index.put(c.getKey(), at);
      } else if (!c.getKey().equals(EcCubeMapping.ORDER_STATUS)) {
        problems.add("has no column \"" + c.getValue() + "\" (" + c.getKey() + ")");
      }
    }
    if (!problems.isEmpty()) {
      return run.reject(
          header.line(),
          "(header)",
          String.join("; ", problems) + " (read as " + charset.name() + ")",
          null);
    }
    int width = header.cells().size();
    for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
      if (row.problem() != null) {
        run.invalid(null, row.line(), row.raw(), List.of(Problem.of("(record)", row.problem())));
      } else if (row.cells().size() != width) {
        run.invalid(
            null,
            row.line(),
            row.raw(),
            List.of(
                Problem.of(
                    "(record)", "has " + row.cells().size() + " cells; the header has " + width)));
      } else {
        order(row, index, run);
      }
    }
    return "imported";
  }

  /** One row: the order's purchase, or skipped with its reason. */
  private void order(CsvReader.Row row, Map<String, Integer> index, ImportSink run)
      throws IOException {
    Map<String, String> columns = mapping.columns();
    Integer statusAt = index.get(EcCubeMapping.ORDER_STATUS);
    if (statusAt != null) {
      String status = row.cells().get(statusAt).strip();
      if (!status.isEmpty() && status.chars().allMatch(Character::isDigit) && status.length() < 9) {
        int id = Integer.parseInt(status);
        if (mapping.skipStatuses().contains(id)) {
          run.skipped(
              null,
              row.line(),
              row.raw(),
              List.of(
                  Problem.of(
                      columns.get(EcCubeMapping.ORDER_STATUS),
                      "is "
                          + id
                          + ": an order with this status is not a purchase (skipStatuses "
                          + mapping.skipStatuses().stream().sorted().toList()
                          + ")")));
          return;
        }
      }
    }
    String member = row.cells().get(index.get(EcCubeMapping.MEMBER_ID)).strip();
    if (member.isEmpty()) {
      run.skipped(
          null,
          row.line(),
          row.raw(),
          List.of(
              Problem.of(
                  columns.get(EcCubeMapping.MEMBER_ID),
                  "is empty: a guest order has no member to attribute the purchase to")));
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    String orderId = row.cells().get(index.get(EcCubeMapping.ORDER_ID)).strip();
    if (!orderId.isEmpty()) {
      fields.put("eventId", EVENT_ID_PREFIX + orderId);
    }
    names.put("eventId", columns.get(EcCubeMapping.ORDER_ID));
    fields.put("userId", mapping.userIdPrefix() + member);
    names.put("userId", columns.get(EcCubeMapping.MEMBER_ID));
    fields.put("type", "purchase");
    String total = row.cells().get(index.get(EcCubeMapping.PAYMENT_TOTAL)).strip();
    if (total.isEmpty()) {
      unreadable.put("value", "is required: the order's payment total");
    } else {
      fields.put("value", total);
    }
    names.put("value", columns.get(EcCubeMapping.PAYMENT_TOTAL));
    String date = row.cells().get(index.get(EcCubeMapping.ORDER_DATE)).strip();
    if (!date.isEmpty()) {
      Instant at = ExportTimes.parse(date, mapping.timeZone());
      if (at == null) {
        unreadable.put(
            "at",
            "must be a date and time such as 2026-03-02 09:15:00 (read in "
                + mapping.timeZone().getId()
                + ") or an ISO-8601 timestamp with an offset");
      } else {
        fields.put("at", at.toString());
      }
    }
    names.put("at", columns.get(EcCubeMapping.ORDER_DATE));
    run.outcome(
        null, row.line(), row.raw(), sink -> new CsvRecord(fields, names, unreadable, sink));
  }
}
