package campaignlift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md ("The packages"), read from the sources: data flows one
 * way, the cores never see HTTP, and only {@code store} talks to AWS.
 */
class PackageRulesTest {
  private static final Path ROOT = Path.of("src/main/java/campaignlift");
  private static final Pattern PROJECT_IMPORT =
      Pattern.compile("^import (?:static )?campaignlift\\.([a-z.]+?)\\.[A-Z]", Pattern.MULTILINE);
  private static final Pattern AWS_IMPORT =
      Pattern.compile("^import (?:static )?software\\.amazon\\.", Pattern.MULTILINE);

  /** Package (relative to campaignlift) → the project packages its files import. */
  private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

  /** Package → files that import the AWS SDK. */
  private static final Map<String, List<String>> AWS = new TreeMap<>();

  @BeforeAll
  static void readSources() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = ROOT.relativize(file.getParent()).toString().replace('/', '.');
        String text = Files.readString(file);
        Set<String> deps = IMPORTS.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = PROJECT_IMPORT.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            deps.add(m.group(1));
          }
        }
        if (AWS_IMPORT.matcher(text).find()) {
          AWS.computeIfAbsent(pkg, k -> new ArrayList<>()).add(file.getFileName().toString());
        }
      }
    }
    assertTrue(IMPORTS.size() >= 10, "the source tree was found: " + IMPORTS.keySet());
  }

  @Test
  void noCorePackageImportsTheHttpEdgeOrAHandler() {
    Map<String, Set<String>> offending = new TreeMap<>();
    IMPORTS.forEach(
        (pkg, deps) -> {
          if (!pkg.equals("handler") && !pkg.equals("http")) {
            Set<String> edge = new TreeSet<>(deps);
            edge.retainAll(Set.of("http", "handler"));
            if (!edge.isEmpty()) {
              offending.put(pkg, edge);
            }
          }
        });
    assertEquals(Map.of(), offending);
  }

  @Test
  void statsDomainAndSupportImportNothingOfTheProject() {
    for (String pkg : List.of("stats", "domain", "support")) {
      assertEquals(Set.of(), IMPORTS.get(pkg), pkg);
    }
  }

  @Test
  void theReportReadsOnlyTheResultDocument() {
    assertEquals(Set.of("evaluation.result"), IMPORTS.get("report"));
  }

  @Test
  void nothingImportsAHandler() {
    IMPORTS.forEach(
        (pkg, deps) -> {
          if (!pkg.equals("handler")) {
            assertTrue(!deps.contains("handler"), pkg + " imports handler");
          }
        });
  }

  @Test
  void onlyStoreTalksToAws() {
    assertEquals(Set.of("store"), AWS.keySet(), "packages importing the AWS SDK: " + AWS);
  }
}
