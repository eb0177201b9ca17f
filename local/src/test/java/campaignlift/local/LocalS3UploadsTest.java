package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import campaignlift.store.Backend;
import campaignlift.store.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Uploads to the twin's S3 go through on their first attempt: what an evaluation writes (a
 * snapshot, then the report twice), again and again. With the body signed in {@code aws-chunked}
 * encoding, as the SDK does on a plain-http endpoint, S3Proxy closed about one connection in twenty
 * and the upload after it was retried (docs/operations.md); {@code Backend} sends uploads to a
 * local S3 server whole.
 */
class LocalS3UploadsTest {
  private static final ExecutionAttribute<Integer> ATTEMPT = new ExecutionAttribute<>("attempt");

  @Test
  void everyUploadTakesOneAttempt() throws Exception {
    TestBackends shared = TestBackends.get();
    List<String> retried = new ArrayList<>();
    ExecutionInterceptor attempts =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            Integer n = attributes.getAttribute(ATTEMPT);
            attributes.putAttribute(ATTEMPT, n == null ? 1 : n + 1);
            if (n != null) {
              synchronized (retried) {
                retried.add(context.httpRequest().encodedPath());
              }
            }
          }
        };
    Map<String, String> env =
        new HashMap<>(shared.template().environment(LocalBackends.LOCAL_BUCKET));
    try (Backend backend =
        Backend.create(
            Tables.fromEnvironment(env), null, shared.backends().s3Endpoint(), attempts)) {
      Random sizes = new Random(1);
      int uploads = 0;
      for (int round = 0; round < 60; round++) {
        for (int kind = 0; kind < 3; kind++) {
          byte[] body = new byte[(kind == 0 ? 15_000 : 90_000) + sizes.nextInt(2_000)];
          Arrays.fill(body, (byte) 'x');
          String key = "uploads-test/" + round + "-" + kind;
          backend
              .s3()
              .putObject(
                  r -> r.bucket(LocalBackends.LOCAL_BUCKET).key(key), RequestBody.fromBytes(body));
          uploads++;
        }
      }
      assertEquals(180, uploads);
    }
    assertEquals(List.of(), retried, "uploads that needed a second attempt");
  }
}
