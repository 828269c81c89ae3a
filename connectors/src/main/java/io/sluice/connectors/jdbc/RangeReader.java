package io.sluice.connectors.jdbc;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.jdbc.impl.Pools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One key range read in key order through a server-side cursor (autocommit off, {@code fetch-size} rows a round
 * trip), straight into a batch's float buffer. Each row's place is its key: {@link FeatureBatch#offsets} and
 * {@link BadRecord#offset()} hold the partition column's value ({@link #NULL_KEY} for NULL) and the lines the row's
 * 1-based number in the range. A NULL or non-finite feature makes the row a bad record.
 */
public final class RangeReader implements AutoCloseable {
  /** The key of a row whose partition column is NULL. */
  public static final long NULL_KEY = Long.MIN_VALUE;

  private final int width;
  private final int carriedCount;
  private final List<String> featureNames;
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private long rowNumber;

  public RangeReader(JdbcSettings s, String idColumn, List<String> features, List<String> passthrough,
      KeyRange range) {
    this.width = features.size();
    this.featureNames = features;
    List<String> columns = new ArrayList<>();
    columns.add(s.partitionColumn());
    columns.addAll(features);
    if (idColumn != null) columns.add(idColumn);
    columns.addAll(passthrough);
    this.carriedCount = columns.size() - 1 - width;
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append(JdbcInput.quote(columns.get(i)));
    String key = JdbcInput.quote(s.partitionColumn());
    sql.append(" FROM ").append(s.relation()).append(" WHERE ").append(range.condition(key)).append(" ORDER BY ").append(key);
    Connection c = null;
    try {
      c = Pools.of(s).getConnection();
      c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
      c.setReadOnly(true);
      this.connection = c;
      this.statement = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(s.fetchSize());
      this.rows = statement.executeQuery();
    } catch (SQLException e) {
      Connections.rollbackAndClose(c);
      throw new JdbcFailure("cannot read " + range.describe() + " of " + s.partitionColumn(), e);
    }
  }

  /** The next at most {@code maxRows} rows, or empty at the range's end. */
  public Optional<DecodedBatch> next(int maxRows) {
    try {
      float[] features = new float[maxRows * width];
      String[][] carried = new String[maxRows][];
      long[] keys = new long[maxRows];
      long[] lines = new long[maxRows];
      List<BadRecord> bad = new ArrayList<>();
      int good = 0;
      int read = 0;
      while (read < maxRows && rows.next()) {
        read++;
        rowNumber++;
        long key = rows.getLong(1);
        if (rows.wasNull()) key = NULL_KEY;
        String problem = null;
        for (int f = 0; f < width; f++) {
          float value = rows.getFloat(2 + f);
          if (rows.wasNull()) problem = "feature '" + featureNames.get(f) + "' is NULL";
          else if (!Float.isFinite(value)) problem = "feature '" + featureNames.get(f) + "' is not finite";
          if (problem != null) break;
          features[good * width + f] = value;
        }
        if (problem != null) {
          bad.add(new BadRecord(key, rowNumber, problem, rowText()));
          continue;
        }
        String[] values = new String[carriedCount];
        for (int i = 0; i < carriedCount; i++) values[i] = rows.getString(2 + width + i);
        carried[good] = values;
        keys[good] = key;
        lines[good] = rowNumber;
        good++;
      }
      if (read == 0) return Optional.empty();
      FeatureBatch batch = good == maxRows ? new FeatureBatch(good, width, features, carried, keys, lines)
          : new FeatureBatch(good, width, features, java.util.Arrays.copyOf(carried, good),
              java.util.Arrays.copyOf(keys, good), java.util.Arrays.copyOf(lines, good));
      return Optional.of(new DecodedBatch(batch, List.copyOf(bad)));
    } catch (SQLException e) {
      throw new JdbcFailure("cannot read the next rows", e);
    }
  }

  /** The row's values as text, comma-separated, for its errors line. */
  private String rowText() throws SQLException {
    StringBuilder text = new StringBuilder();
    int count = rows.getMetaData().getColumnCount();
    for (int i = 1; i <= count; i++) {
      String value = rows.getString(i);
      text.append(i == 1 ? "" : ",").append(value == null ? "" : value);
    }
    return text.toString();
  }

  @Override
  public void close() {
    Connections.rollbackAndClose(connection);
  }
}
