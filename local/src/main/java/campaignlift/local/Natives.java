package campaignlift.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put the files the embedded backends need: sqlite4java's native library (DynamoDB
 * Local) and S3Proxy's jar. System properties win (surefire and ./lift set them); otherwise look
 * under local/target/native.
 */
final class Natives {
  private Natives() {}

  static Path nativeDir() {
    for (String candidate : new String[] {"local/target/native", "target/native"}) {
      Path p = Path.of(candidate).toAbsolutePath();
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "local/target/native is missing: build first (./lift does, or mvn -DskipTests package).");
  }

  static void configureSqlite() {
    if (System.getProperty("sqlite4java.library.path") == null) {
      System.setProperty("sqlite4java.library.path", nativeDir().toString());
    }
  }

  static Path s3ProxyJar() {
    String configured = System.getProperty("lift.s3proxy.jar");
    Path jar = configured != null ? Path.of(configured) : nativeDir().resolve("s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar + ": build first.");
    }
    return jar;
  }
}
