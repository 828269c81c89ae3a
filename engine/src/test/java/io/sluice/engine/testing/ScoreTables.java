package io.sluice.engine.testing;

import io.sluice.connectors.jdbc.PostgresTestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a run wrote into a PostgreSQL table of the tests' server, read back as the tests compare it. */
public final class ScoreTables {
  private ScoreTables() {}

  /** The table's rows as the CSV output writes them (customer_id, region, p_stay, p_churn), sorted. */
  public static List<String> csvRows(String url, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT customer_id, region, p_stay, p_churn FROM " + table)) {
      while (rs.next()) {
        rows.add(csvCell(rs.getString(1)) + "," + csvCell(rs.getString(2)) + "," + rs.getFloat(3) + "," + rs.getFloat(4));
      }
    }
    Collections.sort(rows);
    return rows;
  }

  /** The first row of {@code sql}'s answer, each column as a long (counts). */
  public static long[] counts(String url, String sql) throws SQLException {
    try (Connection c = PostgresTestServer.admin(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long[] values = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) values[i] = rs.getLong(i + 1);
      return values;
    }
  }

  private static String csvCell(String v) {
    if (v == null) return "";
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
