package campaignlift.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code ./lift invoke FUNCTION -e EVENT.json}: one function, one event, its response on stdout.
 */
final class InvokeCommand {
  private InvokeCommand() {}

  static int run(Options options, PrintStream out, PrintStream err) throws Exception {
    options.allow("-e", "--event", "--data", "--dynamodb-endpoint", "--s3-endpoint", "--clock");
    if (options.positional().size() != 1) {
      throw new Options.UsageException("usage: invoke FUNCTION_LOGICAL_ID -e EVENT.json");
    }
    String function = options.positional().get(0);
    Path eventFile = options.path("-e") != null ? options.path("-e") : options.path("--event");
    if (eventFile == null) {
      throw new Options.UsageException("-e EVENT.json is required");
    }
    byte[] event;
    try {
      event = Files.readAllBytes(eventFile);
    } catch (NoSuchFileException e) {
      throw new Options.UsageException("no such event file: " + eventFile);
    }
    Template template = Template.read(Lift.root().resolve("template.yaml"));
    if (!template.functions().containsKey(function)) {
      throw new Options.UsageException(
          "no function "
              + function
              + " in template.yaml; there are "
              + template.functions().keySet());
    }
    try (LocalBackends backends =
        LocalBackends.start(
            options.path("--data"),
            options.get("--dynamodb-endpoint"),
            options.get("--s3-endpoint"))) {
      backends.provision(template);
      LocalFunctions functions =
          new LocalFunctions(template, backends.backend(template, null), options.clock(), err);
      out.println(new String(functions.invoke(function, event), StandardCharsets.UTF_8));
    }
    return 0;
  }
}
