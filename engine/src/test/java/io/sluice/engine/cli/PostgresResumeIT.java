package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.connectors.jdbc.PostgresTestServer;
import io.sluice.engine.demo.DemoData;
import io.sluice.engine.testing.CliProcess;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.ScoreTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sluice run` from one table into another, killed with SIGKILL halfway (its open transactions die with its
 * connections), then run again with {@code mode = resume}: every row once, the partitions committed before the kill
 * kept. And a CSV job's process never loads the PostgreSQL driver or the pool.
 */
class PostgresResumeIT {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final int ROWS = 120_000;
  private static final int PARTITIONS = 24;
  @TempDir Path dir;

  @Test
  void aKilledTableToTableRunResumesToEveryRowOnce() throws Exception {
    String url = PostgresTestServer.newDatabase("resume");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers AS SELECT k AS customer_id, 'r' || (k % 5) AS region, k % 72 AS tenure_months,"
          + " 20 + (k % 1000) / 10.0 AS monthly_charges, k % 7 AS support_calls, k % 4 AS contract_years, k % 3 AS late_payments"
          + " FROM generate_series(1, " + ROWS + ") k");
      st.execute("ALTER TABLE customers OWNER TO " + PostgresTestServer.USER);
    }
    String login = "user = " + PostgresTestServer.USER + ", password = \"" + PostgresTestServer.PASSWORD + "\"";
    Path job = dir.resolve("job.conf");
    Files.writeString(job, """
        job {
          name = "resumed"
          input { uri = "%s", jdbc { table = customers, partition-column = customer_id, partitions = %d, %s },
                  id-column = customer_id, features = [%s] }
          model { uri = "%s" }
          batching { max-size = 64 }
          workers { partitions-in-flight = 1 }
          output { uri = "%s", jdbc { table = scores, %s } }
        }
        """.formatted(url, PARTITIONS, login, String.join(", ", DemoData.FEATURES), DemoFixture.data().model().toUri(), url, login));

    Process killed = CliProcess.start(dir, "killed", "run", job.toString(), "--quiet");
    Instant deadline = Instant.now().plus(DEADLINE);
    while (committed(url) < 3 && killed.isAlive() && Instant.now().isBefore(deadline)) Thread.sleep(20);
    killed.destroyForcibly().waitFor();
    long before = committed(url);
    assertTrue(before >= 3 && before < PARTITIONS, "killed halfway: " + before + " partitions committed");
    long[] partial = counts(url);
    assertEquals(partial[0], partial[1], "no row twice after the kill");

    Process resumed = CliProcess.start(dir, "resumed", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume");
    assertEquals(0, ended(resumed), Files.readString(dir.resolve("resumed.log")));
    long[] all = counts(url);
    assertEquals(ROWS, all[0]);
    assertEquals(ROWS, all[1], "every id once");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT manifest::text FROM sluice_runs WHERE status = 'SUCCEEDED'")) {
      assertTrue(rs.next());
      String manifest = rs.getString(1);
      int kept = manifest.split("\"keptFromEarlierRun\" ?: ?true", -1).length - 1;
      assertTrue(kept >= before, "kept, not recomputed: " + kept + " of " + before);
    }
  }

  @Test
  void aCsvJobNeverLoadsTheDriver() throws Exception {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    Process run = CliProcess.start(dir, "classes", List.of("-verbose:class"), "run", job.toString(), "--quiet");
    assertEquals(0, ended(run));
    String loaded = Files.readString(dir.resolve("classes.log"));
    assertTrue(loaded.contains("io.sluice.engine.work.PartitionStream"), "the log lists loaded classes");
    assertFalse(loaded.contains("org.postgresql."), "the PostgreSQL driver stays unloaded");
    assertFalse(loaded.contains("com.zaxxer.hikari."), "the pool stays unloaded");
  }

  private static long committed(String url) throws SQLException {
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT to_regclass('sluice_partitions') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) return 0;
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sluice_partitions")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long[] counts(String url) throws SQLException {
    return ScoreTables.counts(url, "SELECT count(*), count(DISTINCT customer_id) FROM scores");
  }


  private static int ended(Process process) throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("sluice did not end within " + DEADLINE);
    }
    return process.exitValue();
  }
}
