package campaignlift.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma-separated cells, cells in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); rows end with CRLF, LF or CR. Blank lines are skipped and
 * a leading byte-order mark is dropped. Holds one row at a time, and a row longer than {@code
 * maxChars} is drained without being kept, so memory does not depend on the input.
 */
public final class CsvReader {
  /**
   * One row.
   *
   * @param line the physical line (1-based) the row starts on
   * @param cells the cells, unquoted; empty when {@code problem} is set
   * @param raw the row's text as written, cut at the reader's raw limit
   * @param problem null, or why the row cannot be read (too long, unterminated quote)
   */
  public record Row(long line, List<String> cells, String raw, String problem) {}

  private static final int EOF = CharSource.EOF;

  private final CharSource in;
  private final int maxChars;
  private final int maxRaw;
  private long line = 1;
  private boolean started;

  /**
   * @param maxChars the longest row kept, in characters
   * @param maxRaw how much of each row's text is kept for error reports
   */
  public CsvReader(Reader in, int maxChars, int maxRaw) {
    this.in = new CharSource(in);
    this.maxChars = maxChars;
    this.maxRaw = maxRaw;
  }

  /** The next non-blank row, or null at the end of the input. */
  public Row next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        read();
      }
    }
    while (true) {
      long start = line;
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      StringBuilder raw = new StringBuilder();
      int kept = 0;
      boolean quoted = false;
      boolean any = false;
      String problem = null;
      while (true) {
        int c = read();
        if (c == EOF) {
          if (!any) {
            return null;
          }
          if (quoted && problem == null) {
            problem = "has a quoted cell that is never closed";
          }
          break;
        }
        any = true;
        if (!quoted && (c == '\n' || c == '\r')) {
          if (c == '\r' && peek() == '\n') {
            read();
          }
          line++;
          break;
        }
        if (raw.length() < maxRaw) {
          raw.append((char) c);
        }
        if (c == '\n') {
          line++;
        }
        if (quoted) {
          if (c == '"') {
            if (peek() == '"') {
              read();
              if (raw.length() < maxRaw) {
                raw.append('"');
              }
              kept = append(cell, '"', kept);
            } else {
              quoted = false;
            }
          } else {
            kept = append(cell, (char) c, kept);
          }
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
        } else if (c == '"' && cell.isEmpty()) {
          quoted = true;
        } else {
          kept = append(cell, (char) c, kept);
        }
        if (kept > maxChars && problem == null) {
          problem = "is longer than " + maxChars + " characters";
        }
      }
      if (raw.isEmpty() && cells.isEmpty() && cell.isEmpty() && problem == null) {
        continue; // blank line
      }
      cells.add(cell.toString());
      if (problem != null) {
        return new Row(start, List.of(), raw.toString(), problem);
      }
      return new Row(start, cells, raw.toString(), null);
    }
  }

  private int append(StringBuilder cell, char c, int kept) {
    if (kept < maxChars) {
      cell.append(c);
    }
    return kept + 1;
  }

  private int peek() throws IOException {
    return in.peek();
  }

  private int read() throws IOException {
    return in.read();
  }
}
