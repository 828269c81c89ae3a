package io.sluice.connectors.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.testing.DroppingProxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 store against a real S3 server (Adobe S3Mock, started as a child JVM): listing, ranged
 * and resumed reads, staged writes that appear only on commit, and failures that name the problem.
 */
class S3StorageIT {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static S3MockServer s3;
  private static ActorSystem system;
  private static S3Storage storage;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3MockServer.start("in", "out");
    system = ActorSystem.create("S3StorageIT");
    storage = S3Storage.create(system, settingsFor(s3.endpoint()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) TestKit.shutdownActorSystem(system);
    if (s3 != null) s3.close();
  }

  private static S3Settings settingsFor(String endpoint) {
    return S3Settings.defaults()
        .withEndpoint(endpoint)
        .withPathStyleAccess(true)
        .withRegion("us-east-1")
        .withCredentials("AKIDEXAMPLE", SECRET)
        .withRetryBackoff(Duration.ofMillis(50));
  }

  // --- listing -------------------------------------------------------------------------------

  @Test
  void listsADirectoryRecursivelySortedWithoutHiddenNames() throws Exception {
    for (String key : List.of("list/b.csv", "list/a.csv", "list/sub/c.csv", "list/x.json", "list/_SUCCESS",
        "list/.a.csv.crc", "list/_errors/part-00000.jsonl", "listing/elsewhere.csv")) {
      put("in", key, bytes(key.length() * 10, key.hashCode()));
    }
    List<String> expected = List.of("s3://in/list/a.csv", "s3://in/list/b.csv", "s3://in/list/sub/c.csv", "s3://in/list/x.json");
    assertEquals(expected, uris(await(storage.list(URI.create("s3://in/list/")))));
    assertEquals(expected, uris(await(storage.list(URI.create("s3://in/list")))));
    List<StoredObject> listed = await(storage.list(URI.create("s3://in/list/")));
    assertEquals("list/a.csv".length() * 10L, listed.get(0).size());
  }

  @Test
  void aGlobFiltersTheLastSegmentAndAKeyListsItself() throws Exception {
    for (String key : List.of("glob/p-1.csv", "glob/p-2.csv", "glob/p-3.json", "glob/q-1.csv", "glob/_p-4.csv")) {
      put("in", key, bytes(100, 7));
    }
    assertEquals(List.of("s3://in/glob/p-1.csv", "s3://in/glob/p-2.csv"),
        uris(await(storage.list(URI.create("s3://in/glob/p-*.csv")))));
    assertEquals(List.of("s3://in/glob/p-1.csv", "s3://in/glob/q-1.csv"),
        uris(await(storage.list(URI.create("s3://in/glob/%3F-1.%7Bcsv,json%7D")))));
    List<StoredObject> one = await(storage.list(URI.create("s3://in/glob/p-3.json")));
    assertEquals(List.of(new StoredObject(URI.create("s3://in/glob/p-3.json"), 100)), one);
  }

  @Test
  void nothingThereListsAsEmpty() throws Exception {
    assertEquals(List.of(), await(storage.list(URI.create("s3://in/no-such-dir/"))));
    assertEquals(List.of(), await(storage.list(URI.create("s3://in/no-such-key.csv"))));
    assertEquals(List.of(), await(storage.list(URI.create("s3://in/no-such-dir/*.csv"))));
  }

  // --- reading -------------------------------------------------------------------------------

  @Test
  void readsFromTheStartAndFromAnOffset() throws Exception {
    byte[] data = bytes(300 * 1024 + 17, 1);
    put("in", "read/data.bin", data);
    StoredObject object = await(storage.list(URI.create("s3://in/read/data.bin"))).get(0);
    assertEquals(data.length, object.size());
    assertArrayEquals(data, readAll(storage, object, 0));
    int offset = 123_457;
    assertArrayEquals(java.util.Arrays.copyOfRange(data, offset, data.length), readAll(storage, object, offset));
    assertArrayEquals(new byte[0], readAll(storage, object, data.length));
  }

  @Test
  void aReadCutOffMidwayResumesWhereItStopped() throws Exception {
    byte[] data = bytes(1024 * 1024, 2);
    put("in", "resume/big.bin", data);
    TestKit warnings = new TestKit(system);
    system.getEventStream().subscribe(warnings.getRef(), Logging.Warning.class);
    try (DroppingProxy proxy = new DroppingProxy(s3.port(), 100 * 1024, 3)) {
      S3Storage throughProxy = S3Storage.create(system, settingsFor("http://127.0.0.1:" + proxy.port()));
      StoredObject object = new StoredObject(URI.create("s3://in/resume/big.bin"), data.length);
      assertArrayEquals(data, readAll(throughProxy, object, 0));
      assertEquals(3, proxy.dropped());
    }
    List<String> reopens = new ArrayList<>();
    for (Object event : warnings.receiveWhile(Duration.ofSeconds(2), Duration.ofMillis(300), 100, e -> e)) {
      String message = String.valueOf(((Logging.Warning) event).message());
      if (message.startsWith("reopening s3://in/resume/big.bin at offset ")) reopens.add(message);
    }
    assertFalse(reopens.isEmpty(), "expected WARN lines about reopening");
    assertTrue(reopens.stream().noneMatch(m -> m.contains(SECRET)));
    system.getEventStream().unsubscribe(warnings.getRef());
  }

  @Test
  void aMissingObjectFailsTheRead() {
    StoredObject gone = new StoredObject(URI.create("s3://in/read/gone.bin"), 10);
    StorageException failure = failure(Source.fromGraph(storage.read(gone, 0)).runWith(Sink.ignore(), system));
    assertTrue(failure.getMessage().startsWith("s3://in/read/gone.bin: reading from offset 0 failed: NoSuchKey"), failure.getMessage());
  }

  // --- writing -------------------------------------------------------------------------------

  @Test
  void smallAndMultipartWritesAppearOnlyOnCommit() throws Exception {
    for (int size : new int[] {0, 1000, 12 * 1024 * 1024 + 5, 10 * 1024 * 1024}) {
      byte[] data = bytes(size, size);
      URI target = URI.create("s3://out/write/part-" + size + ".csv");
      StagedWrite staged = await(chunked(data, 64 * 1024).runWith(storage.write(target), system));
      assertEquals(target, staged.target());
      assertEquals(size, staged.bytes());
      assertEquals(sha256(data), staged.sha256());
      assertEquals(404, status("out", "write/part-" + size + ".csv"), "visible before commit: " + size);
      assertEquals(List.of(), await(storage.list(target)));
      await(staged.commit());
      assertArrayEquals(data, get("out", "write/part-" + size + ".csv"), "committed bytes of " + size);
      assertEquals(List.of(new StoredObject(target, size)), await(storage.list(target)));
      await(staged.abort()); // after a commit: the object stays
      assertEquals(200, status("out", "write/part-" + size + ".csv"));
    }
    assertEquals("", openUploads("out"));
  }

  @Test
  void abortAndFailedStreamsLeaveNothing() throws Exception {
    URI aborted = URI.create("s3://out/abort/part-00000.csv");
    StagedWrite staged = await(chunked(bytes(7 * 1024 * 1024, 3), 100_000).runWith(storage.write(aborted), system));
    await(staged.abort());
    await(staged.abort());
    assertThrows(ExecutionException.class, () -> await(staged.commit()));

    URI failed = URI.create("s3://out/abort/part-00001.csv");
    RuntimeException boom = new RuntimeException("upstream broke");
    CompletionStage<StagedWrite> failing = chunked(bytes(11 * 1024 * 1024, 4), 100_000)
        .concat(Source.failed(boom))
        .runWith(storage.write(failed), system);
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> await(failing));
    assertEquals(boom, thrown.getCause());

    URI failedSmall = URI.create("s3://out/abort/part-00002.csv");
    assertThrows(ExecutionException.class,
        () -> await(chunked(bytes(1000, 5), 100).concat(Source.failed(boom)).runWith(storage.write(failedSmall), system)));

    assertEquals(List.of(), await(storage.list(URI.create("s3://out/abort/"))));
    assertEquals(List.of(), listAllKeys("out", "abort/"));
    assertEquals("", openUploads("out"));
  }

  @Test
  void deletesAnObjectAndToleratesAMissingOne() throws Exception {
    put("out", "delete/x.csv", bytes(10, 9));
    await(storage.delete(URI.create("s3://out/delete/x.csv")));
    assertEquals(404, status("out", "delete/x.csv"));
    await(storage.delete(URI.create("s3://out/delete/x.csv")));
  }

  // --- failures ------------------------------------------------------------------------------

  @Test
  void anUnknownBucketFailsNamingIt() {
    StorageException failure = failure(storage.list(URI.create("s3://no-such-bucket/in/")));
    assertTrue(failure.getMessage().startsWith("s3://no-such-bucket/in/: listing failed: NoSuchBucket"), failure.getMessage());
    assertFalse(failure.getMessage().contains(SECRET));
  }

  @Test
  void writingToAnUnknownBucketFailsNamingIt() throws Exception {
    URI big = URI.create("s3://no-such-bucket/out/part-00000.csv");
    StorageException writing = failure(chunked(bytes(6 * 1024 * 1024, 6), 100_000).runWith(storage.write(big), system));
    assertTrue(writing.getMessage().startsWith("s3://no-such-bucket/out/part-00000.csv: writing failed: NoSuchBucket"), writing.getMessage());
    URI small = URI.create("s3://no-such-bucket/out/part-00001.csv");
    StagedWrite staged = await(chunked(bytes(10, 6), 5).runWith(storage.write(small), system));
    StorageException committing = failure(staged.commit());
    assertTrue(committing.getMessage().startsWith("s3://no-such-bucket/out/part-00001.csv: committing failed: NoSuchBucket"), committing.getMessage());
  }

  @Test
  void wrongCredentialsFailNamingTheProblemButNotTheSecret() throws Exception {
    try (RefusingS3Server refusing = new RefusingS3Server()) {
      S3Storage refused = S3Storage.create(system, settingsFor(refusing.endpoint()));
      StorageException listing = failure(refused.list(URI.create("s3://in/data/")));
      assertTrue(listing.getMessage().startsWith("s3://in/data/: listing failed: SignatureDoesNotMatch"), listing.getMessage());
      assertTrue(listing.getMessage().contains("HTTP 403"), listing.getMessage());
      StorageException head = failure(refused.list(URI.create("s3://in/data/a.csv")));
      assertTrue(head.getMessage().contains("HTTP 403"), head.getMessage());
      StorageException reading = failure(refused.read(new StoredObject(URI.create("s3://in/a.csv"), 5), 0).runWith(Sink.ignore(), system));
      assertTrue(reading.getMessage().contains("SignatureDoesNotMatch"), reading.getMessage());
      for (StorageException e : List.of(listing, head, reading)) assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
  }

  @Test
  void anUnreachableEndpointFailsInsteadOfHanging() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Storage unreachable = S3Storage.create(system, settingsFor("http://127.0.0.1:" + closedPort).withReadRetries(2));
    long started = System.nanoTime();
    StorageException failure = failure(unreachable.list(URI.create("s3://in/data/")));
    assertTrue(failure.getMessage().startsWith("s3://in/data/: listing failed: "), failure.getMessage());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15), "took too long");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static StorageException failure(CompletionStage<?> stage) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> await(stage));
    return assertInstanceOf(StorageException.class, thrown.getCause());
  }

  private static byte[] readAll(S3Storage from, StoredObject object, long offset) throws Exception {
    ByteString all = await(from.read(object, offset).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system));
    return all.toArray();
  }

  private static Source<ByteString, ?> chunked(byte[] data, int chunk) {
    List<ByteString> chunks = new ArrayList<>();
    for (int i = 0; i < data.length; i += chunk) chunks.add(ByteString.fromArray(data, i, Math.min(chunk, data.length - i)));
    return Source.from(chunks);
  }

  private static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static List<String> uris(List<StoredObject> objects) {
    return objects.stream().map(o -> o.uri().toString()).toList();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  // Plain HTTP to S3Mock (which checks no signatures), to set up and inspect without the code under test.

  private static URI url(String bucket, String keyOrQuery) {
    return URI.create(s3.endpoint() + "/" + bucket + "/" + keyOrQuery);
  }

  private static void put(String bucket, String key, byte[] data) throws Exception {
    HttpResponse<String> answer = HTTP.send(
        HttpRequest.newBuilder(url(bucket, key)).header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
  }

  private static int status(String bucket, String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(url(bucket, key)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] get(String bucket, String key) throws Exception {
    HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(url(bucket, key)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode());
    return answer.body();
  }

  private static List<String> listAllKeys(String bucket, String prefix) throws Exception {
    String xml = HTTP.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + bucket + "?list-type=2&prefix=" + prefix)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    List<String> keys = new ArrayList<>();
    for (String piece : xml.split("<Key>")) {
      if (piece.contains("</Key>")) keys.add(piece.substring(0, piece.indexOf("</Key>")));
    }
    return keys;
  }

  /** The {@code <Upload>} entries of the bucket's open multipart uploads, concatenated. */
  private static String openUploads(String bucket) throws Exception {
    String xml = HTTP.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + bucket + "?uploads")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    StringBuilder uploads = new StringBuilder();
    for (String piece : xml.split("<Upload>")) {
      if (piece.contains("</Upload>")) uploads.append(piece, 0, piece.indexOf("</Upload>"));
    }
    return uploads.toString();
  }
}
