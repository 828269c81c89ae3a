package io.sluice.engine.plan;

import io.sluice.engine.job.JobSpec;

import java.util.List;
import java.util.Map;

/**
 * A job checked against its stores and model, and cut into partitions: everything a run
 * needs before the first record is read. {@code committedEarlier} holds, for a resumed run,
 * the partitions an earlier run already committed, by index.
 */
public record PreparedRun(
    JobSpec job,
    List<Partition> partitions,
    int inputFiles,
    long inputBytes,
    String modelSha256,
    String modelKind,
    int modelInputWidth,
    List<String> predictionColumns,
    Map<Integer, PartitionStats> committedEarlier) {

  /** The same run, keeping the partitions an earlier run of the job committed ({@code mode = resume}). */
  public PreparedRun keeping(Map<Integer, PartitionStats> committed) {
    return new PreparedRun(job, partitions, inputFiles, inputBytes, modelSha256, modelKind, modelInputWidth,
        predictionColumns, Map.copyOf(committed));
  }
}
