package io.sluice.connectors.storage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.format.DecodedBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * A Parquet file written by DuckDB (not by the parquet-java the code reads with): an id, two numeric columns and a
 * wide padding column no test selects, in row groups of 2048 rows.
 */
final class ParquetFixture {
  private ParquetFixture() {}

  static byte[] write(Path scratch, int rows) throws Exception {
    Path file = Files.createTempFile(scratch, "fixture", ".parquet");
    Files.delete(file);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT 'r' || i AS id, i * 0.5 AS a, i::INTEGER AS b, repeat(md5(i::VARCHAR), 8) AS pad FROM range("
          + rows + ") r(i) ORDER BY i) TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION snappy)");
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(file);
    return bytes;
  }

  /** The batches hold every row once, in order: id {@code r<i>}, features {@code i/2} and {@code i}. */
  static void assertRows(int rows, List<DecodedBatch> batches) {
    int i = 0;
    for (DecodedBatch batch : batches) {
      assertEquals(List.of(), batch.bad());
      for (int r = 0; r < batch.good().rows; r++, i++) {
        assertEquals("r" + i, batch.good().carried[r][0]);
        assertEquals(i * 0.5f, batch.good().features[r * 2], 0f);
        assertEquals((float) i, batch.good().features[r * 2 + 1], 0f);
        assertEquals(i, batch.good().lines[r]);
      }
    }
    assertEquals(rows, i);
  }
}
