package io.sluice.engine.plan;

import com.typesafe.config.Config;
import io.sluice.connectors.jdbc.JdbcFailure;
import io.sluice.connectors.jdbc.JdbcSettings;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobSpec;
import java.net.URI;

/**
 * A job's {@code jdbc:} locations as {@link JdbcSettings}: the node's secrets put in, the pool sized by the job's
 * partitions in flight (a reading and a writing connection for each, one more for planning and the run's record).
 * Only jobs with a {@code jdbc:} location call this, so that other jobs never load the driver.
 */
public final class JdbcLocations {
  private JdbcLocations() {}

  public static boolean isJdbc(URI uri) {
    return uri != null && "jdbc".equalsIgnoreCase(uri.getScheme());
  }

  public static JdbcSettings input(Storages storages, JobSpec job) {
    return settings(storages, job.input().uri(), job.input().store(), job, "job.input");
  }

  public static JdbcSettings output(Storages storages, JobSpec job) {
    return settings(storages, job.output().uri(), job.output().store(), job, "job.output");
  }

  private static JdbcSettings settings(Storages storages, URI uri, Config block, JobSpec job, String location) {
    Config resolved;
    try {
      resolved = storages.withSecrets("jdbc", block);
    } catch (StoreSettings.SettingException e) {
      throw new JobException(location + "." + e.key(), e.problem());
    }
    JdbcSettings s = JdbcSettings.create(uri.toString(), resolved);
    int needed = 2 * job.workers().partitionsInFlight() + 1;
    return s.maxConnections() >= needed ? s : s.withMaxConnections(needed);
  }

  /**
   * A database failure while checking the job, as the key it is about: wrong credentials name the user, a missing
   * table the table; the message is the server's, which never holds the password.
   */
  public static JobException asJobProblem(JdbcFailure f, String location, boolean query) {
    String at = location + ".jdbc.";
    if (f.isAuthentication()) return new JobException(at + "user", f.getMessage());
    if (f.isMissingObject()) return new JobException(at + (query ? "query" : "table"), f.getMessage());
    if (f.sqlState().startsWith("42")) return new JobException(at + (query ? "query" : "table"), f.getMessage());
    return new JobException(location + ".uri", f.getMessage());
  }
}
