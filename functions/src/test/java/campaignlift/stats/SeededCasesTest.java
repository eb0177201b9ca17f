package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The property-test harness itself: same cases every run, and a failure that can be replayed. */
class SeededCasesTest {

  @Test
  void everyRunGeneratesTheSameCases() {
    assertArrayEquals(SeededCases.seeds(3, 20), SeededCases.seeds(3, 20));
    assertEquals(20, SeededCases.cases(SeededCases.seeds(3, 20), r -> {}).count());
  }

  @Test
  void aFailingCaseNamesItsIndexAndTheSeedThatReplaysIt() {
    long[] seeds = SeededCases.seeds(3, 5);
    List<DynamicTest> cases =
        SeededCases.cases(seeds, r -> assertTrue(r.nextInt(10) < 0, "the property")).toList();
    AssertionError e =
        assertThrows(AssertionError.class, () -> cases.get(2).getExecutable().execute());
    assertTrue(e.getMessage().startsWith("case 2 of 5, seed " + seeds[2] + " "), e.getMessage());
    assertTrue(e.getMessage().contains("-Dcampaignlift.seed=" + seeds[2]), e.getMessage());
    assertTrue(e.getMessage().contains("the property"), e.getMessage());
  }

  @Test
  void theNamedSeedRedrawsTheFailingInputs() throws Throwable {
    long[] seeds = SeededCases.seeds(3, 5);
    int[] drawn = new int[1];
    SeededCases.cases(seeds, r -> drawn[0] = r.nextInt()).toList().get(4).getExecutable().execute();
    assertEquals(new SplittableRandom(seeds[4]).nextInt(), drawn[0]);
  }
}
