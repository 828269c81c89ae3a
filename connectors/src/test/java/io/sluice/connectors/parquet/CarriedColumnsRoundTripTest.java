package io.sluice.connectors.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Id and passthrough columns of many types, written by DuckDB, read as text (what CSV output shows) and written
 * back as Parquet: DuckDB sees the same types and the same values, nulls included.
 */
class CarriedColumnsRoundTripTest {
  private static ActorSystem system;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("carried");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  private static final String COLUMNS = "s, i8, i32, i64, u64, d, f, dec, big, day, ts, tsz, flag";

  @Test
  void carriedColumnsKeepTypesAndValuesThroughTextAndBack() throws Exception {
    Path in = dir.resolve("in.parquet");
    Path out = dir.resolve("out.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("""
          COPY (SELECT
            CASE WHEN i % 3 = 0 THEN NULL ELSE 'naïve "' || i || '"' END AS s,
            (i % 100)::TINYINT AS i8, i::INTEGER AS i32, (i * 1000000007)::BIGINT AS i64, (i * 3)::UBIGINT AS u64,
            i / 7.0 AS d, (i / 3.0)::FLOAT AS f, (i * 1.25)::DECIMAL(9, 2) AS dec, (i * 12345678.5)::DECIMAL(30, 4) AS big,
            DATE '2024-01-01' + i::INTEGER AS day, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i * 1000) MILLISECOND AS tsz,
            i % 2 = 0 AS flag, (i % 10)::DOUBLE AS x
          FROM range(5000) r(i)) TO '@FILE@' (FORMAT parquet, ROW_GROUP_SIZE 2048)""".replace("@FILE@", in.toString()));
    }
    List<String> carried = List.of(COLUMNS.split(", "));
    StoredObject file = new StoredObject(in.toUri(), Files.size(in));
    ParquetCarriedTypes types = new ParquetCarriedTypes();
    List<DecodedBatch> batches = ParquetInput.batches(LocalStorage.create(system), file, 0, file.size(),
            new ColumnSelection(List.of("x"), carried), 700, Materializer.createMaterializer(system), new ReadCount(), types)
        .runWith(Sink.seq(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals("naïve \"1\"", batches.get(0).good().carried[1][0]);
    assertEquals("2024-01-02", batches.get(0).good().carried[1][9]);

    ParquetRowEncoder encoder = new ParquetRowEncoder(carried, List.of("y"), "zstd", 64 * 1024, types);
    ByteString bytes = encoder.header();
    for (DecodedBatch b : batches) {
      FeatureBatch good = b.good();
      float[] y = new float[good.rows];
      for (int r = 0; r < good.rows; r++) y[r] = good.features[r];
      bytes = bytes.concat(encoder.encode(good, new Predictions(good.rows, 1, y, null)));
    }
    Files.write(out, bytes.concat(encoder.finish()).toArray());

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      assertEquals(describe(sql, in), describe(sql, out));
      try (ResultSet r = sql.executeQuery("SELECT count(*) FROM (SELECT " + COLUMNS + ", x FROM '" + in + "' EXCEPT ALL SELECT "
          + COLUMNS + ", y::DOUBLE FROM '" + out + "')")) {
        r.next();
        assertEquals(0, r.getLong(1), "rows of the input missing from the output");
      }
      try (ResultSet r = sql.executeQuery("SELECT count(*) FROM '" + out + "'")) {
        r.next();
        assertEquals(5000, r.getLong(1));
      }
    }
  }

  private static List<String> describe(Statement sql, Path file) throws Exception {
    List<String> types = new ArrayList<>();
    try (ResultSet r = sql.executeQuery("DESCRIBE SELECT " + COLUMNS + " FROM '" + file + "'")) {
      while (r.next()) types.add(r.getString(1) + " " + r.getString(2));
    }
    return types;
  }
}
