package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lift serve} as a user runs it: a separate JVM that prints one line when ready, answers
 * over HTTP, keeps state in {@code --data} across restarts, and on SIGTERM stops its S3Proxy child.
 */
class ServeProcessTest {

  @Test
  void servesPutThenGetAndStopsItsChildrenOnSigterm(@TempDir Path data) throws Exception {
    String id = Campaigns.uniqueId("served");
    int port = Ports.free();
    Process serve = start(port, data);
    try {
      String ready = readyLine(serve);
      assertTrue(ready.contains("127.0.0.1:" + port), ready);
      List<ProcessHandle> children = serve.descendants().toList();
      assertTrue(children.stream().anyMatch(ProcessHandle::isAlive), "S3Proxy child running");

      Http http = new Http("http://127.0.0.1:" + port);
      assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
      assertEquals("Spring promo", http.get("/campaigns/" + id).json().path("name").asText());

      serve.destroy(); // SIGTERM
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve exits on SIGTERM");
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(!child.isAlive(), "child " + child.pid() + " stopped");
      }
    } finally {
      serve.destroyForcibly();
    }

    // Same --data: the campaign is still there.
    Process again = start(port, data);
    try {
      readyLine(again);
      Http http = new Http("http://127.0.0.1:" + port);
      assertEquals(200, http.get("/campaigns/" + id).status());
      again.destroy();
      assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    } finally {
      again.destroyForcibly();
    }
    assertTrue(Files.isDirectory(data.resolve("dynamodb")));
  }

  private static Process start(int port, Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Dlift.root=" + TestBackends.projectRoot());
    command.add("-Dsqlite4java.library.path=" + System.getProperty("sqlite4java.library.path"));
    command.add("-Dlift.s3proxy.jar=" + System.getProperty("lift.s3proxy.jar"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Lift.class.getName());
    command.addAll(
        List.of("serve", "--port", Integer.toString(port), "--data", data.toString(), "--quiet"));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String readyLine(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("campaign-lift serving"), "ready line: " + line);
    return line;
  }
}
