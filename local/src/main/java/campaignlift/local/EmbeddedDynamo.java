package campaignlift.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local running in this JVM on a loopback port: in memory, or in files under a directory.
 */
final class EmbeddedDynamo implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param dataDir null for in-memory state
   */
  static EmbeddedDynamo start(Path dataDir) throws Exception {
    Natives.configureSqlite();
    int port = Ports.free();
    String[] args =
        dataDir == null
            ? new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"}
            : new String[] {
              "-sharedDb",
              "-dbPath",
              Files.createDirectories(dataDir).toString(),
              "-port",
              Integer.toString(port),
              "-disableTelemetry"
            };
    // DynamoDB Local prints a configuration banner on stdout; ./lift's stdout is for its own
    // output.
    PrintStream stdout = System.out;
    DynamoDBProxyServer server;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    try {
      server = ServerRunner.createServerFromCommandLineArgs(args);
      server.start();
    } finally {
      System.setOut(stdout);
    }
    return new EmbeddedDynamo(server, port);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
  }
}
