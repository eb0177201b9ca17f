package campaignlift.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that fails once more than {@code cap} bytes were read from it: the zip-bomb guard of the
 * archive import (docs/shop-exports.md). Closing it leaves the underlying stream open, so an
 * archive entry can be read without closing the archive.
 */
final class CappedInputStream extends FilterInputStream {
  /** Thrown when the cap is passed; the bytes past it are never read. */
  static final class Exceeded extends IOException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message);
    }
  }

  private final long cap;
  private final String what;
  private long count;

  /**
   * @param what how the problem names what was too large ("decompresses to")
   */
  CappedInputStream(InputStream in, long cap, String what) {
    super(in);
    this.cap = cap;
    this.what = what;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (count > cap) {
      throw new Exceeded(what + " more than " + cap + " bytes");
    }
    // Never read further than one byte past the cap.
    int n = super.read(b, off, (int) Math.min(len, cap + 1 - count));
    if (n > 0) {
      count += n;
      if (count > cap) {
        throw new Exceeded(what + " more than " + cap + " bytes");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int read = read(buf, 0, buf.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The archive's stream stays open for its next entry.
  }
}
