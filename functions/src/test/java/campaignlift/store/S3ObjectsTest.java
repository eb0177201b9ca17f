package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.ingest.ImportBucket;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Downloads cut short are resumed from the byte they stopped at, of the same object version. */
class S3ObjectsTest {
  private static final byte[] OBJECT = object();

  private static byte[] object() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      s.append("{\"eventId\":\"e").append(i).append("\"}\n");
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An S3 client whose every GET ends cleanly after {@code cut} bytes; records the requests. */
  private static S3Client cutting(int cut, List<GetObjectRequest> requests) {
    return (S3Client)
        Proxy.newProxyInstance(
            S3ObjectsTest.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("getObject")) {
                throw new UnsupportedOperationException(method.getName());
              }
              @SuppressWarnings("unchecked")
              Consumer<GetObjectRequest.Builder> c = (Consumer<GetObjectRequest.Builder>) args[0];
              GetObjectRequest.Builder b = GetObjectRequest.builder();
              c.accept(b);
              GetObjectRequest request = b.build();
              requests.add(request);
              if (request.key().equals("absent")) {
                throw NoSuchKeyException.builder().message("no").build();
              }
              int from = 0;
              if (request.range() != null) {
                from = Integer.parseInt(request.range().replaceAll("[^0-9]", ""));
              }
              int to = Math.min(OBJECT.length, from + cut);
              GetObjectResponse response =
                  GetObjectResponse.builder()
                      .contentLength((long) OBJECT.length - from)
                      .eTag("\"v1\"")
                      .build();
              return new ResponseInputStream<>(
                  response,
                  AbortableInputStream.create(
                      new ByteArrayInputStream(OBJECT, from, to - from), () -> {}));
            });
  }

  @Test
  void aDownloadCutShortIsResumedWithRangedGetsOfTheSameVersion() throws IOException {
    List<GetObjectRequest> requests = new ArrayList<>();
    S3Objects objects = new S3Objects(cutting(OBJECT.length / 6 + 1, requests));
    byte[] read;
    try (InputStream in = objects.open("b", "k")) {
      read = in.readAllBytes();
    }
    assertArrayEquals(OBJECT, read);
    assertEquals(6, requests.size());
    assertEquals(null, requests.get(0).range());
    assertTrue(requests.get(1).range().startsWith("bytes=" + (OBJECT.length / 6 + 1) + "-"));
    assertEquals("\"v1\"", requests.get(5).ifMatch());
  }

  @Test
  void aDownloadThatKeepsBreakingFailsInsteadOfEndingEarly() {
    S3Objects objects = new S3Objects(cutting(100, new ArrayList<>()));
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (InputStream in = objects.open("b", "k")) {
                in.readAllBytes();
              }
            });
    assertTrue(e.getMessage().contains("ended after"), e.getMessage());
  }

  @Test
  void aMissingObjectIsReportedAsMissing() {
    S3Objects objects = new S3Objects(cutting(100, new ArrayList<>()));
    assertThrows(ImportBucket.Missing.class, () -> objects.open("b", "absent"));
  }
}
