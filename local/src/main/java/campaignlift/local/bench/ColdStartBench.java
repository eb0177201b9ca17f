package campaignlift.local.bench;

import campaignlift.local.LocalBackends;
import campaignlift.local.Template;
import campaignlift.store.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Per handler, a fresh JVM ({@link ColdStartMain} on this JVM's class path) against the running
 * backends: JVM start to first response, split into JVM boot, handler construction and first
 * invocation. Functions run in the template's order on the first sample event of {@code
 * events/<Function>/}, which is the order the sample events are made to replay in.
 *
 * @param root the repository (sample events under {@code events/})
 */
record ColdStartBench(Path root, Template template, LocalBackends backends) {
  record Function(
      String logicalId,
      String event,
      double launchToResponseMs,
      double jvmToResponseMs,
      double jvmBootMs,
      double initMs,
      double invokeMs,
      int status) {}

  List<Function> run() throws Exception {
    Tables t = Tables.fromEnvironment(template.environment(LocalBackends.LOCAL_BUCKET));
    List<Function> out = new ArrayList<>();
    for (Template.Function f : ordered()) {
      Path event = firstEvent(f.logicalId());
      if (event == null) {
        continue;
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String p : List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
        if (System.getProperty(p) != null) {
          command.add("-D" + p + "=" + System.getProperty(p));
        }
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              ColdStartMain.class.getName(),
              f.handlerClass(),
              event.toString(),
              backends.dynamoEndpoint(),
              backends.s3Endpoint(),
              t.campaigns(),
              t.users(),
              t.enrolments(),
              t.eventIds(),
              t.results(),
              t.aggregates(),
              t.bucket()));
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      // The queues a function sends to (the scheduled run's fan-out), as Lambda's environment has
      // them.
      backends
          .environment(template)
          .forEach(
              (k, v) -> {
                if (k.endsWith("_QUEUE_URL") || k.equals("AWS_ENDPOINT_URL_SQS")) {
                  pb.environment().put(k, v);
                }
              });
      // The Shopify sample event is signed with the sample secret (docs/shopify.md).
      pb.environment().put("SHOPIFY_WEBHOOK_SECRET", "campaign-lift-sample-secret");
      long launched = System.currentTimeMillis();
      Process p = pb.start();
      String line = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (l.startsWith("COLDSTART ")) {
            line = l;
          }
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("cold-start probe of " + f.logicalId() + " hung");
      }
      if (line == null) {
        throw new IllegalStateException(
            "cold-start probe of "
                + f.logicalId()
                + " exited "
                + p.exitValue()
                + " without a figure");
      }
      String[] v = line.split(" ");
      long jvmStart = Long.parseLong(v[1]);
      long main = Long.parseLong(v[2]);
      long response = Long.parseLong(v[5]);
      out.add(
          new Function(
              f.logicalId(),
              root.relativize(event).toString(),
              response - launched,
              response - jvmStart,
              main - jvmStart,
              Double.parseDouble(v[3]),
              Double.parseDouble(v[4]),
              Integer.parseInt(v[6])));
    }
    return out;
  }

  /** The template's functions in the sample events' replay order (events/README.md). */
  private List<Template.Function> ordered() {
    List<Template.Function> out = new ArrayList<>();
    for (String id : Template.REPLAY_ORDER) {
      if (template.functions().containsKey(id)) {
        out.add(template.functions().get(id));
      }
    }
    for (Template.Function f : template.functions().values()) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private Path firstEvent(String function) throws IOException {
    Path dir = root.resolve("events").resolve(function);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElse(null);
    }
  }

  /** The deployable jar's size in bytes, or -1 when it has not been built. */
  static long functionJarBytes(Path root) throws IOException {
    Path target = root.resolve("functions").resolve("target");
    if (!Files.isDirectory(target)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.startsWith("campaign-lift-functions-") && n.endsWith("-lambda.jar");
              })
          .findFirst()
          .map(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return -1L;
                }
              })
          .orElse(-1L);
    }
  }
}
