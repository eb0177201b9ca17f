package campaignlift.stats;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Generated cases for property tests, with JUnit 5 alone: case i of a property draws its inputs
 * from its own {@link SplittableRandom}, whose seed comes from the property's fixed seed, and runs
 * as a dynamic test. Every run checks the same cases. A failing case names its index and seed; to
 * run only that case again, pass the seed as a system property:
 *
 * <pre>mvn -o verify -Dtest='EnginePropertiesTest' -Dcampaignlift.seed=SEED</pre>
 */
final class SeededCases {
  /** System property that replays one case seed instead of the generated cases. */
  static final String REPLAY = "campaignlift.seed";

  private SeededCases() {}

  /** The seeds of a property's cases: {@code count} longs drawn from {@code seed}. */
  static long[] seeds(long seed, int count) {
    return new SplittableRandom(seed).longs(count).toArray();
  }

  /**
   * One dynamic test per case of the property, or only the case named by {@value #REPLAY} when that
   * system property is set.
   */
  static Stream<DynamicTest> check(long seed, int count, Consumer<SplittableRandom> property) {
    String replay = System.getProperty(REPLAY);
    boolean replaying = replay != null && !replay.isBlank();
    return cases(
        replaying ? new long[] {Long.decode(replay.trim())} : seeds(seed, count), property);
  }

  /** One dynamic test per case seed; a failure's message starts with the case and its seed. */
  static Stream<DynamicTest> cases(long[] seeds, Consumer<SplittableRandom> property) {
    return IntStream.range(0, seeds.length)
        .mapToObj(
            i -> {
              long caseSeed = seeds[i];
              String name = "case " + i + " of " + seeds.length + ", seed " + caseSeed;
              return DynamicTest.dynamicTest(name, () -> run(name, caseSeed, property));
            });
  }

  private static void run(String name, long caseSeed, Consumer<SplittableRandom> property) {
    try {
      property.accept(new SplittableRandom(caseSeed));
    } catch (TestAbortedException e) {
      throw e;
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          name + " (replay with -D" + REPLAY + "=" + caseSeed + "): " + e.getMessage(), e);
    }
  }
}
