package io.sluice.connectors.jdbc;

import io.sluice.connectors.jdbc.impl.Pools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL output's tables (contract §10): the output table, {@code <table>_errors}, {@code sluice_runs} (one row
 * per run: its job, status and manifest) and {@code sluice_partitions} (one row per committed partition of a run,
 * written in the partition's own transaction: the database's counterpart of a part file under its final name).
 */
public final class JdbcOutput {
  public static final String RUNS = "sluice_runs";
  public static final String PARTITIONS = "sluice_partitions";

  private final JdbcSettings settings;

  public JdbcOutput(JdbcSettings settings) {
    this.settings = settings;
  }

  public String table() {
    return settings.table();
  }

  public String errorsTable() {
    return settings.table() + "_errors";
  }

  /** A partition one earlier run committed, with its counts. */
  public record Committed(long recordsIn, long recordsOut, long badRecords, String sha256) {}

  /** An earlier run of a job into this table: its id, status and manifest. */
  public record EarlierRun(String runId, String status, String manifest) {}

  /** True when the output table exists and holds at least one row. */
  public boolean holdsRows() {
    return call("cannot read table " + table(), c -> {
      if (!exists(c, table())) return false;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table() + ")")) {
        rs.next();
        return rs.getBoolean(1);
      }
    });
  }

  /**
   * Makes the tables that are missing: the output table with {@code carried} columns of the given SQL types,
   * {@code predictions} as {@code real} (the {@code label} output's label as {@code text}), then
   * {@code sluice_run_id text} and {@code sluice_partition int}.
   */
  public void createTables(List<String> carried, List<String> carriedTypes, List<String> predictions, boolean labelled) {
    StringBuilder columns = new StringBuilder();
    for (int i = 0; i < carried.size(); i++) columns.append(JdbcInput.quote(carried.get(i))).append(' ').append(carriedTypes.get(i)).append(", ");
    for (int i = 0; i < predictions.size(); i++) {
      columns.append(JdbcInput.quote(predictions.get(i))).append(labelled && i == 0 ? " text, " : " real, ");
    }
    columns.append("sluice_run_id text NOT NULL, sluice_partition int NOT NULL");
    run("cannot create the output tables", c -> {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + table() + " (" + columns + ")");
        st.execute("CREATE INDEX IF NOT EXISTS " + JdbcInput.quote(bare(table()) + "_sluice_run") + " ON " + table()
            + " (sluice_run_id, sluice_partition)");
        st.execute("CREATE TABLE IF NOT EXISTS " + errorsTable() + " (sluice_run_id text NOT NULL, sluice_partition int NOT NULL,"
            + " error jsonb NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS " + RUNS + " (run_id text PRIMARY KEY, job text NOT NULL, output_table text NOT NULL,"
            + " status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), manifest jsonb)");
        st.execute("CREATE TABLE IF NOT EXISTS " + PARTITIONS + " (run_id text NOT NULL, partition int NOT NULL,"
            + " records_in bigint NOT NULL, records_out bigint NOT NULL, bad_records bigint NOT NULL, sha256 text,"
            + " PRIMARY KEY (run_id, partition))");
      }
      c.commit();
    });
  }

  /** {@code overwrite}: deletes the rows, errors and records of every earlier run of {@code job} into this table. */
  public void clearRunsOf(String job) {
    run("cannot clear earlier runs of " + job + " from " + table(), c -> {
      String earlier = "SELECT run_id FROM " + RUNS + " WHERE job = ? AND output_table = ?";
      for (String target : List.of(table() + " WHERE sluice_run_id", errorsTable() + " WHERE sluice_run_id",
          PARTITIONS + " WHERE run_id", RUNS + " WHERE run_id")) {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + target + " IN (" + earlier + ")")) {
          st.setString(1, job);
          st.setString(2, table());
          st.executeUpdate();
        }
      }
      c.commit();
    });
  }

  /** The latest run of {@code job} into this table, if any. */
  public Optional<EarlierRun> latestRunOf(String job) {
    return call("cannot read " + RUNS, c -> {
      if (!exists(c, RUNS)) return Optional.empty();
      try (PreparedStatement st = c.prepareStatement("SELECT run_id, status, manifest::text FROM " + RUNS
          + " WHERE job = ? AND output_table = ? ORDER BY updated_at DESC LIMIT 1")) {
        st.setString(1, job);
        st.setString(2, table());
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new EarlierRun(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
      }
    });
  }

  /** The partitions {@code runId} committed, by index. */
  public Map<Integer, Committed> committedBy(String runId) {
    return call("cannot read " + PARTITIONS, c -> {
      Map<Integer, Committed> committed = new HashMap<>();
      if (!exists(c, PARTITIONS)) return committed;
      try (PreparedStatement st = c.prepareStatement("SELECT partition, records_in, records_out, bad_records, sha256 FROM "
          + PARTITIONS + " WHERE run_id = ?")) {
        st.setString(1, runId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) committed.put(rs.getInt(1), new Committed(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5)));
        }
      }
      return committed;
    });
  }

  /**
   * Records the run in {@code sluice_runs} (made or updated), and for a resumed run the partitions it keeps from the
   * earlier one as committed by it, so that resuming it in turn keeps them too.
   */
  public void recordRun(String runId, String job, String status, String manifest, Map<Integer, Committed> kept) {
    run("cannot record run " + runId + " in " + RUNS, c -> {
      try (PreparedStatement st = c.prepareStatement("INSERT INTO " + RUNS + " (run_id, job, output_table, status, manifest)"
          + " VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status,"
          + " manifest = EXCLUDED.manifest, updated_at = now()")) {
        st.setString(1, runId);
        st.setString(2, job);
        st.setString(3, table());
        st.setString(4, status);
        st.setString(5, manifest);
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("INSERT INTO " + PARTITIONS
          + " (run_id, partition, records_in, records_out, bad_records, sha256) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        for (var e : kept.entrySet()) {
          st.setString(1, runId);
          st.setInt(2, e.getKey());
          st.setLong(3, e.getValue().recordsIn());
          st.setLong(4, e.getValue().recordsOut());
          st.setLong(5, e.getValue().badRecords());
          st.setString(6, e.getValue().sha256());
          st.addBatch();
        }
        if (!kept.isEmpty()) st.executeBatch();
      }
      c.commit();
    });
  }

  /** Starts one attempt of partition {@code partition} of {@code runId}: its transaction, open until commit or abort. */
  public PartitionWrite begin(String runId, int partition, List<String> columns) {
    return new PartitionWrite(settings, this, runId, partition, columns);
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The table's name without schema or quotes, for naming its index. */
  private static String bare(String table) {
    String name = table.substring(table.lastIndexOf('.') + 1);
    return name.replace("\"", "");
  }

  interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  interface Step {
    void apply(Connection c) throws SQLException;
  }

  private void run(String what, Step step) {
    call(what, c -> {
      step.apply(c);
      return null;
    });
  }

  private <T> T call(String what, Work<T> work) {
    try (Connection c = Pools.of(settings).getConnection()) {
      c.setAutoCommit(false);
      try {
        return work.apply(c);
      } finally {
        if (!c.getAutoCommit()) c.rollback();
      }
    } catch (SQLException e) {
      throw new JdbcFailure(what, e);
    }
  }
}
