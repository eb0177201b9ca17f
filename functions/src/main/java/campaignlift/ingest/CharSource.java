package campaignlift.ingest;

import java.io.IOException;
import java.io.Reader;

/** Characters of a reader through one small buffer, with one character of look-ahead. */
final class CharSource {
  static final int EOF = -1;

  private final Reader in;
  private final char[] buf = new char[8192];
  private int pos;
  private int len;

  CharSource(Reader in) {
    this.in = in;
  }

  /** The next character without taking it, or {@link #EOF}. */
  int peek() throws IOException {
    if (pos == len && !fill()) {
      return EOF;
    }
    return buf[pos];
  }

  /** The next character, or {@link #EOF}. */
  int read() throws IOException {
    if (pos == len && !fill()) {
      return EOF;
    }
    return buf[pos++];
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }
}
