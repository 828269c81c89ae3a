package io.sluice.connectors.jdbc;

import java.sql.SQLException;

/**
 * A database failure as Sluice tells it: {@link #isTransient()} for what a new partition attempt may get past (a
 * connection broken or refused, an administrator's shutdown {@code 57P01}, a serialization failure or deadlock),
 * otherwise a problem of the job ({@link #isAuthentication()}, a missing table or column). The message is the
 * server's, which never holds the password.
 */
public final class JdbcFailure extends RuntimeException {
  private final String sqlState;

  public JdbcFailure(String what, SQLException cause) {
    super(what + ": " + describe(cause), cause);
    this.sqlState = state(cause);
  }

  /** The first SQLSTATE in the cause chain, or empty. */
  public String sqlState() {
    return sqlState;
  }

  public boolean isTransient() {
    return sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03")
        || sqlState.equals("40001") || sqlState.equals("40P01") || sqlState.isEmpty();
  }

  public boolean isAuthentication() {
    return sqlState.equals("28P01") || sqlState.equals("28000");
  }

  /** {@code 42P01} undefined table, {@code 42703} undefined column, {@code 3F000} undefined schema, {@code 3D000} no database. */
  public boolean isMissingObject() {
    return sqlState.equals("42P01") || sqlState.equals("42703") || sqlState.equals("3F000") || sqlState.equals("3D000");
  }

  private static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
    }
    return "";
  }

  private static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String state = state(e);
    return state.isEmpty() ? message : message + " (SQLSTATE " + state + ")";
  }
}
