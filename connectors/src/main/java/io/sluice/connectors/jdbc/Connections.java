package io.sluice.connectors.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Ending a connection whose work did not commit. */
final class Connections {
  private Connections() {}

  /**
   * Rolls back what is open and gives the connection back to its pool; the connection may be broken already (the
   * server ended it, or the network did), and closing then evicts it, so neither step may throw.
   */
  static void rollbackAndClose(Connection c) {
    if (c == null) return;
    try {
      c.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // a broken connection's transaction is gone with it
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // as above
    }
  }
}
