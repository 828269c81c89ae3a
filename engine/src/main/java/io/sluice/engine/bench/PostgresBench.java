package io.sluice.engine.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * The narrow workload from one PostgreSQL table into another (contract §10), in a database the user names with
 * {@code --jdbc-url} (the embedded server of the tests is not part of the product): the bench's CSV rows are copied
 * into {@code bench_<workload>_in}, the output table is dropped, then {@code sluice run} goes table to table, timed
 * as a whole process like the CSV run.
 */
final class PostgresBench {
  static final String PASSWORD_VARIABLE = "SLUICE_BENCH_DB_PASSWORD";

  private PostgresBench() {}

  /** Loads the input table and drops the output's; the job file of the table-to-table run. */
  static Path prepare(BenchOptions options, Workload workload, Path csv, Path model, Path home) throws IOException {
    String in = "bench_" + workload.label() + "_in";
    String out = "bench_" + workload.label() + "_out";
    try (Connection c = DriverManager.getConnection(options.jdbcUrl, options.jdbcUser, System.getenv(PASSWORD_VARIABLE));
        Statement st = c.createStatement(); Reader rows = Files.newBufferedReader(csv)) {
      String columns = IntStream.range(0, workload.features).mapToObj(f -> "f" + f + " real").collect(Collectors.joining(", "));
      st.execute("DROP TABLE IF EXISTS " + in);
      st.execute("CREATE TABLE " + in + " (id bigint PRIMARY KEY, " + columns + ")");
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + in + " FROM STDIN WITH (FORMAT csv, HEADER true)", rows);
      st.execute("ANALYZE " + in);
      st.execute("DROP TABLE IF EXISTS " + out);
      st.execute("DROP TABLE IF EXISTS " + out + "_errors");
    } catch (SQLException e) {
      throw new IOException("cannot prepare the PostgreSQL bench tables: " + e.getMessage(), e);
    }
    String features = IntStream.range(0, workload.features).mapToObj(f -> "\"f" + f + "\"").collect(Collectors.joining(","));
    String login = (options.jdbcUser == null ? "" : "user = \"" + options.jdbcUser + "\", ") + "password = ${?" + PASSWORD_VARIABLE + "}";
    Path job = home.resolve("job-" + workload.label() + "-postgres.conf");
    Files.writeString(job, """
        job {
          name = "bench-%s-postgres"
          input {
            uri = "%s"
            jdbc { table = %s, partition-column = id, partitions = 8, fetch-size = 10000, %s }
            id-column = "id"
            features = [%s]
          }
          model { uri = "%s", output = probabilities }
          batching { max-size = 1024 }
          output { uri = "%s", jdbc { table = %s, %s } }
        }
        """.formatted(workload.label(), options.jdbcUrl, in, login, features, model.toUri(), options.jdbcUrl, out, login));
    return job;
  }
}
