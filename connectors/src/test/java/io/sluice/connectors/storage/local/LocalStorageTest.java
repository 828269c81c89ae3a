package io.sluice.connectors.storage.local;

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
import java.util.HexFormat;
import java.util.List;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store: listing, reading from an offset, and staged writes that appear only on commit.
 */
class LocalStorageTest {
  private static ActorSystem system;
  private static Materializer materializer;
  private static LocalStorage storage;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("LocalStorageTest");
    materializer = Materializer.matFromSystem(system);
    storage = LocalStorage.create(system);
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private Path file(String relative, String content) throws IOException {
    Path path = dir.resolve(relative);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, content);
  }

  private List<String> listed(URI location) throws Exception {
    return await(storage.list(location)).stream()
        .map(o -> dir.toUri().relativize(o.uri()).getPath() + "=" + o.size())
        .toList();
  }

  private URI uri(String pathUnderDir) throws Exception {
    return new URI("file", null, dir.toAbsolutePath() + "/" + pathUnderDir, null);
  }

  /**
   * A partition of 16 KiB read as the engine reads it (pulling until its last record ends, then cancelling) costs
   * about its own bytes: before, FileIO's read-ahead read 1 MiB of the file for it. Counted with the kernel's count
   * of bytes this process read ({@code rchar}), so the test runs where there is a {@code /proc}.
   */
  @Test
  void aSmallReadToldItsSizeReadsAboutThatMuchOfALargeFile() throws Exception {
    Path io = Path.of("/proc/self/io");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(io), "no /proc/self/io here");
    Path big = dir.resolve("big.bin");
    Files.write(big, new byte[8 << 20]);
    StoredObject object = new StoredObject(big.toUri(), Files.size(big));
    long offset = 3 << 20;
    int partition = 16 * 1024;
    long before = bytesRead(io);
    long got = await(storage.read(object, offset, partition)
        .scan(0L, (n, chunk) -> n + chunk.size())
        .takeWhile(n -> n < partition + 200, true)
        .runWith(Sink.last(), materializer));
    long read = bytesRead(io) - before;
    assertTrue(got >= partition + 200, "got " + got);
    assertTrue(read < 256 * 1024, "read " + read + " bytes of the file for a partition of " + partition);
  }

  private static long bytesRead(Path io) throws IOException {
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("rchar:")) return Long.parseLong(line.substring(6).trim());
    }
    throw new IllegalStateException("no rchar in " + io);
  }

  @Test
  void listsEveryVisibleFileBelowADirectorySortedByUri() throws Exception {
    file("b.csv", "bb");
    file("a/z.csv", "z");
    file("a/y.csv", "yyy");
    file("_SUCCESS", "");
    file(".part.tmp", "x");
    file("_errors/part-00000.jsonl", "{}");
    file(".hidden/c.csv", "c");
    file("a/_tmp.csv", "t");
    assertEquals(List.of("a/y.csv=3", "a/z.csv=1", "b.csv=2"), listed(dir.toUri()));
  }

  @Test
  void listsOneFileAsItselfAndNothingForAMissingPath() throws Exception {
    Path one = file("in/one.csv", "12345");
    assertEquals(List.of(new StoredObject(one.toUri(), 5)), await(storage.list(one.toUri())));
    assertEquals(List.of(), listed(uri("in/missing.csv")));
    assertEquals(List.of(), listed(uri("nowhere/*.csv")));
  }

  @Test
  void listsWhatAGlobInTheLastSegmentMatches() throws Exception {
    file("part-1.csv", "1");
    file("part-2.csv", "22");
    file("part-3.json", "3");
    file("_part-4.csv", "4");
    file("day-1/x.csv", "x");
    file("day-2/y.csv", "y");
    assertEquals(List.of("part-1.csv=1", "part-2.csv=2"), listed(uri("*.csv")));
    assertEquals(List.of("part-1.csv=1", "part-3.json=1"), listed(uri("part-{1,3}.*")));
    assertEquals(List.of("part-2.csv=2"), listed(uri("part-[2-9].csv")));
    assertEquals(List.of("part-1.csv=1", "part-2.csv=2"), listed(uri("part-?.c?v")));
    assertEquals(List.of("day-1/x.csv=1", "day-2/y.csv=1"), listed(uri("day-*")));
  }

  @Test
  void refusesAUriThatIsNotAnAbsoluteLocalFile() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> await(storage.list(URI.create("file:relative/x"))));
    assertInstanceOf(StorageException.class, e.getCause());
  }

  @Test
  void readsFromAnOffsetToTheEnd() throws Exception {
    Path path = file("data.txt", "0123456789".repeat(10_000));
    StoredObject object = await(storage.list(path.toUri())).get(0);
    ByteString rest =
        await(
            storage
                .read(object, 99_990)
                .runWith(
                    Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
    assertEquals("0123456789", rest.utf8String());
    ByteString all =
        await(
            storage
                .read(object, 0)
                .runWith(
                    Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
    assertEquals(100_000, all.size());
  }

  @Test
  void makesAWriteVisibleOnlyAtCommitWithItsSizeAndHash() throws Exception {
    Path target = dir.resolve("out/run/part-00000.csv");
    List<ByteString> chunks =
        List.of(ByteString.fromString("id,p\n"), ByteString.fromString("1,0.5\n"));
    StagedWrite staged =
        await(Source.from(chunks).runWith(storage.write(target.toUri()), materializer));

    assertFalse(Files.exists(target));
    assertEquals(1, visibleAndHidden(target.getParent()).size(), "one temporary file");
    assertEquals(
        List.of(), await(storage.list(target.getParent().toUri())), "the temporary file is hidden");
    byte[] expected = "id,p\n1,0.5\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(expected.length, staged.bytes());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)),
        staged.sha256());
    assertEquals(target.toUri(), staged.target());

    await(staged.commit());
    assertEquals("id,p\n1,0.5\n", Files.readString(target));
    assertEquals(List.of(target), visibleAndHidden(target.getParent()));
    await(staged.abort());
    assertTrue(Files.exists(target), "abort after commit leaves the committed file");
  }

  @Test
  void replacesAnExistingFileOnCommit() throws Exception {
    Path target = file("out.csv", "old");
    StagedWrite staged =
        await(
            Source.single(ByteString.fromString("new"))
                .runWith(storage.write(target.toUri()), materializer));
    assertEquals("old", Files.readString(target));
    await(staged.commit());
    assertEquals("new", Files.readString(target));
  }

  @Test
  void leavesNothingBehindWhenTheStreamFails() throws Exception {
    Path target = dir.resolve("out/part-00001.csv");
    Source<ByteString, ?> failing =
        Source.single(ByteString.fromString("partial"))
            .concat(Source.failed(new IllegalStateException("model crashed")));
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> await(failing.runWith(storage.write(target.toUri()), materializer)));
    assertEquals("model crashed", e.getCause().getMessage());
    assertEquals(List.of(), visibleAndHidden(target.getParent()));
  }

  @Test
  void removesTheTemporaryFileOnAbort() throws Exception {
    Path target = dir.resolve("part-00002.csv");
    StagedWrite staged =
        await(
            Source.single(ByteString.fromString("x"))
                .runWith(storage.write(target.toUri()), materializer));
    await(staged.abort());
    await(staged.abort());
    assertEquals(List.of(), visibleAndHidden(dir));
  }

  @Test
  void deletesAFileAndSucceedsWhenItIsAlreadyGone() throws Exception {
    Path path = file("gone.csv", "x");
    await(storage.delete(path.toUri()));
    assertFalse(Files.exists(path));
    await(storage.delete(path.toUri()));
  }

  private static List<Path> visibleAndHidden(Path directory) throws IOException {
    if (!Files.exists(directory)) return List.of();
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    }
  }
}
