package io.sluice.connectors.jdbc;

import io.sluice.connectors.jdbc.impl.Pools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One attempt of one partition into the output table, in ONE transaction: it takes the partition's advisory lock
 * (so that two attempts of it never overlap), deletes whatever an earlier attempt of the same partition of the same
 * run wrote (rows, errors, its {@code sluice_partitions} row), streams the rows in with COPY, adds the errors and
 * the partition's record, and commits. The commit is the partition's commit point, as a part file's rename is for
 * files: before it a reader sees the earlier state, after it the whole partition.
 */
public final class PartitionWrite implements AutoCloseable {
  private final JdbcOutput output;
  private final String runId;
  private final int partition;
  private final Connection connection;
  private final CopyIn copy;
  private final List<String> errorLines = new ArrayList<>();
  private boolean finished;

  PartitionWrite(JdbcSettings settings, JdbcOutput output, String runId, int partition, List<String> columns) {
    this.output = output;
    this.runId = runId;
    this.partition = partition;
    Connection c = null;
    try {
      c = Pools.of(settings).getConnection();
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), ?)")) {
        lock.setString(1, runId);
        lock.setInt(2, partition);
        lock.execute();
      }
      for (String target : List.of(output.table() + " WHERE sluice_run_id = ? AND sluice_partition = ?",
          output.errorsTable() + " WHERE sluice_run_id = ? AND sluice_partition = ?",
          JdbcOutput.PARTITIONS + " WHERE run_id = ? AND partition = ?")) {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + target)) {
          st.setString(1, runId);
          st.setInt(2, partition);
          st.executeUpdate();
        }
      }
      StringBuilder sql = new StringBuilder("COPY ").append(output.table()).append(" (");
      for (String column : columns) sql.append(JdbcInput.quote(column)).append(", ");
      sql.append("sluice_run_id, sluice_partition) FROM STDIN");
      this.connection = c;
      this.copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
    } catch (SQLException e) {
      Connections.rollbackAndClose(c);
      throw new JdbcFailure("cannot write partition " + partition + " to " + output.table(), e);
    }
  }

  /** Rows in COPY's text format ({@link CopyRowEncoder}). */
  public void write(byte[] rows) {
    try {
      if (rows.length > 0) copy.writeToCopy(rows, 0, rows.length);
    } catch (SQLException e) {
      throw new JdbcFailure("cannot write partition " + partition + " to " + output.table(), e);
    }
  }

  /** One errors line (a JSON object, contract §4) to go to {@code <table>_errors}. */
  public void error(String jsonLine) {
    errorLines.add(jsonLine);
  }

  /** Ends the COPY, adds the errors and the partition's record, and commits: from here on the partition is whole. */
  public void commit(long recordsIn, long recordsOut, long badRecords, String sha256) {
    try {
      copy.endCopy();
      if (!errorLines.isEmpty()) {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO " + output.errorsTable()
            + " (sluice_run_id, sluice_partition, error) VALUES (?, ?, ?::jsonb)")) {
          for (String line : errorLines) {
            st.setString(1, runId);
            st.setInt(2, partition);
            st.setString(3, line);
            st.addBatch();
          }
          st.executeBatch();
        }
      }
      try (PreparedStatement st = connection.prepareStatement("INSERT INTO " + JdbcOutput.PARTITIONS
          + " (run_id, partition, records_in, records_out, bad_records, sha256) VALUES (?, ?, ?, ?, ?, ?)")) {
        st.setString(1, runId);
        st.setInt(2, partition);
        st.setLong(3, recordsIn);
        st.setLong(4, recordsOut);
        st.setLong(5, badRecords);
        st.setString(6, sha256);
        st.executeUpdate();
      }
      connection.commit();
      finished = true;
    } catch (SQLException e) {
      throw new JdbcFailure("cannot commit partition " + partition + " to " + output.table(), e);
    } finally {
      close();
    }
  }

  /** Throws the attempt's writing away; safe to call more than once. */
  @Override
  public void close() {
    if (copy.isActive()) {
      try {
        copy.cancelCopy();
      } catch (SQLException ignored) {
        // a broken connection ends the copy by itself
      }
    }
    if (!finished) Connections.rollbackAndClose(connection);
    else {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // committed already
      }
    }
  }
}
