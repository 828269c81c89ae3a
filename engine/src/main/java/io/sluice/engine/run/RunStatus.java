package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import java.time.Instant;

/**
 * A snapshot of one run, as the API and the CLI show it.
 *
 * @param bytesTotal input bytes of the run; with {@code bytesDone} it gives the ETA
 * @param output the output location
 */
public record RunStatus(
    String runId,
    String job,
    RunState status,
    Partitions partitions,
    Records records,
    Instant startedAt,
    Instant finishedAt,
    String error,
    String output,
    long bytesTotal,
    long bytesDone) implements CborSerializable {

  /** Partition counts: committed ones are {@code done}. */
  public record Partitions(int total, int done, int running, int failed) {}

  /** Record counts: {@code in = out + bad} for every committed partition. */
  public record Records(long in, long out, long bad) {}

  /** The same run, ended as FAILED with {@code reason}; for runs whose coordinator was lost. */
  public RunStatus failed(String reason, Instant at) {
    return new RunStatus(runId, job, RunState.FAILED, partitions, records, startedAt, at, reason, output, bytesTotal, bytesDone);
  }

  /** A run known only by its id and job, before it is planned. */
  public static RunStatus pending(String runId, String job, String output, Instant startedAt) {
    return new RunStatus(runId, job, RunState.PENDING, new Partitions(0, 0, 0, 0), new Records(0, 0, 0),
        startedAt, null, null, output, 0, 0);
  }
}
