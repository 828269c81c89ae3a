package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.jdbc.PostgresTestServer;
import io.sluice.connectors.storage.s3.S3MockServer;
import io.sluice.connectors.storage.sftp.SftpTestServer;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.DemoOutput;
import io.sluice.engine.testing.ScoreTables;
import io.sluice.engine.testing.StoredFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that mix a database with remote stores (issue 16): a PostgreSQL table scored into CSV and Parquet on S3 gives
 * the bytes the same run gives on local disk, and CSV read from SFTP scored into a table holds the rows CSV → CSV
 * writes, once each. Real servers: embedded PostgreSQL, the S3 test server and an SFTP server, on loopback.
 */
class PostgresMixedStoresIT {
  private static final String SECRET = "s3-secret-of-the-mixed-test";
  @TempDir static Path dir;
  private static String url;
  private static S3MockServer s3;
  private static SftpTestServer sftp;
  private static Path knownHosts;
  private static ActorSystem system;
  private static Storages storages;

  @BeforeAll
  static void start() throws Exception {
    url = PostgresTestServer.newDatabase("mixed");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (customer_id bigint, region text, tenure_months int, monthly_charges numeric(9,2),"
          + " support_calls smallint, contract_years real, late_payments double precision)");
      st.execute("INSERT INTO customers SELECT k, (ARRAY['north', 'south', 'east'])[k % 3 + 1], k % 72,"
          + " 20 + (k * 37 % 10000) / 100.0, k % 7, k % 4, CASE WHEN k % 400 = 9 THEN NULL ELSE k % 3 END"
          + " FROM generate_series(1, 3000) k");
      st.execute("ALTER TABLE customers OWNER TO " + PostgresTestServer.USER);
    }
    s3 = S3MockServer.start(Path.of("..", "connectors", "target", "s3mock", "s3mock.jar"), "results");
    sftp = SftpTestServer.start(Files.createDirectories(dir.resolve("sftp-root")));
    knownHosts = sftp.knownHosts(dir.resolve("known_hosts"), sftp.port());
    system = ActorSystem.create("postgres-mixed-stores-it");
    storages = Storages.create(system);
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) system.terminate();
    if (s3 != null) s3.close();
    if (sftp != null) sftp.close();
  }

  @Test
  void aTableScoredIntoCsvAndParquetOnS3IsWhatLocalDiskGets() throws Exception {
    for (String format : List.of("csv", "parquet")) {
      Path local = dir.resolve("table-to-" + format);
      runOk(job("table-" + format + "-local", tableIn(), "uri = \"" + local.toUri() + "\", format = " + format));
      String remote = "s3://results/table-to-" + format + "/";
      runOk(job("table-" + format + "-s3", tableIn(), "uri = \"" + remote + "\", format = " + format + ", " + s3Block()));
      Map<String, byte[]> expected = StoredFiles.parts(storages, system, local.toUri(), ConfigFactory.empty());
      Map<String, byte[]> fromS3 = StoredFiles.parts(storages, system, URI.create(remote), s3Settings());
      assertEquals(4, DemoOutput.partFiles(local, format).size(), "four key ranges, no NULL keys");
      assertEquals(expected.keySet(), fromS3.keySet());
      for (String name : expected.keySet()) assertArrayEquals(expected.get(name), fromS3.get(name), format + " " + name);
    }
  }

  @Test
  void csvOnSftpScoredIntoATableHoldsWhatCsvToCsvWritesOncePerRow() throws Exception {
    Path sftpIn = Files.createDirectories(dir.resolve("sftp-root/in"));
    try (Stream<Path> files = Files.list(DemoFixture.data().inputDir())) {
      for (Path f : files.toList()) Files.copy(f, sftpIn.resolve(f.getFileName()));
    }
    Path csv = dir.resolve("demo-csv");
    runOk(job("demo-csv", "uri = \"" + DemoFixture.data().inputDir().toUri() + "\"", "uri = \"" + csv.toUri() + "\""));
    String fromSftp = "uri = \"sftp://127.0.0.1:" + sftp.port() + "/in/\", sftp { user = " + SftpTestServer.USER
        + ", password = \"" + SftpTestServer.PASSWORD + "\", known-hosts = \"" + knownHosts + "\" }";
    runOk(job("sftp-to-table", fromSftp, "uri = \"" + url + "\", jdbc { table = sftp_scores, user = " + PostgresTestServer.USER
        + ", password = \"" + PostgresTestServer.PASSWORD + "\" }"));
    List<String> expected = new ArrayList<>(DemoOutput.csvRows(csv));
    Collections.sort(expected);
    assertEquals(expected, ScoreTables.csvRows(url, "sftp_scores"));
    long[] c = ScoreTables.counts(url, "SELECT count(*), count(DISTINCT customer_id), (SELECT count(*) FROM sftp_scores_errors)"
        + " FROM sftp_scores");
    assertEquals(c[0], c[1], "each row once");
    assertEquals(DemoFixture.data().badRecords(), c[2]);
  }

  private static void runOk(Path job) {
    CliCapture cli = new CliCapture();
    int code = cli.run("run", job.toString(), "--quiet");
    assertEquals(0, code, cli.stderr());
    assertFalse((cli.stdout() + cli.stderr()).contains(SECRET) || cli.stderr().contains(PostgresTestServer.PASSWORD));
  }

  private static Path job(String name, String input, String output) throws Exception {
    Path file = Files.createTempFile(dir, name, ".conf");
    Files.writeString(file, """
        job {
          name = "%s"
          input { %s, id-column = "customer_id", passthrough = ["region"], features = [%s] }
          model { uri = "%s", labels = ["stay", "churn"] }
          output { %s }
          errors { max-bad-record-fraction = 0.05 }
        }
        """.formatted(name, input, String.join(", ", DemoData.FEATURES), DemoFixture.data().model().toUri(), output));
    return file;
  }

  private static String tableIn() {
    return "uri = \"" + url + "\", jdbc { table = customers, partition-column = customer_id, partitions = 4, user = "
        + PostgresTestServer.USER + ", password = \"" + PostgresTestServer.PASSWORD + "\", fetch-size = 500 }";
  }

  private static String s3Block() {
    return "s3 { endpoint = \"" + s3.endpoint() + "\", path-style-access = true, region = us-east-1, access-key-id = sluice,"
        + " secret-access-key = \"" + SECRET + "\" }";
  }

  private static Config s3Settings() {
    return ConfigFactory.parseMap(Map.of("endpoint", s3.endpoint(), "path-style-access", true, "region", "us-east-1",
        "access-key-id", "sluice", "secret-access-key", SECRET));
  }

}
