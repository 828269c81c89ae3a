package io.sluice.connectors.jdbc.impl;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.connectors.jdbc.JdbcSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Hikari pool per database, user and password in this JVM, shared by every partition of every job that names
 * them, so that a node's connections stay bounded. The password enters the key only as a hash.
 */
public final class Pools {
  private static final Map<String, HikariDataSource> POOLS = new ConcurrentHashMap<>();

  private Pools() {}

  public static HikariDataSource of(JdbcSettings s) {
    String key = s.url() + "\u0000" + s.user() + "\u0000" + hash(s.password()) + "\u0000" + s.statementTimeout().toMillis();
    return POOLS.compute(key, (k, pool) -> {
      if (pool != null && !pool.isClosed()) {
        if (pool.getMaximumPoolSize() < s.maxConnections()) pool.getHikariConfigMXBean().setMaximumPoolSize(s.maxConnections());
        return pool;
      }
      return create(s);
    });
  }

  private static HikariDataSource create(JdbcSettings s) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(s.url());
    if (s.user() != null) config.setUsername(s.user());
    if (s.password() != null) config.setPassword(s.password());
    config.setDriverClassName("org.postgresql.Driver");
    config.setMaximumPoolSize(Math.max(1, s.maxConnections()));
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
    config.setInitializationFailTimeout(-1); // a wrong password fails the first statement, naming the key, not the pool
    config.setPoolName("sluice-jdbc");
    config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, s.connectTimeout().toSeconds())));
    config.addDataSourceProperty("ApplicationName", "sluice");
    // a range is read by one execution of its statement: without this the driver would take its rows as text and
    // parse every float, binary transfer starting only at the fifth execution
    config.addDataSourceProperty("prepareThreshold", "-1");
    if (!s.statementTimeout().isZero()) {
      config.setConnectionInitSql("SET statement_timeout = " + s.statementTimeout().toMillis());
    }
    return new HikariDataSource(config);
  }

  private static String hash(String password) {
    if (password == null) return "";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
