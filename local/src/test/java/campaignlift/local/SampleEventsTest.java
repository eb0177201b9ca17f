package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every sample event in events/ is invoked on the function it belongs to (its folder), in the
 * documented order, against the local backends: a broken or stale sample fails the build.
 */
class SampleEventsTest {
  /** Every function is built: none answers 501 any more. */
  private static final Set<String> NOT_YET_BUILT = Set.of();

  private static final List<String> ORDER = Template.REPLAY_ORDER;

  @Test
  void everySampleEventRunsOnItsFunction() throws Exception {
    TestBackends backends = TestBackends.get();
    Path events = TestBackends.projectRoot().resolve("events");
    List<Path> folders = folders(events);
    assertEquals(
        backends.template().functions().keySet(),
        Set.copyOf(folders.stream().map(p -> p.getFileName().toString()).toList()),
        "one events/ folder per function of template.yaml");
    uploadObjects(backends, events);
    // The scheduled sample enqueues the sample campaign's evaluation; the twin's pollers would
    // evaluate it beside the worker's own sample, and two evaluations of one campaign in the same
    // millisecond rightly leave one for a retry. Held, the queued ones run after the replay.
    backends.eventSources().hold(true);
    backends.eventSources().awaitIdle(Duration.ofSeconds(60));
    try {
      replay(backends, events);
    } finally {
      backends.eventSources().hold(false);
    }
  }

  private static void replay(TestBackends backends, Path events) throws Exception {
    int invoked = 0;
    // A DELETE archives the campaign every other sample uses, so those replay last.
    List<Path> retiring = new ArrayList<>();
    for (String function : ORDER) {
      for (Path file : files(events.resolve(function))) {
        JsonNode event = Http.JSON.readTree(file.toFile());
        assertNotNull(event, file + " is empty");
        if (event.path("routeKey").asText().startsWith("DELETE ")) {
          retiring.add(file);
          continue;
        }
        invoke(backends, function, file, event);
        invoked++;
      }
    }
    for (Path file : retiring) {
      invoke(backends, file.getParent().getFileName().toString(), file, null);
      invoked++;
    }
    assertTrue(invoked >= ORDER.size());
  }

  /** Puts {@code events/<Function>/objects/<key>} into the bucket under {@code key}. */
  private static void uploadObjects(TestBackends backends, Path events) throws IOException {
    try (Stream<Path> all = Files.walk(events)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        Path rel = events.relativize(f);
        if (rel.getNameCount() > 2 && rel.getName(1).toString().equals("objects")) {
          String key = rel.subpath(2, rel.getNameCount()).toString().replace('\\', '/');
          backends
              .backend()
              .s3()
              .putObject(
                  r -> r.bucket(backends.backend().tables().bucket()).key(key),
                  software.amazon.awssdk.core.sync.RequestBody.fromFile(f));
        }
      }
    }
  }

  private static void invoke(TestBackends backends, String function, Path file, JsonNode event)
      throws IOException {
    JsonNode parsed = event == null ? Http.JSON.readTree(file.toFile()) : event;
    JsonNode response =
        Http.JSON.readTree(backends.functions().invoke(function, Files.readAllBytes(file)));
    check(function, file, parsed, response);
  }

  private static void check(String function, Path file, JsonNode event, JsonNode response)
      throws IOException {
    String what = file.getFileName() + " on " + function + ": " + response;
    boolean http = event.path("version").asText().equals("2.0");
    if (!http) {
      assertFalse(response.has("errorMessage"), what);
      if (function.equals("ScheduledEvaluationFunction")) {
        // The run fans out: one message per campaign to the evaluation queue.
        assertTrue(response.path("enqueued").isArray(), what);
        assertTrue(response.path("failed").isArray(), what);
        assertTrue(response.path("skipped").isInt(), what);
      }
      if (function.equals("EvaluationWorkerFunction")
          || function.equals("RecomputeWorkerFunction")
          || function.equals("EnrolmentStreamFunction")
          || function.equals("QueueIngestFunction")) {
        // The sample's campaign is evaluated, the recompute was never started, the enrolment is
        // folded (or already covered), the queued outcome is recorded: nothing is left for a
        // retry.
        assertEquals(0, response.path("batchItemFailures").size(), what);
        assertTrue(response.path("batchItemFailures").isArray(), what);
      }
      if (function.equals("ImportFunction")) {
        // The file under objects/ is read and every line counted once; a sample naming a file
        // that is not there is reported missing, not a crash.
        JsonNode files = response.path("files");
        assertEquals(1, files.size(), what);
        JsonNode report = files.get(0);
        String key = report.path("key").asText();
        String kind = key.startsWith("imports/ec-cube/") ? "ec-cube" : "exposures";
        assertEquals(kind, report.path("kind").asText(), what);
        Path object = file.getParent().resolve("objects").resolve(key);
        if (Files.isRegularFile(object)) {
          assertEquals("imported", report.path("status").asText(), what);
          long lines = Files.readAllLines(object).stream().filter(l -> !l.isBlank()).count();
          assertEquals(lines, report.path("lines").asLong(), what);
          assertEquals(0, report.path("invalid").asLong(), what);
          assertEquals(
              lines,
              report.path("accepted").asLong()
                  + report.path("duplicates").asLong()
                  + report.path("conflicts").asLong()
                  + report.path("refused").asLong(),
              what);
        } else {
          assertEquals("missing", report.path("status").asText(), what);
        }
      }
      return;
    }
    int status = response.path("statusCode").asInt();
    if (NOT_YET_BUILT.contains(function)) {
      assertEquals(501, status, what);
    } else if (event.path("routeKey").asText().equals("GET /campaigns/{campaignId}/report")) {
      assertEquals(302, status, what);
      assertTrue(response.path("headers").path("location").asText().contains("latest.html"), what);
    } else {
      assertTrue(status >= 200 && status < 300, what);
      JsonNode body = Http.JSON.readTree(response.path("body").asText()).path("campaignId");
      assertTrue(body.isMissingNode() || body.asText().equals("spring-promo"), what);
    }
  }

  private static List<Path> folders(Path events) throws IOException {
    try (Stream<Path> s = Files.list(events)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return new ArrayList<>(s.filter(p -> p.toString().endsWith(".json")).sorted().toList());
    }
  }
}
