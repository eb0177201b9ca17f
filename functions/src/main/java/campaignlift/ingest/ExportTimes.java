package campaignlift.ingest;

import campaignlift.domain.ValueDomain;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * Timestamps as shop and analytics exports write them (docs/shop-exports.md): an ISO-8601 timestamp
 * with an offset is taken as it is; one without an offset is a wall-clock time in the export's time
 * zone — EC-CUBE writes {@code 2026-03-02 09:15:00} in the shop's zone, a spreadsheet that re-saved
 * the file {@code 2026/3/2 9:15}, Amplitude {@code 2026-03-02 00:15:00.000000} in UTC.
 */
final class ExportTimes {
  private static final List<DateTimeFormatter> LOCAL =
      List.of(
          new DateTimeFormatterBuilder()
              .appendPattern("uuuu-MM-dd")
              .optionalStart()
              .appendLiteral(' ')
              .optionalEnd()
              .optionalStart()
              .appendLiteral('T')
              .optionalEnd()
              .appendPattern("HH:mm:ss")
              .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
              .toFormatter()
              .withResolverStyle(ResolverStyle.STRICT),
          DateTimeFormatter.ofPattern("uuuu/M/d H:mm[:ss]")
              .withResolverStyle(ResolverStyle.STRICT));

  private ExportTimes() {}

  /**
   * The instant {@code text} names, a time without an offset read in {@code zone}; null when it is
   * neither form or lies outside the value domain's range.
   */
  static Instant parse(String text, ZoneId zone) {
    if (text == null || text.length() > ValueDomain.MAX_INSTANT_CHARS) {
      return null;
    }
    String t = text.strip();
    Instant withOffset = ValueDomain.instant(t);
    if (withOffset != null) {
      return withOffset;
    }
    for (DateTimeFormatter f : LOCAL) {
      try {
        Instant at = LocalDateTime.parse(t, f).atZone(zone).toInstant();
        return at.isBefore(ValueDomain.EARLIEST) || at.isAfter(ValueDomain.LATEST) ? null : at;
      } catch (DateTimeException e) {
        // not this form: try the next
      }
    }
    return null;
  }
}
