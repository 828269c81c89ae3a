package io.sluice.connectors.storage.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.parquet.ParquetInput;
import io.sluice.connectors.parquet.ReadCount;
import io.sluice.connectors.storage.OutputFiles;
import io.sluice.connectors.storage.StagedWrite;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.TemporaryNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link Storage} must do, run against each store's real server (after Flink's
 * {@code SourceTestSuiteBase}): a store's test extends this class and supplies only
 * {@link #startStore}, that is, how to start its server and make its {@code Storage}; it inherits
 * every case. A store that breaks a rule (a commit visible early, a hidden name listed, a secret
 * in a message) fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageContractSuite {
  private static final long TIMEOUT_SECONDS = 60;
  private final AtomicInteger places = new AtomicInteger();
  private ActorSystem system;
  private Path scratch;
  private StoreUnderTest store;

  /** Starts the store's server (files under {@code scratch} if it needs any) and makes its {@code Storage}. */
  protected abstract StoreUnderTest startStore(ActorSystem system, Path scratch) throws Exception;

  @BeforeAll
  void startServer() throws Exception {
    system = ActorSystem.create(getClass().getSimpleName());
    scratch = Files.createTempDirectory("sluice-contract");
    store = startStore(system, scratch);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (store != null) store.close();
    if (system != null) TestKit.shutdownActorSystem(system);
    if (scratch != null) {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // --- listing ----------------------------------------------------------------------------------

  @Test
  void listsADirectoryRecursivelySortedByUriSkippingHiddenNames() throws Exception {
    String d = place();
    for (String name : List.of("b.csv", "a.csv", "sub/c.csv", "_SUCCESS", ".a.csv.crc", "_errors/part-00000.jsonl",
        ".hidden/x.csv", "z.json")) {
      store.put(d + name, bytes(10 + name.length(), name.hashCode()));
    }
    store.put(d.substring(0, d.length() - 1) + "-sibling/a.csv", bytes(5, 1));
    List<String> expected = List.of(d + "a.csv", d + "b.csv", d + "sub/c.csv", d + "z.json");
    assertEquals(expected, names(await(storage().list(at(d)))));
    List<StoredObject> listed = await(storage().list(at(d)));
    assertEquals(10 + "a.csv".length(), listed.get(0).size());
  }

  @Test
  void aDirectoryWithoutItsSlashListsAsAPrefixOfWholeNames() throws Exception {
    String d = place();
    store.put(d + "x/a.csv", bytes(3, 1));
    store.put(d + "xy/b.csv", bytes(3, 2));
    assertEquals(List.of(d + "x/a.csv"), names(await(storage().list(at(d + "x")))));
  }

  @Test
  void aGlobInTheLastSegmentFiltersAndAFileListsItself() throws Exception {
    String d = place();
    for (String name : List.of("p-1.csv", "p-2.csv", "p-3.json", "q-1.csv", "_p-4.csv")) store.put(d + name, bytes(7, 3));
    assertEquals(List.of(d + "p-1.csv", d + "p-2.csv"), names(await(storage().list(at(d + "p-*.csv")))));
    assertEquals(List.of(d + "p-1.csv", d + "q-1.csv"), names(await(storage().list(at(d + "%7Bp,q%7D-1.csv")))));
    List<StoredObject> one = await(storage().list(at(d + "p-3.json")));
    assertEquals(List.of(d + "p-3.json"), names(one));
    assertEquals(7, one.get(0).size());
  }

  @Test
  void nothingThereListsAsEmpty() throws Exception {
    String d = place();
    assertEquals(List.of(), await(storage().list(at(d))));
    assertEquals(List.of(), await(storage().list(at(d + "missing.csv"))));
    assertEquals(List.of(), await(storage().list(at(d + "*.csv"))));
  }

  // --- reading ----------------------------------------------------------------------------------

  @Test
  void readsFromTheStartFromAnOffsetAndFromTheEnd() throws Exception {
    String d = place();
    byte[] data = bytes(300 * 1024 + 17, 11);
    StoredObject object = stored(d + "data.bin", data);
    assertEquals(data.length, object.size());
    assertArrayEquals(data, readAll(storage(), object, 0));
    int offset = 123_457;
    assertArrayEquals(Arrays.copyOfRange(data, offset, data.length), readAll(storage(), object, offset));
    assertArrayEquals(new byte[0], readAll(storage(), object, data.length));
  }

  @Test
  void aReadToldWhatItExpectsStillGivesEveryByteToTheEnd() throws Exception {
    String d = place();
    byte[] data = bytes(300 * 1024 + 17, 14);
    StoredObject object = stored(d + "sized.bin", data);
    for (long[] offsetAndExpected : new long[][] {{0, 0}, {0, 16 * 1024}, {123_457, 100}, {200_000, 100_000},
        {0, data.length}, {data.length - 5, 1024}, {data.length, 10}}) {
      int offset = (int) offsetAndExpected[0];
      assertArrayEquals(Arrays.copyOfRange(data, offset, data.length),
          readAll(storage().read(object, offset, offsetAndExpected[1])), "from " + offset + " expecting " + offsetAndExpected[1]);
    }
  }

  @Test
  void aBytesReadGivesTheLengthAskedOrWhatIsLeftAsOneValue() throws Exception {
    String d = place();
    byte[] data = bytes(300 * 1024 + 17, 15);
    StoredObject object = stored(d + "small-reads.bin", data);
    Materializer materializer = Materializer.matFromSystem(system);
    for (int[] offsetAndLength : new int[][] {{0, 0}, {0, 64 * 1024}, {123_457, 100}, {0, data.length},
        {data.length - 5, 1024}, {data.length, 10}, {0, 2 * data.length}}) {
      int offset = offsetAndLength[0];
      int end = Math.min(data.length, offset + offsetAndLength[1]);
      assertArrayEquals(Arrays.copyOfRange(data, offset, end),
          await(storage().readBytes(object, offset, offsetAndLength[1], materializer)).toArray(),
          "from " + offset + " length " + offsetAndLength[1]);
    }
    assertThrows(ExecutionException.class, () ->
        await(storage().readBytes(new StoredObject(at(d + "missing.bin"), 10), 0, 10, materializer)));
  }

  @Test
  void aReadCutMidwayResumesWithoutLosingOrRepeatingBytes() throws Exception {
    String d = place();
    byte[] data = bytes(1024 * 1024, 12);
    store.put(d + "cut.bin", data);
    Optional<StoreUnderTest.Cutting> cutting = store.cutting(3, 150_000);
    Assumptions.assumeTrue(cutting.isPresent(), "this store's reads do not go over a network");
    try (AutoCloseable closer = cutting.get().closer()) {
      StoredObject object = new StoredObject(URI.create(cutting.get().base() + d + "cut.bin"), data.length);
      assertArrayEquals(data, readAll(cutting.get().storage(), object, 0));
      assertEquals(3, cutting.get().cutsSoFar().getAsInt(), "the reads were cut");
    }
  }

  @Test
  void aReadFromAnOffsetCutMidwayResumesFromWhereItWas() throws Exception {
    String d = place();
    byte[] data = bytes(1024 * 1024, 13);
    store.put(d + "cut.bin", data);
    Optional<StoreUnderTest.Cutting> cutting = store.cutting(2, 100_000);
    Assumptions.assumeTrue(cutting.isPresent(), "this store's reads do not go over a network");
    try (AutoCloseable closer = cutting.get().closer()) {
      StoredObject object = new StoredObject(URI.create(cutting.get().base() + d + "cut.bin"), data.length);
      assertArrayEquals(Arrays.copyOfRange(data, 400_001, data.length), readAll(cutting.get().storage(), object, 400_001));
      assertEquals(2, cutting.get().cutsSoFar().getAsInt());
    }
  }

  // --- Parquet over this store (contract §9): the adapter reads only what it needs ----------------

  @Test
  void parquetReadsTheFooterAndOnlyTheSelectedColumnChunksWithRangedReads() throws Exception {
    String d = place();
    byte[] file = ParquetFixture.write(scratch, ROWS_IN_PARQUET);
    StoredObject object = stored(d + "t.parquet", file);
    ReadCount footer = new ReadCount();
    ParquetInput.Layout layout = ParquetInput.layout(storage(), object, "id", List.of("a", "b"), List.of(),
        Materializer.createMaterializer(system), footer);
    assertTrue(layout.problems().isEmpty(), layout.problems().toString());
    assertTrue(layout.rowGroups().size() >= 3, "row groups: " + layout.rowGroups());
    assertEquals(2, footer.reads(), "the footer's length, then the footer");
    assertTrue(footer.bytes() < file.length / 10, footer.bytes() + " bytes for the footer");

    ReadCount rows = new ReadCount();
    ParquetFixture.assertRows(ROWS_IN_PARQUET, readParquet(storage(), object, rows));
    assertEquals(2 + layout.rowGroups().size(), rows.reads(), "the footer, then one read per row group's selected chunks");
    assertTrue(rows.bytes() < file.length / 2, rows.bytes() + " of " + file.length + " bytes: the padding column was fetched");
  }

  @Test
  void aParquetReadCutMidwayGivesEveryRowOnce() throws Exception {
    String d = place();
    byte[] file = ParquetFixture.write(scratch, ROWS_IN_PARQUET);
    store.put(d + "cut.parquet", file);
    Optional<StoreUnderTest.Cutting> cutting = store.cutting(2, 20_000);
    Assumptions.assumeTrue(cutting.isPresent(), "this store's reads do not go over a network");
    try (AutoCloseable closer = cutting.get().closer()) {
      StoredObject object = new StoredObject(URI.create(cutting.get().base() + d + "cut.parquet"), file.length);
      ParquetFixture.assertRows(ROWS_IN_PARQUET, readParquet(cutting.get().storage(), object, new ReadCount()));
    }
  }

  private static final int ROWS_IN_PARQUET = 10_000;

  private List<DecodedBatch> readParquet(Storage storage, StoredObject object, ReadCount count) throws Exception {
    return await(ParquetInput.batches(storage, object, 0, object.size(), new ColumnSelection(List.of("a", "b"), List.of("id")),
        1000, Materializer.createMaterializer(system), count, null).runWith(Sink.seq(), system));
  }

  // --- writing ----------------------------------------------------------------------------------

  @Test
  void aStagedWriteIsInvisibleUntilCommitThenHasItsBytesSizeAndHash() throws Exception {
    String d = place();
    byte[] data = bytes(6 * 1024 * 1024 + 5, 21); // more than one S3 part
    StagedWrite staged = write(at(d + "out.csv"), data);
    assertEquals(data.length, staged.bytes());
    assertEquals(sha256(data), staged.sha256());
    assertEquals(at(d + "out.csv"), staged.target());
    assertEquals(List.of(), await(storage().list(at(d))), "nothing visible before the commit");
    assertFalse(store.namesOnServer(d).contains(d + "out.csv"), "the final name is not there before the commit");
    await(staged.commit());
    List<StoredObject> listed = await(storage().list(at(d)));
    assertEquals(List.of(d + "out.csv"), names(listed));
    assertArrayEquals(data, readAll(storage(), listed.get(0), 0));
    assertEquals(List.of(d + "out.csv"), store.namesOnServer(d), "no staging leftovers after the commit");
  }

  @Test
  void aCommitReplacesWhatWasThereAndAnEmptyWriteMakesAnEmptyFile() throws Exception {
    String d = place();
    store.put(d + "out.csv", bytes(100, 1));
    await(write(at(d + "out.csv"), bytes(10, 2)).commit());
    assertArrayEquals(bytes(10, 2), readAll(storage(), await(storage().list(at(d + "out.csv"))).get(0), 0));
    StagedWrite empty = write(at(d + "empty.csv"), new byte[0]);
    assertEquals(0, empty.bytes());
    await(empty.commit());
    assertEquals(0, await(storage().list(at(d + "empty.csv"))).get(0).size());
  }

  @Test
  void abortLeavesNothingAndKeepsWhatWasThere() throws Exception {
    String d = place();
    store.put(d + "kept.csv", bytes(20, 3));
    StagedWrite staged = write(at(d + "kept.csv"), bytes(1000, 4));
    await(staged.abort());
    await(staged.abort()); // safe twice
    // A multipart write is aborted under a new name: S3Mock 3.12 deletes an existing object when an
    // upload to its key is aborted (real S3 keeps it), which would fail S3 here for the mock's sake.
    StagedWrite large = write(at(d + "large.csv"), bytes(6 * 1024 * 1024, 4)); // more than one S3 part
    await(large.abort());
    assertEquals(List.of(d + "kept.csv"), store.namesOnServer(d));
    assertArrayEquals(bytes(20, 3), readAll(storage(), await(storage().list(at(d + "kept.csv"))).get(0), 0));
  }

  @Test
  void aFailedStreamLeavesNothingAndFailsItsValue() throws Exception {
    String d = place();
    RuntimeException boom = new RuntimeException("upstream broke");
    CompletionStage<StagedWrite> staged =
        Source.single(ByteString.fromArray(bytes(6 * 1024 * 1024, 5))).concat(Source.failed(boom))
            .runWith(storage().write(at(d + "never.csv")), system);
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(staged));
    assertTrue(String.valueOf(e.getCause()).contains("upstream broke"), String.valueOf(e.getCause()));
    assertEquals(List.of(), store.namesOnServer(d));
  }

  // --- deleting ---------------------------------------------------------------------------------

  @Test
  void clearingAnOutputDeletesSluicesNamesOnly() throws Exception {
    String d = place();
    List<String> own = List.of("part-00000.csv", "part-00001.jsonl", "_errors/part-00000.jsonl", OutputFiles.MANIFEST,
        OutputFiles.SUCCESS);
    List<String> theirs = List.of("data.csv", "part-1.csv", "notes/part-00000.csv", "_errors/readme.txt", "_SUCCESS.bak");
    for (String name : own) store.put(d + name, bytes(4, 6));
    for (String name : theirs) store.put(d + name, bytes(4, 7));
    await(OutputFiles.clear(storage(), at(d)));
    assertEquals(theirs.stream().map(n -> d + n).sorted().toList(), store.namesOnServer(d).stream().sorted().toList());
  }

  /**
   * A write killed midway (the process with it) leaves its hidden temporary name: the store lists it as a leftover,
   * and a run taking the location over deletes the leftovers of Sluice's own names and no other hidden name.
   */
  @Test
  void leftoversOfKilledWritesAreListedAndClearedAndNoOtherHiddenName() throws Exception {
    Assumptions.assumeFalse("s3".equals(store.base().getScheme()), "S3's writes leave no temporary names (multipart)");
    String d = place();
    String partLeft = TemporaryNames.forTarget("part-00001.csv");
    String errorsLeft = "_errors/" + TemporaryNames.forTarget("part-00001.jsonl");
    String dataLeft = TemporaryNames.forTarget("data.csv"); // a leftover, but not of a name Sluice writes
    List<String> theirs = List.of(".keep", ".part-00001.csv.notes", dataLeft, "part-00002.csv",
        "notes/" + TemporaryNames.forTarget("part-00000.csv"));
    store.put(d + partLeft, bytes(4, 6));
    store.put(d + errorsLeft, bytes(4, 6));
    for (String name : theirs) store.put(d + name, bytes(4, 7));
    assertEquals(List.of(d + dataLeft, d + partLeft).stream().sorted().toList(), names(await(storage().listLeftovers(at(d)))));
    assertEquals(List.of(d + errorsLeft), names(await(storage().listLeftovers(at(d + "_errors/")))));
    assertEquals(List.of(), await(storage().listLeftovers(at(d + "nothing-here/"))));
    await(OutputFiles.clearLeftovers(storage(), at(d)));
    assertEquals(theirs.stream().map(n -> d + n).sorted().toList(), store.namesOnServer(d).stream().sorted().toList());
  }

  @Test
  void deletingRemovesOneObjectAndAMissingOneIsFine() throws Exception {
    String d = place();
    store.put(d + "a.csv", bytes(4, 8));
    store.put(d + "b.csv", bytes(4, 9));
    await(storage().delete(at(d + "a.csv")));
    await(storage().delete(at(d + "a.csv")));
    assertEquals(List.of(d + "b.csv"), store.namesOnServer(d));
  }

  // --- credentials ------------------------------------------------------------------------------

  @Test
  void aWrongSecretFailsEveryOperationWithoutShowingASecret() throws Exception {
    Optional<StoreUnderTest.WrongSecret> wrong = store.withWrongSecret();
    Assumptions.assumeTrue(wrong.isPresent(), "this store takes no credentials");
    String d = place();
    store.put(d + "a.csv", bytes(100, 10));
    Storage refused = wrong.get().storage();
    List<Throwable> failures = List.of(
        failure(refused.list(at(d))),
        failure(Source.lazySource(() -> refused.read(new StoredObject(at(d + "a.csv"), 100), 0))
            .runWith(Sink.ignore(), system)),
        // A small S3 write is held until commit: the refusal may come from either.
        failure(Source.single(ByteString.fromString("x")).runWith(refused.write(at(d + "w.csv")), system)
            .thenCompose(StagedWrite::commit)),
        failure(refused.readBytes(new StoredObject(at(d + "a.csv"), 100), 0, 100, Materializer.matFromSystem(system))),
        failure(refused.delete(at(d + "a.csv"))));
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        String text = String.valueOf(t);
        assertFalse(text.contains(wrong.get().wrongSecret()), "the wrong secret shows in: " + text);
        assertFalse(text.contains(wrong.get().rightSecret()), "the right secret shows in: " + text);
      }
    }
    assertEquals(List.of(d + "a.csv"), store.namesOnServer(d), "nothing deleted or written");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Storage storage() {
    return store.storage();
  }

  /** A fresh directory below the base for one test, so that tests do not see each other's files. */
  private String place() {
    return getClass().getSimpleName().toLowerCase() + "-" + places.incrementAndGet() + "/";
  }

  /** Puts {@code data} in the store at {@code relative} and lists it back: the object as the store reports it. */
  private StoredObject stored(String relative, byte[] data) throws Exception {
    store.put(relative, data);
    return await(storage().list(at(relative))).get(0);
  }

  private URI at(String relative) {
    return URI.create(store.base() + relative);
  }

  /** The listed URIs relative to the base. */
  private List<String> names(List<StoredObject> objects) {
    String base = store.base().toString();
    return objects.stream().map(o -> {
      String uri = o.uri().toString();
      assertTrue(uri.startsWith(base), uri + " is not below " + base);
      return uri.substring(base.length());
    }).toList();
  }

  private StagedWrite write(URI target, byte[] data) throws Exception {
    Source<ByteString, ?> chunks = Source.range(0, (data.length + 65535) / 65536 - 1)
        .map(i -> ByteString.fromArray(data, i * 65536, Math.min(65536, data.length - i * 65536)));
    return await(chunks.runWith(storage().write(target), system));
  }

  private byte[] readAll(Storage storage, StoredObject object, long offset) throws Exception {
    return readAll(storage.read(object, offset));
  }

  private byte[] readAll(Source<ByteString, ?> read) throws Exception {
    return await(read.runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)).toArray();
  }

  private static Throwable failure(CompletionStage<?> stage) {
    try {
      await(stage);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    return fail("expected a failure with a wrong secret");
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  static byte[] bytes(int size, int seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
