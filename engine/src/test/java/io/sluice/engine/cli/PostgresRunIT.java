package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.jdbc.PostgresTestServer;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.DemoOutput;
import io.sluice.engine.testing.ScoreTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL input and output through the whole engine (contract §10), against a real PostgreSQL started by the
 * test: key ranges with gaps and NULL keys, CSV → table, table → CSV, table → table, a partition whose transaction
 * fails between COPY and commit retried, readers that never see part of a partition, the write modes, and the job
 * problems that exit 2 naming the key without the password.
 */
class PostgresRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keys 1..1000 and 50001..50500 (a gap), 7 NULL keys; a NULL feature on three rows. */
  private static final int ROWS = 1507;
  private static final int BAD = 3;
  @TempDir static Path dir;
  private static String url;

  @BeforeAll
  static void customers() throws SQLException {
    url = PostgresTestServer.newDatabase("runs");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (customer_id bigint, region text, tenure_months int, monthly_charges numeric(9,2),"
          + " support_calls smallint, contract_years real, late_payments double precision, note text)");
      st.execute("INSERT INTO customers SELECT k, (ARRAY['north', 'south, coast', 'east\tside', NULL])[k % 4 + 1], k % 72,"
          + " 20 + (k * 37 % 10000) / 100.0, k % 7, k % 4, k % 3, 'n' || k"
          + " FROM (SELECT generate_series(1, 1000) AS k UNION ALL SELECT generate_series(50001, 50500)) s");
      st.execute("INSERT INTO customers SELECT NULL, 'nowhere', i, 30, 1, 1, 1, 'null key' FROM generate_series(1, 7) i");
      st.execute("UPDATE customers SET late_payments = NULL WHERE customer_id IN (17, 50017) OR (customer_id IS NULL AND tenure_months = 3)");
      st.execute("ALTER TABLE customers OWNER TO " + PostgresTestServer.USER);
    }
  }

  private static Path job(String name, String input, String output, String... extra) throws Exception {
    String features = String.join(", ", DemoData.FEATURES);
    Path file = Files.createTempFile(dir, name, ".conf");
    Files.writeString(file, """
        job {
          name = "%s"
          input { %s, id-column = "customer_id", passthrough = ["region"], features = [%s] }
          model { uri = "%s", labels = ["stay", "churn"] }
          batching { max-size = 128 }
          output { %s }
          errors { max-bad-record-fraction = 0.05, retry-backoff = 50ms }
        }
        """.formatted(name, input, features, DemoFixture.data().model().toUri(), output) + String.join("\n", extra) + "\n");
    return file;
  }

  private static String tableIn(int partitions) {
    return "uri = \"" + url + "\", jdbc { table = customers, partition-column = customer_id, partitions = " + partitions
        + ", user = " + PostgresTestServer.USER + ", password = \"" + PostgresTestServer.PASSWORD + "\", fetch-size = 100 }";
  }

  private static String tableOut(String table, String mode) {
    return "uri = \"" + url + "\", mode = " + mode + ", jdbc { table = " + table + ", user = " + PostgresTestServer.USER
        + ", password = \"" + PostgresTestServer.PASSWORD + "\" }";
  }

  private static int run(Path job, CliCapture cli) {
    return cli.run("run", job.toString(), "--quiet");
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    java.util.Collections.sort(copy);
    return copy;
  }

  private static List<String> tableRows(String table) throws SQLException {
    return ScoreTables.csvRows(url, table);
  }

  private static long[] counts(String sql) throws SQLException {
    return ScoreTables.counts(url, sql);
  }

  private static JsonNode manifestOf(String job) throws Exception {
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT manifest::text, status FROM sluice_runs WHERE job = '" + job
            + "' ORDER BY updated_at DESC LIMIT 1")) {
      assertTrue(rs.next());
      return JSON.readTree(rs.getString(1));
    }
  }

  @Test
  void tableToCsvReadsEveryKeyRangeAndTheNullKeysWhateverThePartitionCount() throws Exception {
    CliCapture cli = new CliCapture();
    Path one = dir.resolve("csv-1");
    Path many = dir.resolve("csv-9");
    assertEquals(0, run(job("to-csv-a", tableIn(1), "uri = \"" + one.toUri() + "\""), cli), cli.stderr());
    assertEquals(0, run(job("to-csv-b", tableIn(9), "uri = \"" + many.toUri() + "\""), cli), cli.stderr());
    assertEquals(2, DemoOutput.partFiles(one, "csv").size(), "one range, then the NULL keys");
    assertEquals(10, DemoOutput.partFiles(many, "csv").size(), "nine ranges, then the NULL keys");
    List<String> rows = DemoOutput.csvRows(many);
    assertEquals(ROWS - BAD, rows.size());
    assertEquals(DemoOutput.csvRows(one), rows, "the same rows in the same (key) order");
    assertTrue(rows.get(0).startsWith("1,\"south, coast\","), rows.get(0));
    assertTrue(rows.get(rows.size() - 1).startsWith(",nowhere,"), "NULL keys last: " + rows.get(rows.size() - 1));
    List<String> errors = DemoOutput.errors(many);
    assertEquals(BAD, errors.size(), String.join("\n", errors));
    assertTrue(errors.get(0).contains("\"key\":17,\"error\":\"feature 'late_payments' is NULL\""), errors.get(0));
    assertTrue(errors.get(1).contains("\"key\":50017,"), errors.get(1));
    assertTrue(errors.get(2).contains("\"key\":null,"), errors.get(2));
    assertFalse(String.join("", errors).contains(PostgresTestServer.PASSWORD));
    assertFalse(Files.readString(many.resolve("_manifest.json")).contains(PostgresTestServer.PASSWORD));
  }

  @Test
  void csvToTableHoldsWhatCsvToCsvWritesOncePerRow() throws Exception {
    CliCapture cli = new CliCapture();
    Path csv = dir.resolve("demo-csv");
    String demoIn = "uri = \"" + DemoFixture.data().inputDir().toUri() + "\"";
    assertEquals(0, run(job("demo-csv", demoIn, "uri = \"" + csv.toUri() + "\""), cli), cli.stderr());
    assertEquals(0, run(job("demo-table", demoIn, tableOut("demo_scores", "error-if-exists")), cli), cli.stderr());
    assertEquals(sorted(DemoOutput.csvRows(csv)), tableRows("demo_scores"));
    long[] c = counts("SELECT count(*), count(DISTINCT customer_id) FROM demo_scores");
    assertEquals(c[0], c[1]);
    assertEquals(DemoFixture.data().badRecords(), counts("SELECT count(*) FROM demo_scores_errors")[0]);
    assertEquals("SUCCEEDED", counts("SELECT count(*) FROM sluice_runs WHERE job = 'demo-table' AND status = 'SUCCEEDED'")[0] == 1
        ? "SUCCEEDED" : "missing");
  }

  @Test
  void aPartitionFailingBetweenCopyAndCommitIsRetriedAndReadersOnlySeeWholePartitions() throws Exception {
    String table = "retried_scores";
    CliCapture cli = new CliCapture();
    // the first commit of partition 2 fails after its COPY, inside its transaction (a sequence is not transactional)
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE SEQUENCE fail_once");
      st.execute("GRANT USAGE ON SEQUENCE fail_once TO " + PostgresTestServer.USER);
      st.execute("""
          CREATE FUNCTION fail_partition_two_once() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF NEW.partition = 2 AND nextval('fail_once') = 1 THEN RAISE EXCEPTION 'injected failure before commit'; END IF;
            RETURN NEW;
          END $$""");
    }
    Path first = job("retried", tableIn(6), tableOut(table, "error-if-exists"), "job.workers.partitions-in-flight = 3");
    // validate checks the job and makes no table; the trigger goes on sluice_partitions, written last in each transaction
    assertEquals(0, cli.run("validate", first.toString()), cli.stderr());
    assertEquals(0, counts("SELECT count(*) FROM pg_tables WHERE tablename = 'retried_scores'")[0], "validate changes nothing");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS sluice_partitions (run_id text NOT NULL, partition int NOT NULL,"
          + " records_in bigint NOT NULL, records_out bigint NOT NULL, bad_records bigint NOT NULL, sha256 text,"
          + " PRIMARY KEY (run_id, partition))");
      st.execute("ALTER TABLE sluice_partitions OWNER TO " + PostgresTestServer.USER);
      st.execute("CREATE TRIGGER fail_two BEFORE INSERT ON sluice_partitions FOR EACH ROW EXECUTE FUNCTION fail_partition_two_once()");
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> partial = new AtomicReference<>();
    Map<Integer, Long> seen = new HashMap<>();
    Thread reader = new Thread(() -> {
      try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
        while (!done.get()) {
          if (counts("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'")[0] == 0) continue;
          try (ResultSet rs = st.executeQuery("SELECT sluice_partition, count(*) FROM " + table + " GROUP BY 1")) {
            while (rs.next()) seen.merge(rs.getInt(1), rs.getLong(2), (a, b) -> {
              if (!a.equals(b)) partial.set("partition " + rs.toString() + " seen with " + a + " then " + b + " rows");
              return b;
            });
          }
        }
      } catch (SQLException e) {
        partial.compareAndSet(null, e.toString());
      }
    });
    reader.start();
    try {
      assertEquals(0, run(first, cli), cli.stderr());
    } finally {
      done.set(true);
      reader.join();
    }
    assertEquals(null, partial.get());
    long[] c = counts("SELECT count(*), count(DISTINCT customer_id), count(*) FILTER (WHERE customer_id IS NULL) FROM " + table);
    assertEquals(ROWS - BAD, c[0]);
    assertEquals(ROWS - BAD - 6, c[1], "every non-NULL id once (six NULL-key rows are good)");
    JsonNode manifest = manifestOf("retried");
    assertEquals("SUCCEEDED", manifest.path("status").asText());
    assertEquals(2, manifest.path("partitions").get(2).path("attempts").asInt(), manifest.toString());
    assertEquals(ROWS - BAD, manifest.path("totals").path("recordsOut").asLong());
    // the partition's rows from its failed attempt never showed: every count the reader saw was the final one
    try (Connection conn = PostgresTestServer.admin(url); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT sluice_partition, count(*) FROM " + table + " GROUP BY 1")) {
      while (rs.next()) {
        Long earlier = seen.get(rs.getInt(1));
        assertTrue(earlier == null || earlier == rs.getLong(2), "partition " + rs.getInt(1));
      }
    }
    try (Connection conn = PostgresTestServer.admin(url); Statement st = conn.createStatement()) {
      st.execute("DROP TRIGGER fail_two ON sluice_partitions");
    }
  }

  @Test
  void aWriterBackendTerminatedByTheServerIsRetriedAsAPartitionAttempt() throws Exception {
    CliCapture cli = new CliCapture();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Integer> terminated = new AtomicReference<>(0);
    Thread terminator = new Thread(() -> {
      try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
        while (!done.get() && terminated.get() == 0) {
          // SQLSTATE 57P01 (admin shutdown) on the writer's connection, in the middle of its COPY
          try (ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND application_name = 'sluice' AND query LIKE 'COPY terminated_scores%'")) {
            rs.next();
            terminated.set(rs.getInt(1));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    terminator.start();
    try {
      assertEquals(0, run(job("terminated", tableIn(3), tableOut("terminated_scores", "error-if-exists"),
          "job.batching.max-size = 4"), cli), cli.stderr());
    } finally {
      done.set(true);
      terminator.join();
    }
    assertTrue(terminated.get() > 0, "a writer was terminated mid-run");
    long[] c = counts("SELECT count(*), count(DISTINCT customer_id) FROM terminated_scores");
    assertEquals(ROWS - BAD, c[0]);
    assertEquals(ROWS - BAD - 6, c[1]);
    int attempts = 0;
    for (JsonNode p : manifestOf("terminated").path("partitions")) attempts += p.path("attempts").asInt();
    assertTrue(attempts > manifestOf("terminated").path("partitions").size(), "a partition ran again: " + attempts);
  }

  @Test
  void modesErrorIfExistsOverwriteAppendAndResume() throws Exception {
    CliCapture cli = new CliCapture();
    String table = "mode_scores";
    assertEquals(0, run(job("modes", tableIn(4), tableOut(table, "error-if-exists")), cli), cli.stderr());
    long rows = ROWS - BAD;
    assertEquals(rows, counts("SELECT count(*) FROM " + table)[0]);

    assertEquals(2, run(job("modes", tableIn(4), tableOut(table, "error-if-exists")), cli));
    assertTrue(cli.stderr().contains("job.output.jdbc.table"), cli.stderr());

    assertEquals(0, run(job("modes", tableIn(4), tableOut(table, "overwrite")), cli), cli.stderr());
    assertEquals(rows, counts("SELECT count(*) FROM " + table)[0]);
    assertEquals(1, counts("SELECT count(DISTINCT sluice_run_id) FROM " + table)[0]);

    assertEquals(0, run(job("modes", tableIn(4), tableOut(table, "append")), cli), cli.stderr());
    assertEquals(2 * rows, counts("SELECT count(*) FROM " + table)[0]);

    assertEquals(0, run(job("modes", tableIn(4), tableOut(table, "overwrite")), cli), cli.stderr());
    assertEquals(rows, counts("SELECT count(*) FROM " + table)[0]);

    // a run that ended before partition 1 committed, as a killed one leaves it: resume runs only that partition
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("DELETE FROM " + table + " WHERE sluice_partition = 1");
      st.execute("DELETE FROM sluice_partitions WHERE partition = 1 AND run_id = (SELECT run_id FROM sluice_runs WHERE job = 'modes'"
          + " ORDER BY updated_at DESC LIMIT 1)");
      st.execute("UPDATE sluice_runs SET status = 'RUNNING' WHERE job = 'modes'");
    }
    assertEquals(0, run(job("modes", tableIn(4), tableOut(table, "resume")), cli), cli.stderr());
    long[] c = counts("SELECT count(*), count(DISTINCT customer_id) FROM " + table);
    assertEquals(rows, c[0]);
    JsonNode manifest = manifestOf("modes");
    int ran = 0;
    for (JsonNode p : manifest.path("partitions")) ran += p.path("attempts").asInt();
    assertEquals(1, ran, "only the missing partition ran: " + manifest);
    assertEquals(rows, manifest.path("totals").path("recordsOut").asLong());
  }

  @Test
  void wrongCredentialsMissingTablesAndTextFeaturesExitTwoNamingTheKey() throws Exception {
    CliCapture cli = new CliCapture();
    String wrong = tableIn(2).replace(PostgresTestServer.PASSWORD, "wrong-pw-93b1");
    assertEquals(2, cli.run("validate", job("bad-pw", wrong, "uri = \"" + dir.resolve("x").toUri() + "\"").toString()));
    assertTrue(cli.stderr().contains("job.input.jdbc.user"), cli.stderr());
    assertFalse(cli.stderr().contains("wrong-pw-93b1"), cli.stderr());

    assertEquals(2, cli.run("validate", job("no-table", tableIn(2).replace("table = customers", "table = nope"),
        "uri = \"" + dir.resolve("y").toUri() + "\"").toString()));
    assertTrue(cli.stderr().contains("job.input.jdbc.table"), cli.stderr());

    assertEquals(2, cli.run("validate", job("text-feature", tableIn(2), "uri = \"" + dir.resolve("z").toUri() + "\"",
        "job.input.features = [tenure_months, monthly_charges, support_calls, contract_years, note]").toString()));
    assertTrue(cli.stderr().contains("job.input.features: 'note' is text, not a numeric type"), cli.stderr());
    assertFalse(cli.stderr().contains(PostgresTestServer.PASSWORD), cli.stderr());
  }
}
