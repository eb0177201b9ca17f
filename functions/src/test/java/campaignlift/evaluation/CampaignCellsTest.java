package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.recording.Enrolment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The aggregates' arithmetic (docs/aggregates.md): a change folded as contribution(new) −
 * contribution(old) leaves exactly the cells of the final enrolments, whatever the order, the
 * batching and the encoding round trips on the way.
 */
class CampaignCellsTest {
  static final CampaignCells.Settings SETTINGS =
      new CampaignCells.Settings(SegmentCapTest.ATTRIBUTES, 30);

  private static CampaignCells fullRead(List<Enrolment> enrolments) {
    CampaignCells c = new CampaignCells();
    enrolments.forEach(e -> c.add(e, SETTINGS, 1));
    return c;
  }

  @Test
  void changesFoldedInAnyOrderAndBatchingEqualAFullReadOfTheFinalState() {
    // Each user is written three times (v1 → v2 → v3); a change is (old, new).
    List<Enrolment> v1 = SegmentCapTest.enrolments(1_500, 150, 7);
    List<Enrolment> v2 = SegmentCapTest.enrolments(1_500, 150, 8);
    List<Enrolment> v3 = SegmentCapTest.enrolments(1_500, 150, 9);
    List<Enrolment[]> changes = new ArrayList<>();
    for (int i = 0; i < v1.size(); i++) {
      changes.add(new Enrolment[] {null, v1.get(i)});
      changes.add(new Enrolment[] {v1.get(i), v2.get(i)});
      changes.add(new Enrolment[] {v2.get(i), v3.get(i)});
    }
    CampaignCells expected = fullRead(v3);
    Random rnd = new Random(3);
    for (int run = 0; run < 3; run++) {
      Collections.shuffle(changes, rnd);
      // Batches of random sizes, each encoded and decoded as a stored partial, merged in turn.
      CampaignCells total = new CampaignCells();
      int i = 0;
      while (i < changes.size()) {
        int size = 1 + rnd.nextInt(400);
        CampaignCells partial = new CampaignCells();
        for (int j = i; j < Math.min(changes.size(), i + size); j++) {
          Enrolment[] c = changes.get(j);
          if (c[1] != null) {
            partial.add(c[1], SETTINGS, 1);
          }
          if (c[0] != null) {
            partial.add(c[0], SETTINGS, -1);
          }
        }
        total.merge(CampaignCells.decode(partial.encode()));
        i += size;
      }
      assertEquals(
          0L, expected.differenceCount(total), () -> expected.differences(total, 5).toString());
      assertEquals(List.of(), total.differences(expected, 5));
    }
  }

  @Test
  void aChangeThatAltersNothingIsZero() {
    Enrolment e = SegmentCapTest.enrolments(1, 10, 1).get(0);
    CampaignCells delta = new CampaignCells();
    delta.add(e, SETTINGS, 1);
    assertFalse(delta.isZero());
    delta.add(e, SETTINGS, -1);
    assertTrue(delta.isZero());
  }

  @Test
  void encodingIsExactAndDifferencesAreNamed() {
    List<Enrolment> data = SegmentCapTest.enrolments(800, 300, 5);
    CampaignCells a = fullRead(data);
    CampaignCells back = CampaignCells.decode(a.encode());
    assertEquals(0, a.differenceCount(back));
    CampaignCells missingOne = fullRead(data.subList(1, data.size()));
    assertTrue(a.differenceCount(missingOne) > 0);
    String first = a.differences(missingOne, 1).get(0);
    assertTrue(first.contains("group " + data.get(0).group()), first);
    assertThrows(IllegalArgumentException.class, () -> CampaignCells.decode(new byte[] {1, 2, 3}));
  }

  @Test
  void aReadOfTheCellsIsTheAccumulatorsResult() {
    List<Enrolment> data = SegmentCapTest.enrolments(2_000, 40, 6);
    Instant at = SegmentCapTest.T;
    Accumulator folded = new Accumulator(SegmentCapTest.ATTRIBUTES, 30, true, at, 5);
    data.forEach(folded::add);
    CampaignCells stream = new CampaignCells();
    for (Enrolment e : data) {
      stream.add(e, SETTINGS, 1);
    }
    assertEquals(0, folded.cells().differenceCount(stream));
  }
}
