package io.sluice.engine.plan;

import io.sluice.engine.job.JobSpec;
import java.util.List;

/**
 * A job checked against its stores and model, and cut into partitions: everything a run
 * needs before the first record is read.
 */
public record PreparedRun(
    JobSpec job,
    List<Partition> partitions,
    int inputFiles,
    long inputBytes,
    String modelSha256,
    String modelKind,
    int modelInputWidth,
    List<String> predictionColumns) {}
