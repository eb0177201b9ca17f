package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: the class names docs/architecture.md walks through exist, every
 * reference to a document (and to a numbered section of one) resolves to a file in the repository,
 * and nothing points at documents outside it. Plain file reading, no backends.
 */
class DocsTest {
  private static final Path ROOT = repositoryRoot();

  /** Where the project's classes live: the Lambda code and the local twin. */
  private static final List<Path> SOURCE_ROOTS =
      List.of(ROOT.resolve("functions/src/main/java"), ROOT.resolve("local/src/main/java"));

  /**
   * A backticked Java type: {@code Recorder}, {@code campaignlift.recording.Recorder}, a nested
   * type {@code RecordingStore.VersionConflict}, optionally with a member ({@code
   * LiftAnalysis.compare}, {@code Accumulator.ROW_BUDGET}, {@code Recorder#exposures(...)}).
   */
  private static final Pattern TYPE_IN_BACKTICKS =
      Pattern.compile(
          "`((?:campaignlift\\.(?:[a-z]+\\.)*)?)([A-Z][a-z][A-Za-z0-9]*)"
              + "((?:\\.[A-Z][a-z][A-Za-z0-9]*)*)"
              + "(?:[.#]([A-Za-z_][A-Za-z0-9_]*)(?:\\([^`]*\\))?)?`");

  /** A reference to a document under docs/, with the sections named right after it, if any. */
  private static final Pattern DOC_REFERENCE = Pattern.compile("docs/[A-Za-z0-9_./-]*\\.md");

  /**
   * Section marks after a reference, as written in prose and in wrapped comments: "§4", "§1,
   * §10.2", "§2-4", possibly continued on the next comment line.
   */
  private static final Pattern SECTIONS =
      Pattern.compile(
          "\\A(?:[\\s*/]*,?[\\s*/]*§\\s*\\d+(?:\\.\\d+)?(?:\\s*[-–]\\s*\\d+(?:\\.\\d+)?)?)+");

  private static final Pattern SECTION =
      Pattern.compile("§\\s*(\\d+(?:\\.\\d+)?)(?:\\s*[-–]\\s*(\\d+(?:\\.\\d+)?))?");

  /** A numbered heading: "## 4. CUPED", "### 10.1 Proportions", "## §3 ...". */
  private static final Pattern NUMBERED_HEADING =
      Pattern.compile("(?m)^#{1,6}\\s+§?\\s*(\\d+(?:\\.\\d+)*)\\.?\\s");

  /** A relative Markdown link target: [text](target) with no scheme. */
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void architectureNamesOnlyClassesThatExist() {
    String text = read(ROOT.resolve("docs/architecture.md"));
    Set<String> checked = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    Matcher m = TYPE_IN_BACKTICKS.matcher(text);
    while (m.find()) {
      String written = m.group(0);
      if (!checked.add(written)) {
        continue;
      }
      String problem = problemWith(m.group(1), m.group(2), m.group(3), m.group(4));
      if (problem != null) {
        missing.add(written + " (" + problem + ")");
      }
    }
    // The walk-throughs name dozens of classes: a page with none checked means the pattern broke.
    assertTrue(checked.size() >= 30, "too few class names found to check: " + checked);
    assertEquals(
        Set.of(),
        missing,
        "docs/architecture.md names classes or members that are not in functions/src/main or"
            + " local/src/main");
  }

  /** Null when the type (and member) exists, else what is missing. */
  private static String problemWith(
      String packagePrefix, String type, String nested, String member) {
    Optional<Path> file = typeFile(packagePrefix, type);
    if (file.isEmpty()) {
      return "no source file " + type + ".java";
    }
    String source = read(file.get());
    for (String inner : nested.isEmpty() ? new String[0] : nested.substring(1).split("\\.")) {
      if (!Pattern.compile("\\b(class|record|interface|enum)\\s+" + inner + "\\b")
          .matcher(source)
          .find()) {
        return "no nested type " + inner + " in " + ROOT.relativize(file.get());
      }
    }
    if (member != null
        && !Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(source).find()) {
      return "no member " + member + " in " + ROOT.relativize(file.get());
    }
    return null;
  }

  private static Optional<Path> typeFile(String packagePrefix, String type) {
    if (!packagePrefix.isEmpty()) {
      String relative = packagePrefix.replace('.', '/') + type + ".java";
      return SOURCE_ROOTS.stream()
          .map(r -> r.resolve(relative))
          .filter(Files::isRegularFile)
          .findFirst();
    }
    return SOURCE_ROOTS.stream()
        .flatMap(DocsTest::walk)
        .filter(p -> p.getFileName().toString().equals(type + ".java"))
        .findFirst();
  }

  @Test
  void everyReferenceToADocumentResolves() {
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Path file : filesCitingDocuments()) {
      String text = read(file);
      Matcher m = DOC_REFERENCE.matcher(text);
      while (m.find()) {
        String doc = m.group();
        Path target = ROOT.resolve(doc);
        if (!Files.isRegularFile(target)) {
          missing.computeIfAbsent(doc, k -> new TreeSet<>()).add(where(file, text, m.start()));
        }
      }
      if (file.toString().endsWith(".md")) {
        Matcher link = MARKDOWN_LINK.matcher(text);
        while (link.find()) {
          String target = link.group(1).replaceAll("#.*$", "");
          if (target.isEmpty() || target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            continue;
          }
          if (!Files.exists(file.getParent().resolve(target).normalize())) {
            missing
                .computeIfAbsent(target + " (link)", k -> new TreeSet<>())
                .add(where(file, text, link.start()));
          }
        }
      }
    }
    assertEquals(
        Map.of(), shortened(missing), "documents referenced but not in the repository, and where");
  }

  @Test
  void everyCitedSectionExists() {
    Map<String, Set<String>> missing = new TreeMap<>();
    int cited = 0;
    for (Path file : filesCitingDocuments()) {
      String text = read(file);
      Matcher m = DOC_REFERENCE.matcher(text);
      while (m.find()) {
        String doc = m.group();
        String after = text.substring(m.end(), Math.min(text.length(), m.end() + 80));
        Matcher marks = SECTIONS.matcher(after);
        if (!marks.find()) {
          continue;
        }
        Path target = ROOT.resolve(doc);
        Set<String> headings = headings(target);
        Matcher s = SECTION.matcher(marks.group());
        while (s.find()) {
          cited++;
          for (String section : range(s.group(1), s.group(2))) {
            if (!headings.contains(section)) {
              // A missing document is one problem, not one per citation.
              String key =
                  Files.isRegularFile(target)
                      ? doc + " §" + section
                      : doc + " (no such file, so none of its cited sections exists)";
              missing.computeIfAbsent(key, k -> new TreeSet<>()).add(where(file, text, m.start()));
            }
          }
        }
      }
    }
    // The statistics code cites its sections throughout; none found means the pattern broke.
    assertTrue(cited >= 20, "too few section citations found: " + cited);
    assertEquals(
        Map.of(),
        shortened(missing),
        "sections cited but not a numbered heading of the document, and where");
  }

  @Test
  void nothingPointsOutsideTheRepository() {
    // Built from pieces so that this file does not itself mention what it looks for.
    List<String> outside =
        List.of(
            "SPEC" + ".md",
            "STATS" + ".md",
            ".." + "/shared",
            "reference" + "/",
            "SPEC" + " §",
            "STATS" + " §");
    Map<String, Set<String>> found = new TreeMap<>();
    try (Stream<Path> files = walk(ROOT)) {
      files
          .filter(DocsTest::isProjectText)
          .forEach(
              file -> {
                String text = read(file);
                for (String needle : outside) {
                  int at = text.indexOf(needle);
                  if (at >= 0) {
                    found.computeIfAbsent(needle, k -> new TreeSet<>()).add(where(file, text, at));
                  }
                }
              });
    }
    assertEquals(Map.of(), shortened(found), "mentions of documents outside the repository");
  }

  /** At most five places per problem, so that one missing file does not bury the others. */
  private static Map<String, List<String>> shortened(Map<String, Set<String>> problems) {
    Map<String, List<String>> out = new TreeMap<>();
    problems.forEach(
        (problem, places) -> {
          List<String> some = new ArrayList<>(places).subList(0, Math.min(5, places.size()));
          List<String> shown = new ArrayList<>(some);
          if (places.size() > some.size()) {
            shown.add("… " + (places.size() - some.size()) + " more");
          }
          out.put(problem, shown);
        });
    return out;
  }

  /** Java sources and tests, every Markdown file, and the YAML contracts. */
  private static List<Path> filesCitingDocuments() {
    try (Stream<Path> files = walk(ROOT)) {
      List<Path> out =
          files
              .filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(".java") || name.endsWith(".md") || name.endsWith(".yaml");
                  })
              .toList();
      assertTrue(out.contains(ROOT.resolve("README.md")), "README.md not found under " + ROOT);
      return out;
    }
  }

  private static boolean isProjectText(Path p) {
    String name = p.getFileName().toString();
    String relative = ROOT.relativize(p).toString().replace('\\', '/');
    return name.endsWith(".java")
        || name.endsWith(".md")
        || name.endsWith(".yaml")
        || name.endsWith(".yml")
        || name.endsWith(".xml")
        || relative.equals("lift")
        || relative.startsWith(".ci/");
  }

  /** Numbers of the numbered headings of a Markdown file; empty when it does not exist. */
  private static Set<String> headings(Path file) {
    if (!Files.isRegularFile(file)) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    Matcher h = NUMBERED_HEADING.matcher(read(file));
    while (h.find()) {
      out.add(h.group(1));
    }
    return out;
  }

  /** "2"–"4" → 2, 3, 4; a single section → itself; ranges of subsections → their two ends. */
  private static List<String> range(String from, String to) {
    List<String> out = new ArrayList<>();
    if (to == null) {
      out.add(from);
    } else if (from.matches("\\d+") && to.matches("\\d+")) {
      for (int i = Integer.parseInt(from); i <= Integer.parseInt(to); i++) {
        out.add(Integer.toString(i));
      }
    } else {
      out.add(from);
      out.add(to);
    }
    return out;
  }

  private static String where(Path file, String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return ROOT.relativize(file) + ":" + line;
  }

  /** Every file of the repository but build output, Git's own and dependencies. */
  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir)
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                Path rel = ROOT.relativize(p);
                for (Path part : rel) {
                  String s = part.toString();
                  if (s.equals("target") || s.equals(".git") || s.equals("node_modules")) {
                    return false;
                  }
                }
                return true;
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /** Surefire runs in local/; walk up to the directory that holds both modules and the README. */
  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("README.md"))
          && Files.isDirectory(d.resolve("functions"))
          && Files.isDirectory(d.resolve("local"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "no repository root (README.md, functions/, local/) above " + dir);
  }
}
