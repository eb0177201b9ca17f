package campaignlift.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.json.Json;
import campaignlift.recording.Outcome;
import campaignlift.recording.OutcomeType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EC-CUBE 4 order exports (docs/shop-exports.md) read into purchases: files built from EC-CUBE's
 * own order CSV header (the display names of its {@code dtb_csv} rows for the order CSV, in their
 * order), written as its {@code CsvExportService} writes them — CP932 by default, one row per order
 * item, dates as {@code Y-m-d H:i:s} in the shop's time zone, cells with a space quoted.
 */
class EcCubeOrdersTest {
  static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

  /** EC-CUBE 4's order CSV header: src/Eccube/Resource/doctrine/import_csv/ja/dtb_csv.csv. */
  static final List<String> HEADER =
      List.of(
          "注文ID",
          "注文番号",
          "会員ID",
          "お名前(姓)",
          "お名前(名)",
          "お名前(セイ)",
          "お名前(メイ)",
          "会社名",
          "郵便番号",
          "都道府県(ID)",
          "都道府県(名称)",
          "住所1",
          "住所2",
          "メールアドレス",
          "TEL",
          "性別(ID)",
          "性別(名称)",
          "職業(ID)",
          "職業(名称)",
          "誕生日",
          "ショップ用メモ欄",
          "小計",
          "値引き",
          "送料",
          "税金",
          "合計",
          "支払合計",
          "対応状況(ID)",
          "対応状況(名称)",
          "支払方法(ID)",
          "支払方法(名称)",
          "受注日",
          "入金日",
          "注文詳細ID",
          "商品ID",
          "商品規格ID",
          "商品名",
          "商品コード",
          "規格名1",
          "規格名2",
          "規格分類名1",
          "規格分類名2",
          "価格",
          "個数",
          "税率",
          "税率ルール(ID)",
          "明細区分(ID)",
          "明細区分(名称)",
          "出荷ID",
          "配送先_お名前(姓)",
          "配送先_お名前(名)",
          "配送先_お名前(セイ)",
          "配送先_お名前(メイ)",
          "配送先_会社名",
          "配送先_郵便番号",
          "配送先_都道府県(ID)",
          "配送先_都道府県(名称)",
          "配送先_住所1",
          "配送先_住所2",
          "配送先_TEL",
          "配送業者(ID)",
          "配送業者(名称)",
          "お届け時間ID",
          "お届け時間(名称)",
          "お届け希望日",
          "送料",
          "発送日",
          "出荷伝票番号",
          "配達用メモ",
          "出荷メール送信日");

  /** One row as EC-CUBE writes it: the named cells set (both 送料 columns), the rest empty. */
  static String row(String... namesAndValues) {
    String[] cells = new String[HEADER.size()];
    Arrays.fill(cells, "");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      for (int c = 0; c < HEADER.size(); c++) {
        if (HEADER.get(c).equals(namesAndValues[i])) {
          cells[c] = namesAndValues[i + 1];
        }
      }
    }
    return String.join(",", Arrays.stream(cells).map(EcCubeOrdersTest::php).toList()) + "\n";
  }

  /** PHP's fputcsv: a cell holding a comma, quote, space or line break is quoted. */
  static String php(String cell) {
    return cell.matches("(?s).*[,\" \t\r\n].*") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }

  static String item(
      String orderId, String member, String total, String status, String date, String product) {
    return row(
        "注文ID",
        orderId,
        "注文番号",
        orderId,
        "会員ID",
        member,
        "お名前(姓)",
        "山田",
        "お名前(名)",
        "太郎",
        "住所1",
        "渋谷区神宮前",
        "送料",
        "440.00",
        "合計",
        total,
        "支払合計",
        total,
        "対応状況(ID)",
        status,
        "受注日",
        date,
        "商品名",
        product,
        "明細区分(ID)",
        "1");
  }

  /** The file of the Done-when: members' orders of two items each, a guest order, a bad row. */
  static String orders() {
    return String.join(",", HEADER.stream().map(EcCubeOrdersTest::php).toList())
        + "\n"
        + item("2001", "7", "3520.00", "5", "2026-03-02 09:15:00", "チェリーアイスサンド") // line 2
        + item("2001", "7", "3520.00", "5", "2026-03-02 09:15:00", "送料") // 3
        + item("2002", "", "2420.00", "1", "2026-03-02 10:05:12", "彩のジェラートCUBE") // 4: guest
        + item("2003", "12", "3,520", "1", "2026-03-03 14:40:00", "チェリーアイスサンド") // 5: bad total
        + item("2004", "21", "6160.00", "6", "2026/3/4 21:30", "彩のジェラートCUBE, 2個") // 6
        + item("2004", "21", "6160.00", "6", "2026/3/4 21:30", "チェリーアイスサンド"); // 7
  }

  static CollectingSink read(byte[] file, EcCubeMapping mapping) throws Exception {
    CollectingSink sink = new CollectingSink(NOW);
    String status = new EcCubeOrders(mapping).read(new ByteArrayInputStream(file), sink);
    assertEquals(sink.rejected == null ? "imported" : "rejected", status);
    return sink;
  }

  static Charset encodingOf(byte[] file) throws Exception {
    return EcCubeOrders.encoding(new BufferedInputStream(new ByteArrayInputStream(file)));
  }

  @Test
  void aCp932ExportImportsEachOrderOnceAndReportsTheGuestOrderAndTheBadRow() throws Exception {
    byte[] file = orders().getBytes(Charset.forName("windows-31j"));
    assertEquals(Charset.forName("windows-31j"), encodingOf(file));
    CollectingSink sink = read(file, EcCubeMapping.DEFAULTS);

    assertEquals(6, sink.lines);
    // Every item row of an order carries the order's total and the same event id, so the eventId
    // dedupe records each order once, with its total counted once.
    assertEquals(List.of(2L, 3L, 6L, 7L), sink.outcomeLines);
    assertEquals(List.of("ec-cube:order:2001", "ec-cube:order:2004"), sink.distinctEventIds());
    Outcome first = sink.outcomes.get(0);
    assertEquals("7", first.userId());
    assertEquals(OutcomeType.PURCHASE, first.type());
    assertEquals(0, new BigDecimal("3520").compareTo(first.value()));
    // 09:15 in Tokyo (UTC+9) is 00:15 UTC.
    assertEquals(Instant.parse("2026-03-02T00:15:00Z"), first.at());
    Outcome second = sink.outcomes.get(2);
    assertEquals("21", second.userId());
    assertEquals(0, new BigDecimal("6160").compareTo(second.value()));
    assertEquals(
        Instant.parse("2026-03-04T12:30:00Z"), second.at(), "a spreadsheet's 2026/3/4 21:30");

    assertEquals(1, sink.skipped.size());
    assertEquals(4, sink.skipped.get(0).line());
    assertEquals("会員ID", sink.skipped.get(0).field());
    assertTrue(sink.skipped.get(0).problem().contains("guest"), sink.skipped.toString());

    assertEquals(1, sink.invalid.size());
    assertEquals(5, sink.invalid.get(0).line());
    assertEquals("支払合計", sink.invalid.get(0).field(), "the problem names EC-CUBE's column");
  }

  @Test
  void utf8IsReadWithOrWithoutAByteOrderMark() throws Exception {
    byte[] cp932 = orders().getBytes(Charset.forName("windows-31j"));
    List<Outcome> expected = read(cp932, EcCubeMapping.DEFAULTS).outcomes;
    byte[] utf8 = orders().getBytes(StandardCharsets.UTF_8);
    byte[] bom = ("\uFEFF" + orders()).getBytes(StandardCharsets.UTF_8);
    for (byte[] file : List.of(utf8, bom)) {
      assertEquals(StandardCharsets.UTF_8, encodingOf(file));
      CollectingSink sink = read(file, EcCubeMapping.DEFAULTS);
      assertEquals(expected, sink.outcomes);
      assertEquals(1, sink.skipped.size());
      assertEquals(1, sink.invalid.size());
    }
  }

  @Test
  void theCommittedSampleReadsAsDocumented() throws Exception {
    // docs/shop-exports.md walks through this file: CP932, five orders in eight item rows.
    byte[] file = Files.readAllBytes(Path.of("../docs/examples/ec-cube/orders-sample.csv"));
    assertEquals(Charset.forName("windows-31j"), encodingOf(file));
    CollectingSink sink = read(file, EcCubeMapping.DEFAULTS);
    assertEquals(8, sink.lines);
    assertEquals(List.of("ec-cube:order:1001", "ec-cube:order:1005"), sink.distinctEventIds());
    assertEquals(List.of(2L, 3L, 8L, 9L), sink.outcomeLines);
    assertEquals(
        List.of(4L, 5L, 6L), sink.skipped.stream().map(CollectingSink.Reported::line).toList());
    assertEquals(
        List.of("会員ID", "会員ID", "対応状況(ID)"),
        sink.skipped.stream().map(CollectingSink.Reported::field).toList());
    assertEquals(1, sink.invalid.size());
    assertEquals(7, sink.invalid.get(0).line());
    assertEquals("受注日", sink.invalid.get(0).field(), "2026-02-30 is no date");
    // The sample's mapping.json spells out the defaults.
    assertEquals(
        EcCubeMapping.DEFAULTS,
        EcCubeMapping.of(
            Json.read(Files.readString(Path.of("../docs/examples/ec-cube/mapping.json")))));
  }

  @Test
  void cancelledAndUnfinishedOrdersAreSkippedByStatus() throws Exception {
    String file =
        String.join(",", HEADER)
            + "\n"
            + item("3001", "7", "100.00", "3", "2026-03-02 09:00:00", "x")
            + item("3002", "7", "100.00", "8", "2026-03-02 09:00:00", "x")
            + item("3003", "7", "100.00", "5", "2026-03-02 09:00:00", "x");
    CollectingSink sink = read(file.getBytes(StandardCharsets.UTF_8), EcCubeMapping.DEFAULTS);
    assertEquals(List.of("ec-cube:order:3003"), sink.distinctEventIds());
    assertEquals(
        List.of("対応状況(ID)", "対応状況(ID)"),
        sink.skipped.stream().map(CollectingSink.Reported::field).toList());
  }

  @Test
  void theMappingOverridesHeadersPrefixAndTimeZone() throws Exception {
    EcCubeMapping mapping =
        EcCubeMapping.of(
            Json.read(
                "{\"columns\": {\"orderId\": \"order_id\", \"memberId\": \"customer_id\","
                    + " \"paymentTotal\": \"payment_total\", \"orderDate\": \"order_date\","
                    + " \"orderStatus\": null}, \"userIdPrefix\": \"shop1-\", \"timeZone\":"
                    + " \"UTC\"}"));
    String file =
        "order_id,customer_id,payment_total,order_date\n"
            + "9001,7,120.5,2026-03-02 09:15:00\n"
            + "9002,8,80,2026-03-02T09:15:00+09:00\n";
    CollectingSink sink = read(file.getBytes(StandardCharsets.UTF_8), mapping);
    assertEquals(2, sink.outcomes.size(), sink.invalid.toString());
    assertEquals("shop1-7", sink.outcomes.get(0).userId());
    assertEquals(Instant.parse("2026-03-02T09:15:00Z"), sink.outcomes.get(0).at());
    assertEquals(
        Instant.parse("2026-03-02T00:15:00Z"), sink.outcomes.get(1).at(), "an offset wins");

    // Only the fields named are overridden: the rest keep EC-CUBE's defaults.
    EcCubeMapping partial = EcCubeMapping.of(Json.read("{\"userIdPrefix\": \"ec-\"}"));
    assertEquals(EcCubeMapping.DEFAULT_COLUMNS, partial.columns());
    assertEquals("Asia/Tokyo", partial.timeZone().getId());
    assertEquals(
        "ec-7", read(orders().getBytes(StandardCharsets.UTF_8), partial).outcomes.get(0).userId());
  }

  @Test
  void anUnusableMappingIsRefusedWithItsReason() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"timezone\": \"UTC\"}", "unknown field \"timezone\"");
    cases.put("{\"timeZone\": \"Tokyo\"}", "\"timeZone\" must be a time zone");
    cases.put("{\"columns\": {\"orderID\": \"x\"}}", "unknown field \"orderID\"");
    cases.put("{\"columns\": {\"memberId\": 3}}", "\"columns\".memberId must be a header name");
    cases.put("{\"skipStatuses\": [\"3\"]}", "\"skipStatuses\" must hold integer status ids");
    cases.put("{\"userIdPrefix\": 1}", "\"userIdPrefix\" must be a string");
    cases.forEach(
        (json, reason) -> {
          MappingFile.Invalid e =
              assertThrows(MappingFile.Invalid.class, () -> EcCubeMapping.of(Json.read(json)));
          assertTrue(e.getMessage().contains(reason), json + " → " + e.getMessage());
        });
  }

  @Test
  void aFileWithoutAMappedColumnIsRejectedNamingIt() throws Exception {
    List<String> header = new ArrayList<>(HEADER);
    header.remove("支払合計");
    String file = String.join(",", header) + "\n" + String.join(",", header) + "\n";
    CollectingSink sink =
        read(file.getBytes(Charset.forName("windows-31j")), EcCubeMapping.DEFAULTS);
    assertTrue(sink.rejected.contains("支払合計"), sink.rejected);
    assertEquals(0, sink.lines, "no row is read");
    assertTrue(sink.outcomes.isEmpty());
  }

  @Test
  void exportTimesWithoutAnOffsetAreReadInTheGivenZone() {
    java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
    assertEquals(
        Instant.parse("2026-03-01T15:00:00Z"), ExportTimes.parse("2026-03-02 00:00:00", tokyo));
    assertEquals(
        Instant.parse("2026-03-01T15:00:05Z"), ExportTimes.parse("2026/3/2 0:00:05", tokyo));
    assertEquals(
        Instant.parse("2015-08-10T15:00:00.123456Z"),
        ExportTimes.parse("2015-08-10 15:00:00.123456", java.time.ZoneOffset.UTC));
    assertNull(ExportTimes.parse("2026-02-30 10:00:00", tokyo));
    assertNull(ExportTimes.parse("yesterday", tokyo));
  }
}
