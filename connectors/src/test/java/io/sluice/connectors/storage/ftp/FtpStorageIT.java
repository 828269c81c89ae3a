package io.sluice.connectors.storage.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.StorageException;
import io.sluice.connectors.storage.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FTP store against a real server: listing, reading from an offset, staged writes that appear
 * only on commit, deletes, the bound on connections, and failures that name the problem but not
 * the password.
 */
class FtpStorageIT {
  private static ActorSystem system;
  private static Materializer materializer;

  @TempDir Path home;
  private FtpTestServer server;
  private FtpStorage storage;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("FtpStorageIT");
    materializer = Materializer.matFromSystem(system);
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  @BeforeEach
  void startServer() throws Exception {
    server = FtpTestServer.start(home);
    storage = FtpStorage.create(system, settings());
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private static FtpSettings settings() {
    return FtpSettings.defaults()
        .withUser(FtpTestServer.USER)
        .withPassword(FtpTestServer.PASSWORD)
        .withRetryBackoff(Duration.ofMillis(10));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private URI uri(String path) {
    return URI.create("ftp://127.0.0.1:" + server.port() + path);
  }

  private Path file(String relative, String content) throws IOException {
    Path path = home.resolve(relative);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, content);
  }

  private List<String> listed(String path) throws Exception {
    String prefix = "ftp://127.0.0.1:" + server.port();
    return await(storage.list(uri(path))).stream()
        .map(o -> o.uri().toString().substring(prefix.length()) + "=" + o.size())
        .toList();
  }

  private static ByteString readAll(Source<ByteString, ?> source) throws Exception {
    return await(source.runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
  }

  @Test
  void listsEveryVisibleFileBelowADirectorySortedByUri() throws Exception {
    file("in/b.csv", "bb");
    file("in/a/z.csv", "z");
    file("in/a/y.csv", "yyy");
    file("in/_SUCCESS", "");
    file("in/.part.tmp", "x");
    file("in/_errors/part-00000.jsonl", "{}");
    file("in/.hidden/c.csv", "c");
    file("in/a/_tmp.csv", "t");
    List<String> expected = List.of("/in/a/y.csv=3", "/in/a/z.csv=1", "/in/b.csv=2");
    assertEquals(expected, listed("/in/"));
    assertEquals(expected, listed("/in"));
  }

  @Test
  void listsTheWholeServerFromItsRoot() throws Exception {
    file("x/one.csv", "1");
    file("two.csv", "22");
    assertEquals(List.of("/two.csv=2", "/x/one.csv=1"), listed("/"));
  }

  @Test
  void listsOneFileAsItselfAndNothingForAMissingPath() throws Exception {
    file("in/one.csv", "12345");
    assertEquals(List.of(new StoredObject(uri("/in/one.csv"), 5)), await(storage.list(uri("/in/one.csv"))));
    assertEquals(List.of(), listed("/in/missing.csv"));
    assertEquals(List.of(), listed("/nowhere/"));
    assertEquals(List.of(), listed("/nowhere/*.csv"));
  }

  @Test
  void listsWhatAGlobInTheLastSegmentMatches() throws Exception {
    file("g/part-1.csv", "1");
    file("g/part-2.csv", "22");
    file("g/part-3.json", "3");
    file("g/_part-4.csv", "4");
    file("g/day-1/x.csv", "x");
    file("g/day-2/y.csv", "y");
    assertEquals(List.of("/g/part-1.csv=1", "/g/part-2.csv=2"), listed("/g/*.csv"));
    assertEquals(List.of("/g/part-1.csv=1", "/g/part-3.json=1"), listed("/g/part-%7B1,3%7D.*"));
    assertEquals(List.of("/g/part-2.csv=2"), listed("/g/part-%5B2-9%5D.csv"));
    assertEquals(List.of("/g/part-1.csv=1", "/g/part-2.csv=2"), listed("/g/part-?.c?v".replace("?", "%3F")));
    assertEquals(List.of("/g/day-1/x.csv=1", "/g/day-2/y.csv=1"), listed("/g/day-*"));
  }

  @Test
  void namesFilesWithTheDefaultPortWhenTheUriHasNone() throws Exception {
    FtpStorage other = FtpStorage.create(system, settings());
    URI location = URI.create("ftp://127.0.0.1/in/");
    // Nothing listens on port 21 here; what matters is the location the failure names.
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(other.list(location)));
    assertTrue(e.getCause().getMessage().contains("127.0.0.1:21"), e.getCause().getMessage());
  }

  @Test
  void readsFromTheStartAndFromAnOffset() throws Exception {
    byte[] content = randomBytes(300_000);
    Files.createDirectories(home.resolve("data"));
    Files.write(home.resolve("data/blob.bin"), content);
    StoredObject object = await(storage.list(uri("/data/blob.bin"))).get(0);
    assertEquals(content.length, object.size());

    assertArrayEquals(content, readAll(storage.read(object, 0)).toArray());
    byte[] tail = java.util.Arrays.copyOfRange(content, 123_457, content.length);
    assertArrayEquals(tail, readAll(storage.read(object, 123_457)).toArray());
    assertEquals(0, readAll(storage.read(object, content.length)).size());
  }

  @Test
  void aCancelledReadLeavesAConnectionThatStillWorks() throws Exception {
    FtpStorage single = FtpStorage.create(system, settings().withMaxConnections(1));
    Files.write(home.resolve("big.bin"), randomBytes(4_000_000));
    file("small.txt", "hello");
    StoredObject big = await(single.list(uri("/big.bin"))).get(0);
    for (int i = 0; i < 3; i++) {
      ByteString first = await(single.read(big, 1000).take(1).runWith(Sink.head(), materializer));
      assertTrue(first.size() > 0);
    }
    StoredObject small = await(single.list(uri("/small.txt"))).get(0);
    assertEquals("hello", readAll(single.read(small, 0)).utf8String());
  }

  @Test
  void aFailedReadGivesItsConnectionBack() throws Exception {
    FtpStorage single = FtpStorage.create(system, settings().withMaxConnections(1));
    StoredObject missing = new StoredObject(uri("/missing.bin"), 10);
    ExecutionException e = assertThrows(ExecutionException.class, () -> readAll(single.read(missing, 0)));
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("550"), failure.getMessage());
    file("there.txt", "still works");
    assertEquals("still works", readAll(single.read(await(single.list(uri("/there.txt"))).get(0), 0)).utf8String());
  }

  @Test
  void worksInActiveModeToo() throws Exception {
    FtpStorage active = FtpStorage.create(system, settings().withPassive(false));
    file("act/one.txt", "active");
    StoredObject object = await(active.list(uri("/act/"))).get(0);
    assertEquals("active", readAll(active.read(object, 0)).utf8String());
    StagedWrite staged = await(Source.single(ByteString.fromString("up")).runWith(active.write(uri("/act/two.txt")), materializer));
    await(staged.commit());
    assertEquals("up", Files.readString(home.resolve("act/two.txt")));
  }

  @Test
  void makesAWriteVisibleOnlyAtCommitWithItsSizeAndHash() throws Exception {
    URI target = uri("/out/run/part-00000.csv");
    List<ByteString> chunks = List.of(ByteString.fromString("id,p\n"), ByteString.fromString("1,0.5\n"));
    StagedWrite staged = await(Source.from(chunks).runWith(storage.write(target), materializer));

    Path written = home.resolve("out/run/part-00000.csv");
    assertFalse(Files.exists(written));
    assertEquals(1, entries(written.getParent()).size(), "one temporary file");
    assertTrue(entries(written.getParent()).get(0).getFileName().toString().startsWith(".part-00000.csv."));
    assertEquals(List.of(), listed("/out/run/"), "the temporary file is hidden");
    byte[] expected = "id,p\n1,0.5\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(expected.length, staged.bytes());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)), staged.sha256());
    assertEquals(target, staged.target());

    await(staged.commit());
    assertEquals("id,p\n1,0.5\n", Files.readString(written));
    assertEquals(List.of(written), entries(written.getParent()));
    await(staged.abort());
    assertTrue(Files.exists(written), "abort after commit leaves the committed file");
  }

  @Test
  void replacesAnExistingFileOnCommit() throws Exception {
    Path existing = file("out.csv", "old");
    StagedWrite staged =
        await(Source.single(ByteString.fromString("new")).runWith(storage.write(uri("/out.csv")), materializer));
    assertEquals("old", Files.readString(existing));
    await(staged.commit());
    assertEquals("new", Files.readString(existing));
  }

  @Test
  void writesAnEmptyFile() throws Exception {
    StagedWrite staged = await(Source.<ByteString>empty().runWith(storage.write(uri("/e/empty.csv")), materializer));
    await(staged.commit());
    assertEquals(0, Files.size(home.resolve("e/empty.csv")));
  }

  @Test
  void leavesNothingBehindWhenTheStreamFails() throws Exception {
    Source<ByteString, ?> failing =
        Source.single(ByteString.fromString("partial"))
            .concat(Source.failed(new IllegalStateException("model crashed")));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> await(failing.runWith(storage.write(uri("/out/part-00001.csv")), materializer)));
    assertEquals("model crashed", e.getCause().getMessage());
    assertEquals(List.of(), entries(home.resolve("out")));
  }

  @Test
  void removesTheTemporaryFileOnAbort() throws Exception {
    StagedWrite staged =
        await(Source.single(ByteString.fromString("x")).runWith(storage.write(uri("/part-00002.csv")), materializer));
    await(staged.abort());
    await(staged.abort());
    assertEquals(List.of(), entries(home));
  }

  @Test
  void deletesAFileAndSucceedsWhenItIsAlreadyGone() throws Exception {
    Path path = file("gone.csv", "x");
    await(storage.delete(uri("/gone.csv")));
    assertFalse(Files.exists(path));
    await(storage.delete(uri("/gone.csv")));
  }

  @Test
  void aWrongPasswordFailsNamingTheProblemButNotThePassword() throws Exception {
    String wrong = "Wr0ng-Secret-99";
    FtpStorage bad = FtpStorage.create(system, settings().withPassword(wrong));
    long started = System.nanoTime();
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(bad.list(uri("/"))));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15);
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("login as 'ana'"), failure.getMessage());
    assertTrue(failure.getMessage().contains("530"), failure.getMessage());
    assertTrue(failure.getMessage().contains("ftp://127.0.0.1:" + server.port() + "/"), failure.getMessage());
    assertNoSecretIn(failure, wrong);
  }

  @Test
  void anUnknownHostFailsNamingTheHost() throws Exception {
    long started = System.nanoTime();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> await(storage.list(URI.create("ftp://no-such-host.invalid/in/"))));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15);
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("no-such-host.invalid"), failure.getMessage());
    assertTrue(failure.getMessage().contains("unknown host"), failure.getMessage());
    assertNoSecretIn(failure, FtpTestServer.PASSWORD);
  }

  @Test
  void aRefusedConnectionFailsNamingThePort() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> await(storage.list(URI.create("ftp://127.0.0.1:" + closedPort + "/"))));
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
    assertNoSecretIn(failure, FtpTestServer.PASSWORD);
  }

  @Test
  void refusesCredentialsInTheUri() {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> await(storage.list(URI.create("ftp://ana:pw@127.0.0.1/in/"))));
    StorageException failure = assertInstanceOf(StorageException.class, e.getCause());
    assertFalse(failure.getMessage().contains("pw@"), failure.getMessage());
  }

  @Test
  void neverOpensMoreThanMaxConnectionsAtOnce() throws Exception {
    FtpStorage pooled = FtpStorage.create(system, settings().withMaxConnections(2));
    byte[] content = randomBytes(1_000_000);
    Files.write(home.resolve("shared.bin"), content);
    StoredObject object = await(pooled.list(uri("/shared.bin"))).get(0);
    List<CompletionStage<ByteString>> reads =
        Stream.generate(
                () ->
                    pooled
                        .read(object, 0)
                        .throttle(8, Duration.ofMillis(10))
                        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer))
            .limit(8)
            .toList();
    List<CompletionStage<List<StoredObject>>> listings =
        Stream.generate(() -> pooled.list(uri("/"))).limit(8).toList();
    for (CompletionStage<ByteString> read : reads) assertArrayEquals(content, await(read).toArray());
    for (CompletionStage<List<StoredObject>> listing : listings) assertEquals(1, await(listing).size());
    assertEquals(2, server.peakConnections());
  }

  static void assertNoSecretIn(Throwable failure, String secret) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(secret), "secret in: " + t);
      assertFalse(t.toString().contains(secret), "secret in: " + t);
    }
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static List<Path> entries(Path directory) throws IOException {
    if (!Files.exists(directory)) return List.of();
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    }
  }
}
