package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The campaign registry on LocalStack (Testcontainers), whatever {@code -Plocalstack} says: runs
 * when Docker is present and is skipped with the reason printed when it is not.
 */
class LocalStackTest {

  @Test
  void registryWorksOnLocalStack() throws Exception {
    TestBackends localstack = TestBackends.startLocalStack();
    try {
      Http http = new Http(localstack.url());
      String id = Campaigns.uniqueId("localstack");
      assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
      assertEquals(id, http.get("/campaigns/" + id).json().path("campaignId").asText());
    } finally {
      localstack.close();
    }
  }
}
