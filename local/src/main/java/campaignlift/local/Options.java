package campaignlift.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and positional arguments of a ./lift command. */
record Options(Map<String, String> values, List<String> positional) {
  private static final Set<String> WITH_VALUE =
      Set.of(
          "--port",
          "--data",
          "--dynamodb-endpoint",
          "--s3-endpoint",
          "-e",
          "--event",
          "--users",
          "--seed",
          "--clock");

  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Options parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("-")) {
        if (!WITH_VALUE.contains(a)) {
          values.put(a, "true");
        } else if (i + 1 < args.size()) {
          values.put(a, args.get(++i));
        } else {
          throw new UsageException(a + " needs a value");
        }
      } else {
        positional.add(a);
      }
    }
    return new Options(values, positional);
  }

  String get(String name) {
    return values.get(name);
  }

  int integer(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be an integer, not '" + v + "'");
    }
  }

  /**
   * The functions' clock: wall-clock time, or with {@code --clock INSTANT} a clock that starts at
   * that instant and runs on from there (replay a past campaign, or look ahead to when windows have
   * matured).
   */
  java.time.Clock clock() {
    String v = values.get("--clock");
    if (v == null) {
      return java.time.Clock.systemUTC();
    }
    try {
      java.time.Instant start = java.time.OffsetDateTime.parse(v).toInstant();
      return java.time.Clock.offset(
          java.time.Clock.systemUTC(), java.time.Duration.between(java.time.Instant.now(), start));
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageException(
          "--clock must be an ISO-8601 instant with offset, e.g. 2026-03-01T00:00:00Z");
    }
  }

  Path path(String name) {
    String v = values.get(name);
    return v == null ? null : Path.of(v).toAbsolutePath();
  }

  void allow(String... names) {
    Set<String> allowed = Set.of(names);
    for (String k : values.keySet()) {
      if (!allowed.contains(k)) {
        throw new UsageException("unknown option " + k);
      }
    }
  }
}
