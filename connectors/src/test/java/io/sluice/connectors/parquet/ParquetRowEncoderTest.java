package io.sluice.connectors.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet part file written batch by batch is one file DuckDB reads back, value by value, in order. */
class ParquetRowEncoderTest {
  @TempDir Path dir;

  @Test
  void batchesWrittenInOrderReadBackInDuckDb() throws Exception {
    ParquetRowEncoder encoder = new ParquetRowEncoder(List.of("id", "region"), List.of("p_0", "p_1"), "gzip", 64 * 1024, null);
    ByteString bytes = encoder.header();
    int n = 0;
    for (int b = 0; b < 30; b++) {
      int rows = 1000;
      String[][] carried = new String[rows][];
      float[] values = new float[rows * 2];
      for (int r = 0; r < rows; r++, n++) {
        carried[r] = new String[] {"c" + n, n % 5 == 0 ? null : "r" + (n % 3)};
        values[2 * r] = n / 7f;
        values[2 * r + 1] = -n;
      }
      long[] where = new long[rows];
      bytes = bytes.concat(encoder.encode(new FeatureBatch(rows, 0, new float[0], carried, where, where),
          new Predictions(rows, 2, values, null)));
    }
    bytes = bytes.concat(encoder.finish());
    Path file = dir.resolve("part-00000.parquet");
    Files.write(file, bytes.toArray());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement();
        ResultSet r = sql.executeQuery("SELECT id, region, p_0, p_1 FROM read_parquet('" + file
            + "', file_row_number = true) ORDER BY file_row_number")) {
      int i = 0;
      while (r.next()) {
        assertEquals("c" + i, r.getString(1));
        assertEquals(i % 5 == 0 ? null : "r" + (i % 3), r.getString(2));
        assertEquals(i / 7f, r.getFloat(3), 0f);
        assertEquals((float) -i, r.getFloat(4), 0f);
        i++;
      }
      assertEquals(n, i);
    }
  }
}
