package campaignlift.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an EC-CUBE 4 order export maps to purchases (docs/shop-exports.md). The defaults are
 * EC-CUBE's own CSV definitions (its {@code dtb_csv} rows of the order CSV, {@code csv_type_id} 3,
 * Japanese display names); {@code imports/ec-cube/mapping.json} may override any of them.
 *
 * @param columns our field ({@link #ORDER_ID}, {@link #MEMBER_ID}, {@link #PAYMENT_TOTAL}, {@link
 *     #ORDER_DATE}, {@link #ORDER_STATUS}) → the header that holds it; the status column may be
 *     null (not checked)
 * @param userIdPrefix put before the member id to make the user id
 * @param timeZone the zone of order dates written without an offset (EC-CUBE writes the shop's
 *     wall-clock time, {@code ECCUBE_TIMEZONE}, Asia/Tokyo by default)
 * @param skipStatuses order status ids that are not purchases
 */
record EcCubeMapping(
    Map<String, String> columns, String userIdPrefix, ZoneId timeZone, Set<Integer> skipStatuses) {
  static final String ORDER_ID = "orderId";
  static final String MEMBER_ID = "memberId";
  static final String PAYMENT_TOTAL = "paymentTotal";
  static final String ORDER_DATE = "orderDate";
  static final String ORDER_STATUS = "orderStatus";

  /** EC-CUBE 4's display names of the order CSV's columns (dtb_csv.csv, ja). */
  static final Map<String, String> DEFAULT_COLUMNS;

  static {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(ORDER_ID, "注文ID");
    c.put(MEMBER_ID, "会員ID");
    c.put(PAYMENT_TOTAL, "支払合計");
    c.put(ORDER_DATE, "受注日");
    c.put(ORDER_STATUS, "対応状況(ID)");
    DEFAULT_COLUMNS = java.util.Collections.unmodifiableMap(c);
  }

  /**
   * EC-CUBE's order statuses (mtb_order_status) that are not a completed purchase: 3 注文取消し
   * (cancelled), 7 決済処理中 (payment pending), 8 購入処理中 (checkout not finished), 9 返品 (returned).
   */
  static final Set<Integer> DEFAULT_SKIP_STATUSES = Set.of(3, 7, 8, 9);

  static final EcCubeMapping DEFAULTS =
      new EcCubeMapping(DEFAULT_COLUMNS, "", ZoneId.of("Asia/Tokyo"), DEFAULT_SKIP_STATUSES);

  private static final Set<String> FIELDS =
      Set.of("columns", "userIdPrefix", "timeZone", "skipStatuses");

  /** The defaults overridden by {@code json}; the defaults alone when it is null. */
  static EcCubeMapping of(JsonNode json) throws MappingFile.Invalid {
    if (json == null) {
      return DEFAULTS;
    }
    MappingFile.onlyFields(json, "the mapping", FIELDS);
    Map<String, String> columns = new LinkedHashMap<>(DEFAULT_COLUMNS);
    JsonNode given = json.get("columns");
    if (given != null) {
      if (!given.isObject()) {
        throw new MappingFile.Invalid("\"columns\" must be an object of field → header");
      }
      MappingFile.onlyFields(given, "\"columns\"", DEFAULT_COLUMNS.keySet());
      for (Map.Entry<String, JsonNode> e : given.properties()) {
        JsonNode header = e.getValue();
        if (header.isNull() && e.getKey().equals(ORDER_STATUS)) {
          columns.put(ORDER_STATUS, null);
        } else if (!header.isTextual() || header.asText().isBlank()) {
          throw new MappingFile.Invalid(
              "\"columns\"." + e.getKey() + " must be a header name (text)");
        } else {
          columns.put(e.getKey(), header.asText().strip());
        }
      }
    }
    String prefix = MappingFile.text(json, "userIdPrefix", DEFAULTS.userIdPrefix());
    String zoneName = MappingFile.text(json, "timeZone", DEFAULTS.timeZone().getId());
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw new MappingFile.Invalid(
          "\"timeZone\" must be a time zone such as Asia/Tokyo or +09:00, not \""
              + zoneName
              + "\"");
    }
    Set<Integer> skip = DEFAULT_SKIP_STATUSES;
    JsonNode statuses = json.get("skipStatuses");
    if (statuses != null) {
      if (!statuses.isArray()) {
        throw new MappingFile.Invalid("\"skipStatuses\" must be an array of status ids");
      }
      Set<Integer> ids = new TreeSet<>();
      for (JsonNode s : statuses) {
        if (!s.isIntegralNumber() || !s.canConvertToInt()) {
          throw new MappingFile.Invalid("\"skipStatuses\" must hold integer status ids");
        }
        ids.add(s.intValue());
      }
      skip = Set.copyOf(ids);
    }
    return new EcCubeMapping(java.util.Collections.unmodifiableMap(columns), prefix, zone, skip);
  }
}
