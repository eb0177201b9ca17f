package campaignlift.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A size whose full reads failed after its end-to-end evaluation was measured keeps that figure, in
 * the JSON and the table, with what failed (BENCHMARKS.md: at 10^6 the comparison's full read can
 * time out on DynamoDB Local).
 */
class BenchReportTest {
  @Test
  void aSizeThatFailedAfterItsEndToEndFigureKeepsTheFigure() {
    BenchReport report = new BenchReport("full");
    report.evaluation(
        List.of(),
        false,
        new EvaluationBench.Incomplete(
            1_000_000, 0.3781, "stream", "comparison with a full read: Query timed out"));

    JsonNode i = report.doc.path("evaluation").path("incomplete");
    assertEquals(1_000_000, i.path("enrolments").asInt());
    assertEquals(0.378, i.path("endToEndSeconds").asDouble());
    assertEquals("stream", i.path("endToEndSource").asText());
    assertEquals("comparison with a full read: Query timed out", i.path("failedWhile").asText());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("10^6  from aggregates: end-to-end 0.378 s"), table);
    assertTrue(table.contains("not compared: failed while comparison with a full read"), table);
  }

  @Test
  void everySizeCompleteMeansNoIncompleteEntry() {
    BenchReport report = new BenchReport("quick");
    report.evaluation(List.of(), false, null);
    assertFalse(report.doc.path("evaluation").has("incomplete"));
  }
}
