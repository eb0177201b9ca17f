package campaignlift.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GrowthBook hash v2 and bucket ranges, checked against the figures GrowthBook publishes for its
 * SDKs.
 */
class AssignmentTest {

  @ParameterizedTest(name = "hash v2 of seed \"{0}\" value \"{1}\" is {2}")
  @CsvSource({"seed, a, 0.0505", "foo, ab, 0.2575"})
  void hashV2MatchesGrowthBook(String seed, String value, double expected) {
    assertEquals(expected, Assignment.bucket(seed, value), 1e-12);
  }

  @Test
  void fnv1a32MatchesTheReferenceVectors() {
    // FNV-1a 32-bit test vectors (Fowler/Noll/Vo): "" and "a" and "foobar".
    assertEquals(0x811c9dc5L, Assignment.fnv1a32(""));
    assertEquals(0xe40c292cL, Assignment.fnv1a32("a"));
    assertEquals(0xbf9cf968L, Assignment.fnv1a32("foobar"));
  }

  @Test
  void bucketsMapOntoCumulativeWeightsInDeclaredOrder() {
    List<Group> groups =
        List.of(
            new Group("control", 0.1, true),
            new Group("a", 0.3, false),
            new Group("b", 0.6, false));
    assertEquals("control", Assignment.choose(groups, 0.0).name());
    assertEquals("control", Assignment.choose(groups, 0.0999).name());
    assertEquals("a", Assignment.choose(groups, 0.1).name());
    assertEquals("a", Assignment.choose(groups, 0.3999).name());
    assertEquals("b", Assignment.choose(groups, 0.4).name());
    assertEquals("b", Assignment.choose(groups, 0.9999).name());
  }

  @Test
  void aLargePopulationSplitsByTheWeights() {
    Campaign c =
        CampaignFixture.campaign(
            "split-check",
            java.time.Instant.EPOCH,
            null,
            List.of(new Group("control", 0.2, true), new Group("t", 0.8, false)),
            List.of());
    int control = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      control += Assignment.assign(c, "user-" + i).control() ? 1 : 0;
    }
    // Expected 20,000 with sd ~126; 5 sd either way.
    assertEquals(20_000, control, 650);
  }
}
