package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sends a {@link Dataset} through the HTTP API in a chosen order and sums the batch answers. */
final class Loader {
  private final Http http;
  private final Dataset data;
  long accepted;
  long duplicates;
  long conflicts;

  Loader(Http http, Dataset data) {
    this.http = http;
    this.data = data;
  }

  void createCampaign() {
    Http.Response r = http.put("/campaigns/" + data.campaignId, data.campaignBody());
    assertEquals(201, r.status(), r.raw().body());
  }

  void exposures(List<ObjectNode> records, int batch) {
    for (String body : Dataset.bodies("exposures", records, batch)) {
      count(http.post("/campaigns/" + data.campaignId + "/exposures", body));
    }
  }

  void outcomes(List<ObjectNode> records, int batch) {
    for (String body : Dataset.bodies("outcomes", records, batch)) {
      count(http.post("/outcomes", body));
    }
  }

  /**
   * Records in the given mixed order, cut into batches wherever the kind changes or a batch is
   * full.
   */
  void mixed(List<ObjectNode[]> order, int batch) {
    List<ObjectNode> run = new ArrayList<>();
    boolean exposures = order.get(0)[0] != null;
    for (ObjectNode[] r : order) {
      boolean isExposure = r[0] != null;
      if (isExposure != exposures || run.size() == batch) {
        flush(run, exposures);
        exposures = isExposure;
      }
      run.add(isExposure ? r[0] : r[1]);
    }
    flush(run, exposures);
  }

  /**
   * Records in the given mixed order, cut into chunks of {@code chunk}; each chunk's exposures and
   * outcomes go as two batches, in a seeded random order — arrival stays shuffled across the whole
   * dataset.
   */
  void shuffledChunks(List<ObjectNode[]> order, int chunk, long seed) {
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < order.size(); i += chunk) {
      List<ObjectNode> xs = new ArrayList<>();
      List<ObjectNode> os = new ArrayList<>();
      for (ObjectNode[] rec : order.subList(i, Math.min(order.size(), i + chunk))) {
        if (rec[0] != null) {
          xs.add(rec[0]);
        } else {
          os.add(rec[1]);
        }
      }
      boolean exposuresFirst = r.nextBoolean();
      flush(exposuresFirst ? xs : os, exposuresFirst);
      flush(exposuresFirst ? os : xs, !exposuresFirst);
    }
  }

  private void flush(List<ObjectNode> run, boolean exposures) {
    if (run.isEmpty()) {
      return;
    }
    if (exposures) {
      exposures(run, run.size());
    } else {
      outcomes(run, run.size());
    }
    run.clear();
  }

  void count(Http.Response r) {
    assertEquals(200, r.status(), r.raw().body());
    JsonNode j = r.json();
    accepted += j.path("accepted").asLong();
    duplicates += j.path("duplicates").asLong();
    conflicts += j.path("conflicts").asLong();
  }

  /** The group the API assigns to each exposed user who has exposures without an explicit group. */
  Map<String, String> assignments() {
    Map<String, String> out = new HashMap<>();
    for (Dataset.Exposure x : data.exposures) {
      if (x.group() == null && !out.containsKey(x.userId())) {
        JsonNode a =
            http.get("/campaigns/" + data.campaignId + "/assignments/" + x.userId()).json();
        out.put(x.userId(), a.path("group").asText());
      }
    }
    return out;
  }
}
