package io.sluice.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.DecodedBatch;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key ranges against a real PostgreSQL: gaps, NULL keys, NULL features, every row read exactly once and in key order. */
class JdbcInputTest {
  private static String url;

  @BeforeAll
  static void table() throws Exception {
    url = PostgresTestServer.newDatabase("input");
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (k bigint, name text, a real, b numeric(9,2), when_seen timestamp)");
      // keys 0..99 and 10000..10099 (a gap), five NULL keys, two NULL features
      st.execute("INSERT INTO t SELECT k, 'n' || k, k, k / 2.0, timestamp '2024-01-01' + k * interval '1 minute'"
          + " FROM (SELECT generate_series(0, 99) AS k UNION ALL SELECT generate_series(10000, 10099)) s");
      st.execute("INSERT INTO t SELECT NULL, 'null' || i, i, i, NULL FROM generate_series(1, 5) i");
      st.execute("UPDATE t SET a = NULL WHERE k IN (7, 10050)");
      st.execute("GRANT SELECT ON t TO " + PostgresTestServer.USER);
    }
  }

  private static JdbcSettings settings(int partitions) {
    return JdbcSettings.create(url, ConfigFactory.parseMap(Map.of("table", "t", "partition-column", "k",
        "user", PostgresTestServer.USER, "password", PostgresTestServer.PASSWORD, "partitions", partitions, "fetch-size", 7)));
  }

  @Test
  void rangesWithGapsAndNullKeysReadEveryRowOnceInKeyOrder() {
    for (int partitions : List.of(1, 3, 8, 1000)) {
      JdbcSettings s = settings(partitions);
      JdbcInput.Layout layout = JdbcInput.layout(s, "name", List.of("a", "b"), List.of("when_seen"));
      assertTrue(layout.problems().isEmpty(), layout.problems().toString());
      assertEquals(List.of("text", "timestamp"), layout.carriedTypes());
      List<KeyRange> ranges = JdbcInput.ranges(layout, partitions);
      assertTrue(ranges.get(ranges.size() - 1).nulls(), "NULL keys are the last partition");
      List<Long> keys = new ArrayList<>();
      List<BadRecord> bad = new ArrayList<>();
      int nullRows = 0;
      for (KeyRange range : ranges) {
        try (RangeReader reader = new RangeReader(s, "name", List.of("a", "b"), List.of("when_seen"), range)) {
          Optional<DecodedBatch> batch;
          while ((batch = reader.next(10)).isPresent()) {
            for (int i = 0; i < batch.get().good().rows; i++) {
              long key = batch.get().good().offsets[i];
              if (key == RangeReader.NULL_KEY) nullRows++;
              else keys.add(key);
              assertEquals(key == RangeReader.NULL_KEY ? batch.get().good().features[i * 2] : (float) key,
                  batch.get().good().features[i * 2]);
            }
            bad.addAll(batch.get().bad());
          }
        }
      }
      List<Long> expected = new ArrayList<>();
      for (long k = 0; k < 100; k++) if (k != 7) expected.add(k);
      for (long k = 10000; k < 10100; k++) if (k != 10050) expected.add(k);
      assertEquals(expected, keys, partitions + " partitions");
      assertEquals(5, nullRows);
      assertEquals(List.of(7L, 10050L), bad.stream().map(BadRecord::offset).toList());
      assertTrue(bad.get(0).reason().contains("'a' is NULL"), bad.get(0).reason());
    }
  }

  @Test
  void sparkStridesOpenAtBothEnds() {
    List<KeyRange> ranges = JdbcInput.ranges(new JdbcInput.Layout(List.of(), 0L, 100L, false, List.of()), 4);
    assertEquals(List.of(new KeyRange(null, 25L, false), new KeyRange(25L, 50L, false), new KeyRange(50L, 75L, false),
        new KeyRange(75L, null, false)), ranges);
    assertEquals(1, JdbcInput.ranges(new JdbcInput.Layout(List.of(), 5L, 5L, false, List.of()), 4).size());
    assertEquals(List.of(new KeyRange(null, null, true)), JdbcInput.ranges(new JdbcInput.Layout(List.of(), null, null, true, List.of()), 4));
  }

  @Test
  void missingAndNonNumericColumnsAreNamedByRole() {
    JdbcInput.Layout layout = JdbcInput.layout(settings(2), "nope", List.of("a", "name"), List.of());
    assertEquals(List.of("features", "id-column"), layout.problems().stream().map(JdbcInput.ColumnProblem::role).toList());
    assertTrue(layout.problems().get(0).message().contains("'name' is text, not a numeric type"));
  }

  @Test
  void planningReadsTheJobsQueryReadOnly() throws Exception {
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement()) {
      st.execute("CREATE SEQUENCE planning_seq");
      st.execute("GRANT USAGE, SELECT ON SEQUENCE planning_seq TO " + PostgresTestServer.USER);
    }
    JdbcSettings writing = JdbcSettings.create(url, ConfigFactory.parseMap(Map.of(
        "query", "SELECT k, a, nextval('planning_seq') AS n FROM t", "partition-column", "k",
        "user", PostgresTestServer.USER, "password", PostgresTestServer.PASSWORD)));
    JdbcFailure f = org.junit.jupiter.api.Assertions.assertThrows(JdbcFailure.class,
        () -> JdbcInput.layout(writing, null, List.of("a"), List.of()));
    assertEquals("25006", f.sqlState(), "read_only_sql_transaction: " + f.getMessage());
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT is_called FROM planning_seq")) {
      rs.next();
      assertFalse(rs.getBoolean(1), "the sequence was never advanced");
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() {
    JdbcSettings wrong = JdbcSettings.create(url, ConfigFactory.parseMap(Map.of("table", "t", "partition-column", "k",
        "user", PostgresTestServer.USER, "password", "not-the-password-xyz", "connect-timeout", "3s")));
    JdbcFailure f = org.junit.jupiter.api.Assertions.assertThrows(JdbcFailure.class,
        () -> JdbcInput.layout(wrong, null, List.of("a"), List.of()));
    assertTrue(f.isAuthentication(), f.getMessage() + " " + f.sqlState());
    assertFalse(f.getMessage().contains("not-the-password-xyz"));
    assertFalse(wrong.toString().contains("not-the-password-xyz"));
  }
}
