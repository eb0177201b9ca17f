package campaignlift.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a JSON Lines file, one at a time (LF or CRLF endings, a leading byte-order mark
 * dropped). A line longer than {@code maxChars} is drained without being kept, so memory does not
 * depend on the input.
 */
final class ImportLines {
  /**
   * @param number 1-based
   * @param text the line, or its first {@code maxChars} characters when {@code tooLong}
   */
  record Line(long number, String text, boolean tooLong) {}

  private final CharSource in;
  private final int maxChars;
  private long number;
  private boolean started;

  ImportLines(Reader in, int maxChars) {
    this.in = new CharSource(in);
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    boolean tooLong = false;
    while (true) {
      int read = in.read();
      if (read == CharSource.EOF) {
        if (!any) {
          return null;
        }
        break;
      }
      char c = (char) read;
      if (!started) {
        started = true;
        if (c == '\uFEFF') {
          continue;
        }
      }
      any = true;
      if (c == '\n') {
        break;
      }
      if (text.length() < maxChars) {
        text.append(c);
      } else {
        tooLong = true;
      }
    }
    number++;
    int end = text.length();
    if (!tooLong && end > 0 && text.charAt(end - 1) == '\r') {
      text.setLength(end - 1);
    }
    return new Line(number, text.toString(), tooLong);
  }
}
