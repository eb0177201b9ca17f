package campaignlift.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static List<CsvReader.Row> rows(String text) throws IOException {
    return rows(new StringReader(text), 1000, 50);
  }

  private static List<CsvReader.Row> rows(Reader in, int maxChars, int maxRaw) throws IOException {
    CsvReader reader = new CsvReader(in, maxChars, maxRaw);
    List<CsvReader.Row> out = new ArrayList<>();
    for (CsvReader.Row r = reader.next(); r != null; r = reader.next()) {
      out.add(r);
    }
    return out;
  }

  @Test
  void plainRowsWithLfAndCrlf() throws IOException {
    List<CsvReader.Row> rows = rows("a,b,c\r\n1,2,3\n4,,6");
    assertEquals(3, rows.size());
    assertEquals(List.of("a", "b", "c"), rows.get(0).cells());
    assertEquals(List.of("1", "2", "3"), rows.get(1).cells());
    assertEquals(List.of("4", "", "6"), rows.get(2).cells());
    assertEquals(List.of(1L, 2L, 3L), rows.stream().map(CsvReader.Row::line).toList());
    assertEquals("4,,6", rows.get(2).raw());
  }

  @Test
  void quotedCellsHoldCommasQuotesAndLineBreaks() throws IOException {
    List<CsvReader.Row> rows =
        rows("id,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n4,\"\"\r\n");
    assertEquals(5, rows.size());
    assertEquals(List.of("1", "a, b"), rows.get(1).cells());
    assertEquals(List.of("2", "say \"hi\""), rows.get(2).cells());
    assertEquals(List.of("3", "two\r\nlines"), rows.get(3).cells());
    assertEquals(List.of("4", ""), rows.get(4).cells());
    // Line numbers are physical: the row after the two-line cell starts on line 6.
    assertEquals(List.of(1L, 2L, 3L, 4L, 6L), rows.stream().map(CsvReader.Row::line).toList());
    assertEquals("2,\"say \"\"hi\"\"\"", rows.get(2).raw());
  }

  @Test
  void blankLinesAndByteOrderMarkAreSkipped() throws IOException {
    List<CsvReader.Row> rows = rows("\uFEFFa,b\n\n\r\n1,2\n\n");
    assertEquals(2, rows.size());
    assertEquals(List.of("a", "b"), rows.get(0).cells());
    assertEquals(List.of("1", "2"), rows.get(1).cells());
    assertEquals(4L, rows.get(1).line());
  }

  @Test
  void trailingEmptyCellAndLoneCarriageReturn() throws IOException {
    List<CsvReader.Row> rows = rows("a,\r1,2");
    assertEquals(List.of("a", ""), rows.get(0).cells());
    assertEquals(List.of("1", "2"), rows.get(1).cells());
  }

  @Test
  void unterminatedQuoteIsAProblemNotAnError() throws IOException {
    List<CsvReader.Row> rows = rows("a,b\n1,\"open\n2,3\n");
    assertEquals(2, rows.size());
    assertEquals("has a quoted cell that is never closed", rows.get(1).problem());
    assertEquals(List.of(), rows.get(1).cells());
  }

  @Test
  void overlongRowsAreDrainedAndFlagged() throws IOException {
    String longCell = "x".repeat(10_000);
    List<CsvReader.Row> rows = rows(new StringReader("a\n" + longCell + "\nb\n"), 100, 20);
    assertEquals(3, rows.size());
    assertEquals("is longer than 100 characters", rows.get(1).problem());
    assertEquals(20, rows.get(1).raw().length());
    assertEquals(List.of("b"), rows.get(2).cells());
    assertEquals(3L, rows.get(2).line());
  }

  @Test
  void readsAcrossBufferBoundaries() throws IOException {
    StringBuilder text = new StringBuilder("n,s\n");
    for (int i = 0; i < 5000; i++) {
      text.append(i).append(",\"q\"\"").append(i).append("\"\r\n");
    }
    // A reader that hands out one to seven characters at a time.
    Reader trickle =
        new StringReader(text.toString()) {
          private int n;

          @Override
          public int read(char[] cbuf, int off, int len) throws IOException {
            return super.read(cbuf, off, Math.min(len, 1 + (n++ % 7)));
          }
        };
    List<CsvReader.Row> rows = rows(trickle, 1000, 50);
    assertEquals(5001, rows.size());
    assertEquals(List.of("4999", "q\"4999"), rows.get(5000).cells());
    assertNull(rows.get(5000).problem());
  }

  @Test
  void importLinesKeepNumbersAndStripCarriageReturns() throws IOException {
    ImportLines lines = new ImportLines(new StringReader("\uFEFF{}\r\n\n" + "y".repeat(50)), 10);
    ImportLines.Line first = lines.next();
    assertEquals("{}", first.text());
    assertEquals(1L, first.number());
    assertEquals("", lines.next().text());
    ImportLines.Line third = lines.next();
    assertEquals(3L, third.number());
    assertEquals(true, third.tooLong());
    assertEquals(10, third.text().length());
    assertNull(lines.next());
  }
}
