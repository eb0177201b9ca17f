package campaignlift.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy, a real S3-compatible server, run from its jar-with-dependencies as a child process (its
 * Jetty clashes with DynamoDB Local's on one class path). In-memory, or backed by files under a
 * directory.
 *
 * @param temporary the working folder to delete on close, or null (a data folder stays)
 */
record S3ProxyProcess(Process process, int port, Path temporary) implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * @param dataDir null for in-memory objects
   */
  static S3ProxyProcess start(Path dataDir) throws IOException, InterruptedException {
    int port = Ports.free();
    Path work =
        dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("s3proxy");
    StringBuilder props = new StringBuilder();
    props.append("s3proxy.endpoint=http://127.0.0.1:").append(port).append('\n');
    props.append("s3proxy.authorization=none\n");
    props.append("jclouds.identity=local\njclouds.credential=local\n");
    if (dataDir != null) {
      Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
      props.append("jclouds.provider=filesystem\n");
      props.append("jclouds.filesystem.basedir=").append(blobs).append('\n');
    } else {
      props.append("jclouds.provider=transient\n");
    }
    Path file = work.resolve("s3proxy.properties");
    Files.writeString(file, props);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-XX:TieredStopAtLevel=1",
                    "-DLOG_LEVEL=warn",
                    "-jar",
                    Natives.s3ProxyJar().toString(),
                    "--properties",
                    file.toString()))
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyProcess proxy = new S3ProxyProcess(process, port, dataDir == null ? work : null);
    proxy.awaitReady(work.resolve("s3proxy.log"));
    return proxy;
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited during start-up; see " + log);
      }
      try {
        client.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException("S3Proxy did not start within " + START_TIMEOUT + "; see " + log);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (temporary != null) {
      try (var files = Files.walk(temporary)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temp folder is harmless.
      }
    }
  }
}
