package io.sluice.connectors.jdbc;

import java.sql.SQLException;

/**
 * A database failure with its SQLSTATE. While a job is planned, {@link #isAuthentication()} and
 * {@link #isMissingObject()} tell which key of the job it is about; while a partition runs, any failure (a
 * connection broken or refused, an administrator's shutdown {@code 57P01}, a serialization failure) fails the
 * attempt, which the coordinator retries. The message is the server's, which never holds the password.
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
