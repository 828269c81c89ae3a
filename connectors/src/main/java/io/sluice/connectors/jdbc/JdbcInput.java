package io.sluice.connectors.jdbc;

import io.sluice.connectors.jdbc.impl.Pools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL input's planning (contract §10): the job's columns checked against the relation's, the bounds of the
 * partition column read, and cut into ranges as Spark's JDBC source cuts them.
 */
public final class JdbcInput {
  private static final Set<Integer> NUMERIC = Set.of(Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.TINYINT, Types.REAL,
      Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL);
  private static final Set<Integer> INTEGRAL = Set.of(Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.TINYINT);

  private JdbcInput() {}

  /** A column of the job that the relation lacks or cannot serve; {@code role} is the job key below {@code job.input}. */
  public record ColumnProblem(String role, String message) {}

  /**
   * What planning learnt: the carried columns' SQL types (as PostgreSQL names them, for an output table), the
   * partition column's bounds (null when it holds no value) and whether it holds NULLs, and the problems found.
   */
  public record Layout(List<String> carriedTypes, Long lower, Long upper, boolean hasNulls, List<ColumnProblem> problems) {}

  /** Reads the relation's columns and the partition column's bounds; a database failure is a {@link JdbcFailure}. */
  public static Layout layout(JdbcSettings s, String idColumn, List<String> features, List<String> passthrough) {
    try (Connection c = Pools.of(s).getConnection()) {
      // A job's query is the user's text: planning reads it in a read-only transaction, as the partitions do, so
      // that nothing it calls (nextval, a function that writes) changes the database before a row is scored.
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try {
        return layout(c, s, idColumn, features, passthrough);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new JdbcFailure("cannot read " + (s.query() != null ? "the query" : "table " + s.table()), e);
    }
  }

  private static Layout layout(Connection c, JdbcSettings s, String idColumn, List<String> features,
      List<String> passthrough) throws SQLException {
    try (Statement st = c.createStatement()) {
      Map<String, Integer> types = new LinkedHashMap<>();
      Map<String, String> typeNames = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + s.relation() + " WHERE false")) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          types.put(md.getColumnLabel(i), md.getColumnType(i));
          typeNames.put(md.getColumnLabel(i), md.getColumnTypeName(i));
        }
      }
      List<ColumnProblem> problems = new ArrayList<>();
      String where = s.query() != null ? "the query's columns" : "table " + s.table();
      String key = s.partitionColumn();
      if (!types.containsKey(key)) problems.add(missing("jdbc.partition-column", key, where, types.keySet()));
      else if (!INTEGRAL.contains(types.get(key))) {
        problems.add(new ColumnProblem("jdbc.partition-column", "'" + key + "' is " + typeNames.get(key)
            + "; the partition column must be an integer column (smallint, integer, bigint)"));
      }
      for (String f : features) {
        if (!types.containsKey(f)) problems.add(missing("features", f, where, types.keySet()));
        else if (!NUMERIC.contains(types.get(f))) {
          problems.add(new ColumnProblem("features", "'" + f + "' is " + typeNames.get(f) + ", not a numeric type"));
        }
      }
      List<String> carriedTypes = new ArrayList<>();
      List<String> carried = new ArrayList<>();
      if (idColumn != null) carried.add(idColumn);
      carried.addAll(passthrough);
      for (int i = 0; i < carried.size(); i++) {
        String column = carried.get(i);
        if (!types.containsKey(column)) {
          problems.add(missing(i == 0 && idColumn != null ? "id-column" : "passthrough", column, where, types.keySet()));
        } else {
          carriedTypes.add(typeNames.get(column));
        }
      }
      if (!problems.isEmpty()) return new Layout(carriedTypes, null, null, false, problems);
      String q = quote(key);
      try (ResultSet rs = st.executeQuery("SELECT min(" + q + "), max(" + q + "), bool_or(" + q + " IS NULL) FROM " + s.relation())) {
        rs.next();
        Long lower = rs.getObject(1) == null ? null : rs.getLong(1);
        Long upper = rs.getObject(2) == null ? null : rs.getLong(2);
        return new Layout(carriedTypes, lower, upper, rs.getBoolean(3), List.of());
      }
    }
  }

  /**
   * The ranges of keys, in key order, as Spark's JDBC source cuts {@code [lower, upper]} into {@code partitions}: a
   * stride of {@code upper/n - lower/n}, the first range open below and the last open above, fewer ranges when the
   * bounds are closer than {@code partitions}; then the NULL-key range when {@code hasNulls}.
   */
  public static List<KeyRange> ranges(Layout layout, int partitions) {
    List<KeyRange> ranges = new ArrayList<>();
    if (layout.lower() != null) {
      long lower = layout.lower();
      long upper = layout.upper();
      long n = Math.max(1, Math.min(partitions, upper - lower));
      if (n <= 1 || upper == lower) {
        ranges.add(new KeyRange(null, null, false));
      } else {
        long stride = upper / n - lower / n;
        long bound = lower;
        for (long i = 0; i < n; i++) {
          Long from = i == 0 ? null : bound;
          bound += stride;
          Long to = i == n - 1 ? null : bound;
          ranges.add(new KeyRange(from, to, false));
        }
      }
    }
    if (layout.hasNulls()) ranges.add(new KeyRange(null, null, true));
    return ranges;
  }

  /** An identifier as PostgreSQL reads it exactly: in double quotes, inner quotes doubled. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static ColumnProblem missing(String role, String column, String where, Set<String> columns) {
    return new ColumnProblem(role, "'" + column + "' is not a column of " + where + " (its columns: "
        + String.join(", ", columns) + ")");
  }
}
