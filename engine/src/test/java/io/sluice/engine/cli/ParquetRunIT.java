package io.sluice.engine.cli;

import static io.sluice.engine.testing.DemoOutput.csvRows;
import static io.sluice.engine.testing.DemoOutput.errors;
import static io.sluice.engine.testing.DemoOutput.partFiles;
import static io.sluice.engine.testing.DemoOutput.totals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet input and output through the whole engine, with files written and read back by DuckDB (an implementation
 * other than parquet-java): the same table as Parquet (INT32, INT64, FLOAT, DOUBLE, DECIMAL features, a nullable
 * feature, dictionary strings, several row groups, each compression) and as CSV scores the same, row for row.
 */
class ParquetRunIT {
  private static final int ROWS = 6000;
  private static final List<String> COMPRESSIONS = List.of("snappy", "zstd", "gzip", "uncompressed");
  @TempDir static Path dir;
  private static Path parquetIn;
  private static Path csvIn;

  @BeforeAll
  static void writeInputs() throws SQLException, IOException {
    parquetIn = Files.createDirectories(dir.resolve("parquet-in"));
    csvIn = Files.createDirectories(dir.resolve("csv-in"));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("""
          CREATE TABLE t AS SELECT
            'C' || lpad(i::VARCHAR, 5, '0') AS customer_id,
            (['north', 'south', 'east', 'west'])[i % 4 + 1] AS region,
            (i % 72)::INTEGER AS tenure_months,
            CAST(20 + (i * 37 % 10000) / 100.0 AS DECIMAL(9, 2)) AS monthly_charges,
            (i % 7)::BIGINT AS support_calls,
            (i % 4)::FLOAT AS contract_years,
            CASE WHEN i % 500 = 7 THEN NULL WHEN i % 997 = 5 THEN 'NaN'::DOUBLE ELSE (i % 3)::DOUBLE END AS late_payments
          FROM range(ROWS) r(i) ORDER BY i""".replace("ROWS", Integer.toString(ROWS)));
      for (int k = 0; k < COMPRESSIONS.size(); k++) {
        String name = k + "-" + COMPRESSIONS.get(k);
        sql.execute("COPY t TO '" + parquetIn.resolve(name + ".parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION "
            + COMPRESSIONS.get(k) + ")");
        sql.execute("COPY t TO '" + csvIn.resolve(name + ".csv") + "' (HEADER, DELIMITER ',')");
      }
    }
  }

  @Test
  void parquetScoresAsTheSameTableInCsvWhateverTheSplit() throws IOException {
    Path fromCsv = run("from-csv", csvIn, "csv", "64MiB", "csv");
    Path whole = run("whole", parquetIn, "parquet", "64MiB", "csv");
    Path perRowGroup = run("per-row-group", parquetIn, "parquet", "1KiB", "csv");

    assertEquals(1, partFiles(whole, "csv").size(), "the four files, each smaller than split-size, packed into one partition");
    assertEquals(12, partFiles(perRowGroup, "csv").size(), "one partition per row group");
    List<String> expected = csvRows(fromCsv);
    assertEquals(COMPRESSIONS.size() * (ROWS - badRows().size()), expected.size());
    assertEquals(expected, csvRows(whole));
    assertEquals(expected, csvRows(perRowGroup));
    assertEquals(totals(fromCsv), totals(whole));
    assertEquals(totals(whole), totals(perRowGroup));

    List<String> errors = errors(perRowGroup);
    assertEquals(errors(whole), errors);
    assertEquals(COMPRESSIONS.size() * badRows().size(), errors.size());
    for (String line : errors) {
      Matcher m = Pattern.compile("\"row\":(\\d+),\"error\":\"feature 'late_payments' is (null|not a finite float \\(NaN\\))\"").matcher(line);
      assertTrue(m.find(), line);
      assertTrue(badRows().contains(Long.parseLong(m.group(1))), line);
      assertTrue(line.contains("\"record\":\"{\\\"customer_id\\\":\\\"C"), line);
    }
  }

  @Test
  void parquetOutputReadsBackInDuckDbValueByValue() throws Exception {
    Path asCsv = run("out-csv", parquetIn, "parquet", "1KiB", "csv");
    Path asParquet = run("out-parquet", parquetIn, "parquet", "1KiB", "parquet", "--set", "job.output.parquet.compression=zstd",
        "--set", "job.input.passthrough=[region, tenure_months, monthly_charges]");
    List<String> expected = csvRows(asCsv);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      String parts = asParquet.resolve("part-*.parquet").toString();
      List<String> types = new ArrayList<>();
      try (ResultSet r = sql.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + parts + "')")) {
        while (r.next()) types.add(r.getString(1) + " " + r.getString(2));
      }
      assertEquals(List.of("customer_id VARCHAR", "region VARCHAR", "tenure_months INTEGER", "monthly_charges DECIMAL(9,2)",
          "p_stay FLOAT", "p_churn FLOAT"), types);
      int i = 0;
      try (ResultSet r = sql.executeQuery("SELECT customer_id, region, tenure_months, monthly_charges, p_stay, p_churn FROM read_parquet('"
          + parts + "', filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
        while (r.next()) {
          String[] cells = expected.get(i++).split(",");
          assertEquals(cells[0], r.getString(1));
          assertEquals(cells[1], r.getString(2));
          String id = cells[0];
          long n = Long.parseLong(id.substring(1));
          assertEquals(n % 72, r.getInt(3));
          assertEquals(new java.math.BigDecimal(20 + (n * 37 % 10000) / 100.0).setScale(2, java.math.RoundingMode.HALF_EVEN),
              r.getBigDecimal(4));
          assertEquals(Float.parseFloat(cells[2]), r.getFloat(5), 0f);
          assertEquals(Float.parseFloat(cells[3]), r.getFloat(6), 0f);
        }
      }
      assertEquals(expected.size(), i);
    }
  }

  @Test
  void columnsThatCannotBeFeaturesAreRefusedNamingKeyAndColumn() throws Exception {
    Path odd = Files.createDirectories(dir.resolve("odd"));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT i::INTEGER AS a, [i, i] AS pair, 'x' || i AS name FROM range(10) r(i)) TO '"
          + odd.resolve("odd.parquet") + "' (FORMAT parquet)");
    }
    String file = odd.resolve("odd.parquet").toUri().toString();
    Path job = DemoFixture.jobFile(dir, dir.resolve("refused"), "job.input.uri = \"" + odd.toUri() + "\"",
        "job.input.format = parquet", "job.input.features = [a, pair, name, nope, a]", "job.input.passthrough = [missing]",
        "job.input.id-column = a");
    CliCapture cli = new CliCapture();
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals(List.of(
        "error: job.input.features: 'pair' is a nested or repeated column in " + file + "; only flat columns can be read",
        "error: job.input.features: 'name' is BINARY STRING in " + file + ", not a numeric column (INT32, INT64, FLOAT, DOUBLE or DECIMAL)",
        "error: job.input.features: 'nope' is not a column of " + file + " (its columns: a, pair, name)",
        "error: job.input.passthrough: 'missing' is not a column of " + file + " (its columns: a, pair, name)"),
        cli.stderr().lines().toList());
  }

  /**
   * More Parquet readers at once than the blocking-I/O dispatcher has threads: each reader blocks on its store's reads,
   * so were the readers on that dispatcher, they would take every thread and wait for reads with none left to run on.
   */
  @Test
  void moreParquetReadersAtOnceThanBlockingThreadsStillFinish() throws Exception {
    Path in = Files.createDirectories(dir.resolve("sixty-files"));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE good AS SELECT * FROM read_parquet('" + parquetIn.resolve("0-snappy.parquet")
          + "') WHERE late_payments IS NOT NULL AND NOT isnan(late_payments) ORDER BY customer_id");
      for (int k = 0; k < 60; k++) {
        sql.execute("COPY (SELECT * FROM good ORDER BY customer_id LIMIT 99 OFFSET " + (k * 99) + ") TO '"
            + in.resolve(String.format("g-%02d.parquet", k)) + "' (FORMAT parquet)");
      }
    }
    Path out = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> run("forty-readers", in, "parquet", "1KiB", "csv",
        "--set", "job.workers.partitions-in-flight=40"));
    assertEquals(60, partFiles(out, "csv").size(), "a partition per file, none packed (each is larger than 1KiB)");
    long rows = 0;
    for (Path part : partFiles(out, "csv")) rows += Files.readAllLines(part).size() - 1;
    assertEquals(60 * 99, rows);
  }

  @Test
  void resumeRewritesOnlyTheMissingPartition() throws IOException {
    Path first = run("resume", parquetIn, "parquet", "1KiB", "parquet");
    Path part = first.resolve("part-00004.parquet");
    byte[] before = Files.readAllBytes(part);
    Path kept = first.resolve("part-00005.parquet");
    java.nio.file.attribute.FileTime keptTime = Files.getLastModifiedTime(kept);
    String totals = totals(first);
    Files.delete(part);
    Files.delete(first.resolve("_SUCCESS"));
    run("resume", parquetIn, "parquet", "1KiB", "parquet", "--set", "job.output.mode=resume");
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(part));
    assertEquals(keptTime, Files.getLastModifiedTime(kept));
    assertEquals(totals, totals(first));
    assertTrue(Files.exists(first.resolve("_SUCCESS")));
  }

  @Test
  void onlyTheRowsTheModelThrowsForGoToErrorsWithTheirRow() throws Exception {
    org.deeplearning4j.nn.multilayer.MultiLayerNetwork network = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
        new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(2).list()
            .layer(new org.deeplearning4j.nn.conf.layers.EmbeddingLayer.Builder().nIn(5).nOut(8)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
            .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
            .build());
    network.init();
    Path model = dir.resolve("embedding.zip");
    org.deeplearning4j.util.ModelSerializer.writeModel(network, model.toFile(), false);
    Path in = Files.createDirectories(dir.resolve("categories"));
    List<Long> unknown = List.of(5L, 2100L, 2101L, 5999L); // an embedding of 5 categories throws for category 9
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("COPY (SELECT 'c' || i AS id, CASE WHEN i IN (5, 2100, 2101, 5999) THEN 9 ELSE i % 5 END::INTEGER AS category"
          + " FROM range(6000) r(i) ORDER BY i) TO '" + in.resolve("c.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
    }
    Path out = dir.resolve("poison");
    Path job = dir.resolve("poison.conf");
    Files.writeString(job, """
        job {
          name = "poison"
          input { uri = "%s", format = parquet, id-column = "id", features = ["category"], split-size = 1KiB }
          model { uri = "%s" }
          output { uri = "%s", format = csv }
          errors { max-bad-records = 10 }
        }
        """.formatted(in.toUri(), model.toUri(), out.toUri()));
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    assertEquals(0, Main.run(List.of("run", job.toString(), "--quiet"), sink, sink));
    List<String> errors = errors(out);
    assertEquals(unknown.size(), errors.size(), String.join("\n", errors));
    for (int k = 0; k < unknown.size(); k++) {
      String line = errors.get(k);
      assertTrue(line.contains("\"row\":" + unknown.get(k) + ",") && line.contains("model call failed")
          && line.contains("c" + unknown.get(k) + ",9"), line);
    }
    long rows = 0;
    for (Path part : partFiles(out, "csv")) rows += Files.readAllLines(part).size() - 1;
    assertEquals(6000 - unknown.size(), rows);
  }

  /** The 0-based rows whose late_payments is null or NaN. */
  private static List<Long> badRows() {
    List<Long> bad = new ArrayList<>();
    for (long i = 0; i < ROWS; i++) if (i % 500 == 7 || i % 997 == 5) bad.add(i);
    return bad;
  }

  private static Path run(String name, Path input, String format, String splitSize, String outFormat, String... more) {
    Path out = dir.resolve(name);
    Path job = DemoFixture.jobFile(dir, out);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    List<String> args = new ArrayList<>(List.of("run", job.toString(), "--quiet", "--set", "job.input.uri=" + input.toUri(),
        "--set", "job.input.format=" + format, "--set", "job.input.split-size=" + splitSize,
        "--set", "job.output.format=" + outFormat, "--set", "job.errors.max-bad-records=1000"));
    args.addAll(List.of(more));
    assertEquals(0, Main.run(args, sink, sink));
    return out;
  }
}
