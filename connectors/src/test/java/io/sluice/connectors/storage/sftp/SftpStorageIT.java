package io.sluice.connectors.storage.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.DelayOverflowStrategy;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP store against a real SFTP server: listing, reading from an offset, staged writes, deletes. */
class SftpStorageIT {
  private static ActorSystem system;
  private static Materializer materializer;
  private static SftpTestServer server;
  private static SftpStorage storage;

  @TempDir static Path serverRoot;
  @TempDir static Path clientDir;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("SftpStorageIT");
    materializer = Materializer.matFromSystem(system);
    server = SftpTestServer.start(serverRoot);
    Path knownHosts = server.knownHosts(clientDir.resolve("known_hosts"), server.port());
    storage = SftpStorage.create(system, SftpSettings.create(ConfigFactory.parseMap(Map.of(
        "user", SftpTestServer.USER,
        "password", SftpTestServer.PASSWORD,
        "known-hosts", knownHosts.toString()))));
  }

  @AfterAll
  static void stop() throws Exception {
    TestKit.shutdownActorSystem(system);
    server.close();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static URI uri(String serverPath) throws Exception {
    // The multi-argument constructor quotes what URI.create refuses, such as the braces of a glob.
    return new URI("sftp", null, "127.0.0.1", server.port(), serverPath, null, null);
  }

  private static List<String> listed(String serverPath) throws Exception {
    return await(storage.list(uri(serverPath))).stream()
        .map(o -> o.uri().getPath() + "=" + o.size())
        .toList();
  }

  private static void put(String serverPath, String content) throws Exception {
    server.put(serverPath, content.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] read(StoredObject object, long offset) throws Exception {
    ByteString all = await(storage.read(object, offset).runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
    return all.toArray();
  }

  private static List<String> namesIn(String serverDirectory) throws Exception {
    try (Stream<Path> entries = Files.list(server.file(serverDirectory))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void listsEveryVisibleFileBelowADirectorySortedByUri() throws Exception {
    put("/list/b.csv", "bb");
    put("/list/a/z.csv", "z");
    put("/list/a/deeper/y.csv", "yyyy");
    put("/list/.hidden.csv", "h");
    put("/list/_SUCCESS", "");
    put("/list/_errors/part-00000.jsonl", "{}");
    put("/list/.staging/x.csv", "x");
    assertEquals(List.of("/list/a/deeper/y.csv=4", "/list/a/z.csv=1", "/list/b.csv=2"), listed("/list/"));
    assertEquals(listed("/list/"), listed("/list"));
  }

  @Test
  void listsOneFileAsItself() throws Exception {
    put("/one/data.csv", "12345");
    assertEquals(List.of("/one/data.csv=5"), listed("/one/data.csv"));
  }

  @Test
  void listsWhatAGlobInTheLastSegmentMatches() throws Exception {
    put("/glob/part-1.csv", "1");
    put("/glob/part-2.csv", "22");
    put("/glob/part-3.csv", "333");
    put("/glob/part-1.json", "{}");
    put("/glob/.part-9.csv", "hidden");
    put("/glob/a.txt", "a");
    put("/glob/b.txt", "b");
    assertEquals(List.of("/glob/part-1.csv=1", "/glob/part-2.csv=2", "/glob/part-3.csv=3"), listed("/glob/*.csv"));
    assertEquals(List.of("/glob/part-1.csv=1", "/glob/part-3.csv=3"), listed("/glob/part-{1,3}.csv"));
    assertEquals(List.of("/glob/part-2.csv=2"), listed("/glob/part-[2].csv"));
    assertEquals(List.of("/glob/a.txt=1", "/glob/b.txt=1"), listed("/glob/?.txt"));
  }

  @Test
  void listsNothingWhereNothingIs() throws Exception {
    assertEquals(List.of(), listed("/no/such/place"));
    assertEquals(List.of(), listed("/no/such/*.csv"));
    Files.createDirectories(server.file("/empty"));
    assertEquals(List.of(), listed("/empty/"));
  }

  @Test
  void readsAFileFromTheStartAndFromAnOffset() throws Exception {
    byte[] content = randomBytes(200_001, 1);
    server.put("/read/data.bin", content);
    StoredObject object = await(storage.list(uri("/read/data.bin"))).get(0);
    assertEquals(content.length, object.size());
    assertArrayEquals(content, read(object, 0));
    byte[] tail = new byte[content.length - 70_001];
    System.arraycopy(content, 70_001, tail, 0, tail.length);
    assertArrayEquals(tail, read(object, 70_001));
    assertArrayEquals(new byte[0], read(object, content.length));
  }

  @Test
  void readingAMissingFileFailsNamingIt() throws Exception {
    StoredObject missing = new StoredObject(uri("/read/missing.bin"), 10);
    ExecutionException e = assertThrows(ExecutionException.class, () -> read(missing, 0));
    assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("/read/missing.bin"), e.getCause().getMessage());
    assertTrue(e.getCause().getMessage().contains("no such file"), e.getCause().getMessage());
  }

  @Test
  void aWriteAppearsUnderItsNameOnlyOnCommit() throws Exception {
    byte[] content = randomBytes(300_000, 2);
    URI target = uri("/out/new/dirs/part-00000.csv");
    StagedWrite staged = await(Source.from(List.of(
            ByteString.fromArray(content, 0, 100_000), ByteString.fromArray(content, 100_000, 200_000)))
        .runWith(storage.write(target), materializer));

    assertFalse(Files.exists(server.file("/out/new/dirs/part-00000.csv")));
    List<String> staging = namesIn("/out/new/dirs");
    assertEquals(1, staging.size());
    assertTrue(staging.get(0).startsWith(".part-00000.csv.") && staging.get(0).endsWith(".tmp"), staging.toString());
    assertEquals(List.of(), listed("/out/new/dirs/"));
    assertEquals(content.length, staged.bytes());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), staged.sha256());
    assertEquals(target, staged.target());

    await(staged.commit());
    assertArrayEquals(content, Files.readAllBytes(server.file("/out/new/dirs/part-00000.csv")));
    assertEquals(List.of("part-00000.csv"), namesIn("/out/new/dirs"));
  }

  @Test
  void aCommitReplacesWhatWasThere() throws Exception {
    put("/replace/part.csv", "old content");
    StagedWrite staged = await(Source.single(ByteString.fromString("new"))
        .runWith(storage.write(uri("/replace/part.csv")), materializer));
    await(staged.commit());
    assertEquals("new", Files.readString(server.file("/replace/part.csv")));
    assertEquals(List.of("part.csv"), namesIn("/replace"));
  }

  @Test
  void anEmptyStreamStagesAnEmptyFile() throws Exception {
    StagedWrite staged = await(Source.<ByteString>empty().runWith(storage.write(uri("/empty-write/e.csv")), materializer));
    assertEquals(0, staged.bytes());
    await(staged.commit());
    assertEquals(0, Files.size(server.file("/empty-write/e.csv")));
  }

  @Test
  void abortLeavesNothingBehind() throws Exception {
    StagedWrite staged = await(Source.single(ByteString.fromString("data"))
        .runWith(storage.write(uri("/abort/part.csv")), materializer));
    await(staged.abort());
    await(staged.abort());
    assertEquals(List.of(), namesIn("/abort"));
  }

  @Test
  void aFailedStreamLeavesNothingBehindAndFails() throws Exception {
    IllegalStateException boom = new IllegalStateException("upstream broke");
    // The failure comes after the first bytes; they are spooled locally, so nothing reaches the server at all.
    Source<ByteString, ?> failing = Source.single(ByteString.fromString("some bytes"))
        .concat(Source.single(ByteString.fromString("never stored"))
            .delay(Duration.ofMillis(500), DelayOverflowStrategy.backpressure())
            .map(chunk -> {
              throw boom;
            }));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(failing.runWith(storage.write(uri("/failed/part.csv")), materializer)));
    assertEquals(boom, e.getCause());
    assertFalse(Files.exists(server.file("/failed")), "not even the directory was made");
  }

  @Test
  void deletesAFileAndAcceptsAMissingOne() throws Exception {
    put("/delete/gone.csv", "x");
    await(storage.delete(uri("/delete/gone.csv")));
    assertFalse(Files.exists(server.file("/delete/gone.csv")));
    await(storage.delete(uri("/delete/gone.csv")));
  }

  @Test
  void listedUrisReadBack() throws Exception {
    put("/roundtrip/a b.csv", "with a space");
    List<StoredObject> found = await(storage.list(uri("/roundtrip/")));
    assertEquals(1, found.size());
    assertEquals("with a space", new String(read(found.get(0), 0), StandardCharsets.UTF_8));
  }
}
