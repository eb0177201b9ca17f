package campaignlift.local.bench;

import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one line a cold-start probe prints for {@link ColdStartBench}: {@code COLDSTART key=value
 * ...}, values URL-encoded (a failure's reason has spaces). A probe class: JDK only.
 */
final class ProbeLine {
  static final String PREFIX = "COLDSTART";

  private final Map<String, String> fields = new LinkedHashMap<>();

  ProbeLine put(String key, Object value) {
    fields.put(key, String.valueOf(value));
    return this;
  }

  /**
   * The JVM's start time and the classes loaded so far. Called only once the response is in hand:
   * the management beans load classes of their own (the same few dozen in every probe), which must
   * not count in the time to the response.
   */
  ProbeLine putJvm() {
    put("classes", ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    put("jvmStart", ManagementFactory.getRuntimeMXBean().getStartTime());
    return this;
  }

  /** Prints the line and stops the JVM at once, without waiting for the SDK's daemon threads. */
  void printAndHalt() {
    StringBuilder s = new StringBuilder(PREFIX);
    fields.forEach(
        (k, v) ->
            s.append(' ')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    System.out.println(s);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  /** Parses a line {@link #printAndHalt} printed. */
  static Map<String, String> parse(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : line.substring(PREFIX.length()).trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(
            part.substring(0, eq),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
