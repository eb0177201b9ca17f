package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * docs/write-path.md order independence: one generated dataset loaded through the HTTP API in three
 * orders — exposures first, outcomes first, both shuffled together — gives identical per-enrolment
 * values, and those values equal what the test computes straight from the raw records.
 */
class OrderIndependenceTest extends TwinTest {
  // 1,000 users give every order thousands of interleavings to get wrong; more only costs build
  // time
  // (-Dlift.test.orderUsers=N for a larger run).
  static final int USERS = Integer.getInteger("lift.test.orderUsers", 1000);
  static final long SEED = 20261123L;

  /**
   * Equal maps, or a failure that names the first differing enrolments and fields (not a 2,000-line
   * dump).
   */
  static void assertSame(
      Map<String, Map<String, String>> expected,
      Map<String, Map<String, String>> actual,
      String what) {
    List<String> diffs = new java.util.ArrayList<>();
    java.util.Set<String> users = new java.util.TreeSet<>(expected.keySet());
    users.addAll(actual.keySet());
    for (String u : users) {
      Map<String, String> e = expected.getOrDefault(u, Map.of());
      Map<String, String> a = actual.getOrDefault(u, Map.of());
      if (!e.equals(a)) {
        java.util.Set<String> fields = new java.util.TreeSet<>(e.keySet());
        fields.addAll(a.keySet());
        StringBuilder d = new StringBuilder(u + ":");
        for (String f : fields) {
          if (!java.util.Objects.equals(e.get(f), a.get(f))) {
            d.append(' ').append(f).append(' ').append(e.get(f)).append("->").append(a.get(f));
          }
        }
        diffs.add(d.toString());
      }
    }
    assertTrue(
        diffs.isEmpty(),
        what
            + ": "
            + diffs.size()
            + " enrolments differ, e.g. "
            + diffs.subList(0, Math.min(8, diffs.size())));
  }

  private static Map<String, Map<String, String>> withoutGroups(
      Map<String, Map<String, String>> m) {
    Map<String, Map<String, String>> out = new java.util.TreeMap<>();
    m.forEach(
        (u, v) -> {
          Map<String, String> copy = new java.util.TreeMap<>(v);
          copy.keySet().removeAll(java.util.Set.of("group", "groupsSeen", "conflict"));
          out.put(u, copy);
        });
    return out;
  }

  @Test
  void threeArrivalOrdersGiveTheSameEnrolmentsAsTheRawData() {
    Instant now = Instant.now();
    String run = Campaigns.uniqueId("order") + "-";

    Dataset first = new Dataset(run + "a-", USERS, SEED, now);
    Loader a = new Loader(http, first);
    a.createCampaign();
    a.exposures(first.exposureJson(), 500);
    a.outcomes(first.outcomeJson(), 500);

    Dataset second = new Dataset(run + "b-", USERS, SEED, now);
    Loader b = new Loader(http, second);
    b.createCampaign();
    List<com.fasterxml.jackson.databind.node.ObjectNode> outcomes =
        new java.util.ArrayList<>(second.outcomeJson());
    Collections.shuffle(outcomes, new Random(SEED + 1));
    b.outcomes(outcomes, 500);
    List<com.fasterxml.jackson.databind.node.ObjectNode> exposures =
        new java.util.ArrayList<>(second.exposureJson());
    Collections.reverse(exposures); // latest exposures first: earlier ones arrive late
    b.exposures(exposures, 500);

    Dataset third = new Dataset(run + "c-", USERS, SEED, now);
    Loader c = new Loader(http, third);
    c.createCampaign();
    c.shuffledChunks(third.shuffledTogether(SEED + 2), 500, SEED + 3);

    Map<String, Map<String, String>> storedA =
        StoredEnrolments.read(backends.backend(), first.campaignId, first.prefix);
    Map<String, Map<String, String>> storedB =
        StoredEnrolments.read(backends.backend(), second.campaignId, second.prefix);
    Map<String, Map<String, String>> storedC =
        StoredEnrolments.read(backends.backend(), third.campaignId, third.prefix);
    assertEquals(USERS, storedA.size(), "one enrolment per exposed user");
    // Deterministic assignment is seeded by campaign id + user id, which differ between the three
    // copies, so
    // the copies are compared on everything but the assigned groups, and each copy in full to its
    // raw data.
    assertSame(
        withoutGroups(storedA), withoutGroups(storedB), "outcomes first, exposures latest-first");
    assertSame(withoutGroups(storedA), withoutGroups(storedC), "shuffled together");
    assertSame(second.expected(b.assignments()), storedB, "copy b computed from its raw records");
    assertSame(third.expected(c.assignments()), storedC, "copy c computed from its raw records");

    assertSame(first.expected(a.assignments()), storedA, "computed from the raw records");

    // Whatever the arrival order, the stream's aggregates equal a full read (docs/aggregates.md).
    for (Dataset d : List.of(first, second, third)) {
      FoldedAggregates.assertEqualToFullRead(backends, d.campaignId);
    }

    // Every record is accounted for exactly once in the batch answers, whatever the order.
    long records = first.exposures.size() + first.outcomes.size();
    for (Loader l : List.of(a, b, c)) {
      assertEquals(records, l.accepted + l.duplicates + l.conflicts);
      assertEquals(0, l.duplicates, "no record of the dataset is a duplicate");
    }
    assertTrue(
        storedA.values().stream().anyMatch(v -> v.get("conflict").equals("true")),
        "the dataset exercises conflicts");
    assertTrue(
        storedA.values().stream().anyMatch(v -> !v.get("preSignups").equals("0")),
        "the dataset exercises pre-window sign-ups");
  }
}
