package io.sluice.engine.run;

import io.sluice.connectors.jdbc.JdbcOutput;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.plan.JdbcLocations;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.plan.PreparedRun;
import io.sluice.engine.services.NodeServices;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where a run's record goes: {@code _manifest.json} (and {@code _SUCCESS}) in a file output location, or its row in
 * {@code sluice_runs} for a database output (contract §10), where a resumed run also records the partitions it keeps.
 */
final class RunRecord {
  private RunRecord() {}

  static CompletionStage<Done> write(NodeServices services, PreparedRun run, String runId, RunState state, String manifest) {
    JobSpec job = run.job();
    if (!JdbcLocations.isJdbc(job.output().uri())) {
      return Manifest.write(services.storages().forUri(job.output().uri(), job.output().store()), job.output().uri(), manifest,
          state == RunState.SUCCEEDED, services.materializer());
    }
    return CompletableFuture.supplyAsync(() -> {
      Map<Integer, JdbcOutput.Committed> kept = new HashMap<>();
      run.committedEarlier().forEach((index, s) -> kept.put(index, committed(s)));
      new JdbcOutput(JdbcLocations.output(services.storages(), job)).recordRun(runId, job.name(), state.name(), manifest, kept);
      return Done.getInstance();
    }, services.blocking());
  }

  /** {@code overwrite}: a file location's Sluice files, or the rows of the job's earlier runs in the database. */
  static CompletionStage<Done> clearEarlier(NodeServices services, JobSpec job) {
    if (!JdbcLocations.isJdbc(job.output().uri())) {
      return OutputLocation.clear(services.storages().forUri(job.output().uri(), job.output().store()), job.output().uri());
    }
    return CompletableFuture.supplyAsync(() -> {
      new JdbcOutput(JdbcLocations.output(services.storages(), job)).clearRunsOf(job.name());
      return Done.getInstance();
    }, services.blocking());
  }

  /**
   * What earlier runs' writes killed midway left at a file location under temporary names (a database output's
   * attempts leave nothing: each is one transaction).
   */
  static CompletionStage<Done> clearLeftovers(NodeServices services, JobSpec job) {
    if (JdbcLocations.isJdbc(job.output().uri())) return CompletableFuture.completedFuture(Done.getInstance());
    return OutputLocation.clearLeftovers(services.storages().forUri(job.output().uri(), job.output().store()), job.output().uri());
  }

  private static JdbcOutput.Committed committed(PartitionStats s) {
    return new JdbcOutput.Committed(s.recordsIn(), s.recordsOut(), s.badRecords(), s.sha256());
  }
}
