package campaignlift.ingest;

import campaignlift.domain.Problem;
import campaignlift.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad lines of one import, spooled to a temporary file (created on the first bad line) so
 * memory stays bounded; one JSON object per line: {@code {"line", "problems": [{"field",
 * "problem"}], "record"}}, led by {@code "entry"} for a line of an archive's entry and marked
 * {@code "skipped": true} for a record left out on purpose with its reason (docs/shop-exports.md).
 * Past {@code maxBytes} bad lines are only counted, and a last line {@code {"truncated": true,
 * "notWritten": n}} says so.
 */
final class ImportErrors implements AutoCloseable {
  private final Path dir;
  private final long maxBytes;
  private Path file;
  private OutputStream out;
  private long bytes;
  private long count;
  private long skipped;
  private long notWritten;

  ImportErrors(Path dir, long maxBytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  void add(long line, List<Problem> problems, String record) throws IOException {
    add(null, line, problems, record, false);
  }

  /**
   * @param entry the archive entry the line is in, or null
   * @param skipped the record was left out on purpose ({@code problems} say why), not bad
   */
  void add(String entry, long line, List<Problem> problems, String record, boolean skipped)
      throws IOException {
    if (skipped) {
      this.skipped++;
    } else {
      count++;
    }
    List<Map<String, String>> listed = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("field", p.field());
      m.put("problem", p.problem());
      listed.add(m);
    }
    Map<String, Object> written = new LinkedHashMap<>();
    if (entry != null) {
      written.put("entry", entry);
    }
    written.put("line", line);
    if (skipped) {
      written.put("skipped", true);
    }
    written.put("problems", listed);
    written.put("record", record);
    byte[] json = (Json.write(written) + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes + json.length > maxBytes) {
      notWritten++;
      return;
    }
    if (out == null) {
      file = Files.createTempFile(dir, "import-", ".errors.jsonl");
      out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    }
    out.write(json);
    bytes += json.length;
  }

  /** Bad lines seen, written or not (skipped records are not bad). */
  long count() {
    return count;
  }

  /** Skipped records listed, written or not. */
  long skipped() {
    return skipped;
  }

  /** Finishes the report; null when there were no bad lines. */
  Path finish() throws IOException {
    if (out == null) {
      return null;
    }
    if (notWritten > 0) {
      Map<String, Object> tail = new LinkedHashMap<>();
      tail.put("truncated", true);
      tail.put("notWritten", notWritten);
      out.write((Json.write(tail) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.close();
    out = null;
    return file;
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
