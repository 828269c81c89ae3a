package io.sluice.connectors.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.contract.StorageContractSuite;
import io.sluice.connectors.storage.contract.StoreUnderTest;
import io.sluice.connectors.testing.DroppingProxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;

/**
 * The storage contract for S3, against Adobe S3Mock started as a child JVM; set up and checked
 * with plain HTTP (S3Mock checks no signatures), and a server that refuses every signature for
 * the wrong-secret case.
 */
class S3StorageContractIT extends StorageContractSuite {
  private static final String BUCKET = "contract";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCONTRACTKEY";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Override
  protected StoreUnderTest startStore(ActorSystem system, Path scratch) throws Exception {
    S3MockServer s3 = S3MockServer.start(BUCKET);
    S3Settings settings = settingsFor(s3.endpoint());
    Storage storage = S3Storage.create(system, settings);
    return new StoreUnderTest() {
      public Storage storage() { return storage; }
      public URI base() { return URI.create("s3://" + BUCKET + "/"); }

      public void put(String relative, byte[] content) throws Exception {
        HttpResponse<String> answer = HTTP.send(
            HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + BUCKET + "/" + relative))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
      }

      public List<String> namesOnServer(String relativeDir) throws Exception {
        String xml = HTTP.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + BUCKET + "?list-type=2&prefix="
                + URLEncoder.encode(relativeDir, StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        List<String> keys = new ArrayList<>();
        for (String piece : xml.split("<Key>")) {
          if (piece.contains("</Key>")) keys.add(piece.substring(0, piece.indexOf("</Key>")));
        }
        return keys.stream().sorted().toList();
      }

      public Optional<Cutting> cutting(int cuts, long afterBytes) throws Exception {
        DroppingProxy proxy = new DroppingProxy(s3.port(), afterBytes, cuts);
        Storage through = S3Storage.create(system, settingsFor("http://127.0.0.1:" + proxy.port()));
        return Optional.of(new Cutting(through, base(), proxy::dropped, proxy));
      }

      public Optional<WrongSecret> withWrongSecret() throws Exception {
        RefusingS3Server refusing = new RefusingS3Server();
        system.registerOnTermination(() -> {
          try {
            refusing.close();
          } catch (Exception e) {
            // the test is over
          }
        });
        String wrong = "wrongSecretKey/" + System.nanoTime();
        Storage refused = S3Storage.create(system, settingsFor(refusing.endpoint()).withCredentials("AKIDEXAMPLE", wrong));
        return Optional.of(new WrongSecret(refused, wrong, SECRET));
      }

      public void close() throws Exception { s3.close(); }
    };
  }

  private static S3Settings settingsFor(String endpoint) {
    return S3Settings.defaults()
        .withEndpoint(endpoint)
        .withPathStyleAccess(true)
        .withRegion("us-east-1")
        .withCredentials("AKIDEXAMPLE", SECRET)
        .withRetryBackoff(Duration.ofMillis(50));
  }
}
