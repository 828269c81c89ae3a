package io.sluice.engine.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks of a {@code jdbc:} location and its {@code jdbc { }} block (contract §10) that need no database:
 * PostgreSQL only, no credentials in the URL, a table named as a plain (optionally schema-qualified) identifier,
 * one of table and query for input, the partition column, append only for databases.
 */
final class JdbcLocation {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern CREDENTIALS = Pattern.compile("[?&;](password|user)=", Pattern.CASE_INSENSITIVE);

  private JdbcLocation() {}

  static URI check(String key, String text, URI uri) {
    if (!text.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql://")) {
      throw new JobException(key, "only PostgreSQL is supported among databases: jdbc:postgresql://host[:port]/database");
    }
    if (CREDENTIALS.matcher(text).find()) {
      // not echoed: the URL may hold a password
      throw new JobException(key, "credentials in the JDBC URL are refused: they would show in status, manifests and logs;"
          + " give user and password (or password-secret) in the location's jdbc { } block");
    }
    return uri;
  }

  static boolean isJdbc(URI uri) {
    return uri != null && "jdbc".equalsIgnoreCase(uri.getScheme());
  }

  static void checkInput(JobSpec.Input input, List<JobException> problems) {
    if (!isJdbc(input.uri())) return;
    Config jdbc = input.store();
    String at = "job.input.jdbc.";
    boolean table = set(jdbc, "table");
    boolean query = set(jdbc, "query");
    if (table == query) problems.add(new JobException(at + "table", "give one of table and query"));
    if (table) checkTable(jdbc, at + "table", problems);
    if (!set(jdbc, "partition-column")) problems.add(new JobException(at + "partition-column", "required: an integer column whose ranges become partitions"));
    atLeastOne(jdbc, at, "partitions", problems);
    atLeastOne(jdbc, at, "fetch-size", problems);
  }

  static void checkOutput(JobSpec.Output output, List<JobException> problems) {
    if (!isJdbc(output.uri())) {
      if (output.mode() == WriteMode.APPEND) {
        problems.add(new JobException("job.output.mode", "append is for database (jdbc:) outputs; files take error-if-exists, overwrite or resume"));
      }
      return;
    }
    if (!set(output.store(), "table")) problems.add(new JobException("job.output.jdbc.table", "required: the table to write"));
    else checkTable(output.store(), "job.output.jdbc.table", problems);
  }

  static void checkModel(URI model, List<JobException> problems) {
    if (isJdbc(model)) problems.add(new JobException("job.model.uri", "a model is read from a file store, not a database"));
  }

  private static void checkTable(Config jdbc, String key, List<JobException> problems) {
    String name = jdbc.getString("table");
    if (!TABLE.matcher(name).matches()) {
      problems.add(new JobException(key, "'" + name + "' is not a table name ([schema.]name of letters, digits and _)"));
    }
  }

  private static void atLeastOne(Config jdbc, String at, String key, List<JobException> problems) {
    if (!jdbc.hasPath(key)) return;
    try {
      if (jdbc.getInt(key) < 1) problems.add(new JobException(at + key, "must be at least 1"));
    } catch (ConfigException e) {
      problems.add(new JobException(at + key, "must be a whole number"));
    }
  }

  private static boolean set(Config jdbc, String key) {
    try {
      return jdbc.hasPath(key) && !jdbc.getString(key).isBlank();
    } catch (ConfigException e) {
      return false;
    }
  }
}
