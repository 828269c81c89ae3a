package io.sluice.connectors.jdbc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * A {@code jdbc { }} block (contract §10) over the defaults in {@code sluice.connectors.jdbc} (reference.conf).
 * The password is held but never shown: {@link #toString()} leaves it out.
 */
public final class JdbcSettings {
  private final String url;
  private final String table;
  private final String query;
  private final String partitionColumn;
  private final int partitions;
  private final String user;
  private final String password;
  private final int fetchSize;
  private final Duration connectTimeout;
  private final Duration statementTimeout;
  private final int maxConnections;

  private JdbcSettings(String url, String table, String query, String partitionColumn, int partitions, String user,
      String password, int fetchSize, Duration connectTimeout, Duration statementTimeout, int maxConnections) {
    this.url = url;
    this.table = table;
    this.query = query;
    this.partitionColumn = partitionColumn;
    this.partitions = partitions;
    this.user = user;
    this.password = password;
    this.fetchSize = fetchSize;
    this.connectTimeout = connectTimeout;
    this.statementTimeout = statementTimeout;
    this.maxConnections = maxConnections;
  }

  /** The settings for {@code url} from a job's block ({@code block}, secrets already resolved) over the defaults. */
  public static JdbcSettings create(String url, Config block) {
    Config c = withoutNulls(block).withFallback(ConfigFactory.defaultReference().getConfig("sluice.connectors.jdbc"));
    return new JdbcSettings(url, text(c, "table"), text(c, "query"), text(c, "partition-column"), c.getInt("partitions"),
        text(c, "user"), text(c, "password"), c.getInt("fetch-size"), c.getDuration("connect-timeout"),
        c.getDuration("statement-timeout"), c.getInt("max-connections"));
  }

  private static Config withoutNulls(Config block) {
    Config set = ConfigFactory.empty();
    for (var e : block.entrySet()) set = set.withValue(e.getKey(), e.getValue());
    return set;
  }

  private static String text(Config c, String key) {
    return c.hasPath(key) && !c.getIsNull(key) && !c.getString(key).isBlank() ? c.getString(key) : null;
  }

  public String url() { return url; }
  public String table() { return table; }
  public String query() { return query; }
  public String partitionColumn() { return partitionColumn; }
  public int partitions() { return partitions; }
  public String user() { return user; }
  /** The password, for the driver only: never put it in a message. */
  public String password() { return password; }
  public int fetchSize() { return fetchSize; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration statementTimeout() { return statementTimeout; }
  public int maxConnections() { return maxConnections; }

  public JdbcSettings withTable(String value) {
    return new JdbcSettings(url, value, query, partitionColumn, partitions, user, password, fetchSize, connectTimeout,
        statementTimeout, maxConnections);
  }

  public JdbcSettings withPartitions(int value) {
    return new JdbcSettings(url, table, query, partitionColumn, value, user, password, fetchSize, connectTimeout,
        statementTimeout, maxConnections);
  }

  public JdbcSettings withFetchSize(int value) {
    return new JdbcSettings(url, table, query, partitionColumn, partitions, user, password, value, connectTimeout,
        statementTimeout, maxConnections);
  }

  public JdbcSettings withStatementTimeout(Duration value) {
    return new JdbcSettings(url, table, query, partitionColumn, partitions, user, password, fetchSize, connectTimeout,
        value, maxConnections);
  }

  /** The most connections this node opens to the database for one job (its partitions in flight, plus one). */
  public JdbcSettings withMaxConnections(int value) {
    return new JdbcSettings(url, table, query, partitionColumn, partitions, user, password, fetchSize, connectTimeout,
        statementTimeout, value);
  }

  /** The relation rows are read from: the table as written, or the query as a subquery. */
  public String relation() {
    return query != null ? "(" + query + ") AS sluice_input" : table;
  }

  @Override
  public String toString() {
    return "JdbcSettings(" + url + ", table=" + table + ", user=" + user + (password == null ? "" : ", password=<hidden>") + ")";
  }
}
