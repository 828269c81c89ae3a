package io.sluice.connectors.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A row group larger than the reader's budget is streamed: its selected column chunks come in windows of the
 * budget's share (many ranged reads, none of the unselected column), pages decoded as they arrive, and every row is
 * read once, in order, as when the row group is fetched whole. Files written by DuckDB, with data pages of both
 * versions and dictionary-encoded strings.
 */
class StreamedRowGroupTest {
  private static final int ROWS = 200_000;
  private static final int SMALL_BUDGET = 256 * 1024;
  private static ActorSystem system;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("streamed");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  @ParameterizedTest
  @ValueSource(strings = {"V1", "V2"})
  void aRowGroupLargerThanTheBudgetIsReadInWindowsWithEveryRowOnce(String pageVersion) throws Exception {
    Path file = dir.resolve("big.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT 'r' || i AS id, (['x', 'y', 'z'])[i % 3 + 1] AS tag, i * 0.5 AS a, i::INTEGER AS b,"
          + " repeat(md5(i::VARCHAR), 4) AS pad FROM range(" + ROWS + ") r(i) ORDER BY i) TO '" + file
          + "' (FORMAT parquet, ROW_GROUP_SIZE " + ROWS + ", COMPRESSION snappy, PARQUET_VERSION " + pageVersion + ")");
    }
    StoredObject object = new StoredObject(file.toUri(), Files.size(file));

    ReadCount streamed = new ReadCount();
    assertRows(read(object, SMALL_BUDGET, streamed));
    ReadCount whole = new ReadCount();
    assertRows(read(object, Integer.MAX_VALUE, whole));

    assertEquals(2 + 1, whole.reads(), "the footer, then one read of the adjacent selected chunks (id, tag, a, b)");
    assertTrue(streamed.reads() > whole.reads() + 4, streamed.reads() + " reads: the row group was not read in windows");
    assertEquals(whole.bytes(), streamed.bytes(), "both read the footer and the selected chunks, each byte once");
    assertTrue(streamed.bytes() < Files.size(file) / 2, streamed.bytes() + " of " + Files.size(file) + ": the padding was fetched");
  }

  @Test
  void rowGroupsReadOneByOneInWindowsGiveTheRowsAndBadRowsOfTheWholeFile() throws Exception {
    Path file = dir.resolve("groups.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT 'r' || i AS id, 'x' AS tag, CASE WHEN i % 9973 = 11 THEN NULL ELSE i * 0.5 END AS a,"
          + " i::INTEGER AS b FROM range(" + ROWS + ") r(i) ORDER BY i) TO '" + file
          + "' (FORMAT parquet, ROW_GROUP_SIZE 50000, COMPRESSION zstd)");
    }
    StoredObject object = new StoredObject(file.toUri(), Files.size(file));
    List<String> whole = summary(read(object, 0, object.size(), Integer.MAX_VALUE, new ReadCount()));
    List<String> split = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      for (BlockMetaData group : footer.getFooter().getBlocks()) starts.add(group.getStartingPos());
    }
    assertTrue(starts.size() >= 4, starts.toString());
    for (int g = 0; g < starts.size(); g++) {
      long until = g + 1 < starts.size() ? starts.get(g + 1) : object.size();
      split.addAll(summary(read(object, starts.get(g), until - starts.get(g), 64 * 1024, new ReadCount())));
    }
    assertEquals(whole, split);
    assertEquals(ROWS, whole.size());
    assertEquals("bad 11 feature 'a' is null", whole.get(11));
  }

  /** Each row as text: {@code good ROW ID A B} or {@code bad ROW REASON}, in the order read. */
  private static List<String> summary(List<DecodedBatch> batches) {
    List<String> rows = new ArrayList<>();
    for (DecodedBatch batch : batches) {
      List<String> good = new ArrayList<>();
      for (int r = 0; r < batch.good().rows; r++) {
        good.add("good " + batch.good().lines[r] + " " + batch.good().carried[r][0] + " " + batch.good().features[r * 2]
            + " " + batch.good().features[r * 2 + 1]);
      }
      for (var bad : batch.bad()) good.add("bad " + bad.line() + " " + bad.reason());
      good.sort(java.util.Comparator.comparingLong(line -> Long.parseLong(line.split(" ")[1])));
      rows.addAll(good);
    }
    return rows;
  }

  private List<DecodedBatch> read(StoredObject object, int budget, ReadCount count) throws Exception {
    return read(object, 0, object.size(), budget, count);
  }

  private List<DecodedBatch> read(StoredObject object, long from, long length, int budget, ReadCount count) throws Exception {
    try (RowGroupReader reader = new RowGroupReader(new StorageInputFile(LocalStorage.create(system), object,
        Materializer.createMaterializer(system), count), from, from + length,
        new ColumnSelection(List.of("a", "b"), List.of("id", "tag")), 4096, null, budget)) {
      List<DecodedBatch> batches = new ArrayList<>();
      for (DecodedBatch batch = reader.next(); batch != null; batch = reader.next()) batches.add(batch);
      return batches;
    }
  }

  private static void assertRows(List<DecodedBatch> batches) {
    int i = 0;
    for (DecodedBatch batch : batches) {
      assertEquals(List.of(), batch.bad());
      for (int r = 0; r < batch.good().rows; r++, i++) {
        assertEquals("r" + i, batch.good().carried[r][0]);
        assertEquals(List.of("x", "y", "z").get(i % 3), batch.good().carried[r][1]);
        assertEquals(i * 0.5f, batch.good().features[r * 2], 0f);
        assertEquals((float) i, batch.good().features[r * 2 + 1], 0f);
        assertEquals(i, batch.good().lines[r]);
      }
    }
    assertEquals(ROWS, i);
  }
}
