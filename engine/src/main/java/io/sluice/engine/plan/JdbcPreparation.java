package io.sluice.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.jdbc.JdbcFailure;
import io.sluice.connectors.jdbc.JdbcInput;
import io.sluice.connectors.jdbc.JdbcOutput;
import io.sluice.connectors.jdbc.JdbcSettings;
import io.sluice.connectors.jdbc.KeyRange;
import io.sluice.connectors.stores.Storages;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.job.WriteMode;
import io.sluice.engine.model.OutputMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Database planning (contract §10), blocking, called by {@link JobPreparation} only for {@code jdbc:} locations:
 * input cut into key ranges, output tables made and the write mode applied.
 */
final class JdbcPreparation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JdbcPreparation() {}

  /** Partitions of a database input, and the carried columns' SQL types. */
  record Input(List<Partition> partitions, List<String> carriedTypes) {}

  static Input input(JobSpec job, Storages storages) {
    JdbcSettings s = JdbcLocations.input(storages, job);
    JobSpec.Input in = job.input();
    JdbcInput.Layout layout;
    try {
      layout = JdbcInput.layout(s, in.idColumn(), in.features(), in.passthrough());
    } catch (JdbcFailure f) {
      throw JdbcLocations.asJobProblem(f, "job.input", s.query() != null);
    }
    if (!layout.problems().isEmpty()) {
      List<JobException> problems = new ArrayList<>();
      for (JdbcInput.ColumnProblem p : layout.problems()) problems.add(new JobException("job.input." + p.role(), p.message()));
      throw JobException.of(problems);
    }
    List<Partition> partitions = new ArrayList<>();
    String relation = s.query() != null ? "query" : "table=" + s.table();
    // e.g. jdbc:postgresql://db:5432/shop?table=customers&customer_id=100..200 (a valid URI, as sources are)
    for (KeyRange r : JdbcInput.ranges(layout, s.partitions())) {
      String source = s.url() + "?" + relation + "&" + s.partitionColumn() + "=" + r.asParameter();
      partitions.add(new Partition(partitions.size(), source, List.of(), r));
    }
    return new Input(partitions, layout.carriedTypes());
  }

  /**
   * Makes the output tables when missing ({@code makeTables}; {@code validate} changes nothing), then applies the mode: {@code error-if-exists} refuses a table that holds
   * rows; {@code resume} keeps the partitions the latest run of the job committed, when its shape and plan are this
   * run's. ({@code overwrite} deletes earlier runs' rows once the run holds the output, in the coordinator.)
   */
  static PreparedRun output(PreparedRun run, Storages storages, List<String> carriedTypes, boolean makeTables) {
    JobSpec job = run.job();
    JdbcSettings s = JdbcLocations.output(storages, job);
    JdbcOutput out = new JdbcOutput(s);
    try {
      if (job.output().mode() == WriteMode.ERROR_IF_EXISTS && out.holdsRows()) {
        throw new JobException("job.output.jdbc.table", "table " + s.table() + " already holds rows; set job.output.mode = "
            + "overwrite (deletes this job's earlier runs), append or resume");
      }
      List<String> carried = job.input().carriedColumns();
      List<String> types = carriedTypes != null ? carriedTypes : Collections.nCopies(carried.size(), "text");
      if (makeTables) out.createTables(carried, types, run.predictionColumns(), job.model().output() == OutputMode.LABEL);
      if (job.output().mode() != WriteMode.RESUME) return run;
      Optional<JdbcOutput.EarlierRun> earlier = out.latestRunOf(job.name());
      if (earlier.isEmpty() || earlier.get().manifest() == null) return run;
      JsonNode manifest = JSON.readTree(earlier.get().manifest());
      String runId = earlier.get().runId();
      JobShape.of(run).checkSameAs(manifest, runId);
      EarlierRun.checkSamePlan(runId, manifest.path("partitions"), run.partitions());
      Map<Integer, PartitionStats> kept = new HashMap<>();
      out.committedBy(runId).forEach((index, c) -> kept.put(index,
          new PartitionStats(c.recordsIn(), c.recordsOut(), c.badRecords(), partName(s, index), c.sha256(), 0)));
      return run.keeping(kept);
    } catch (JdbcFailure f) {
      throw JdbcLocations.asJobProblem(f, "job.output", false);
    } catch (java.io.IOException e) {
      throw new JobException("job.output.mode", "cannot resume: the earlier run's manifest cannot be read: " + e.getMessage());
    }
  }

  /** What the manifest names as a partition's output: the table and the partition's rows in it. */
  static String partName(JdbcSettings s, int index) {
    return s.table() + " WHERE sluice_partition = " + index;
  }
}
