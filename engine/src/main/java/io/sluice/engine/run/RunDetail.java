package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What the console shows of one run beyond its {@link RunStatus}: each partition's state, the
 * throughput over time, a sample of bad records and, when asked for, the manifest. A live run's
 * coordinator answers with it; the run manager keeps the last one of recently ended runs.
 *
 * @param partitions every partition in input order; empty when the run's detail is no longer kept
 * @param throughput records read and written so far, sampled over the run's life (oldest first)
 * @param badRecords the first bad records found in the run's errors files, at most {@link #BAD_RECORDS_SHOWN}
 * @param manifest the manifest as JSON text (as {@code _manifest.json} holds it), or null when not asked for
 * @param kept false for a run whose detail is no longer kept (an older run, or one from a previous manager)
 */
public record RunDetail(RunStatus status, List<PartitionView> partitions, List<Sample> throughput,
    List<BadRecordLine> badRecords, String manifest, boolean kept) implements CborSerializable {

  /** How many bad records a detail shows. */
  public static final int BAD_RECORDS_SHOWN = 20;

  public RunDetail {
    partitions = List.copyOf(partitions);
    throughput = List.copyOf(throughput);
    badRecords = List.copyOf(badRecords);
  }

  /**
   * One partition.
   *
   * @param state PENDING, RUNNING, WAITING_RETRY, COMMITTED or FAILED
   * @param node the address of the node running it ({@code pekko://sluice@host:port}), or null when it runs nowhere
   * @param recordsPerSecond records read per second by the running attempt since it started; 0 when not running
   * @param error the last attempt's failure, or null
   */
  public record PartitionView(int id, String source, long offset, long length, String state, int attempts,
      long recordsIn, long recordsOut, long badRecords, String node, double recordsPerSecond, String error)
      implements CborSerializable {}

  /** Records read and written up to {@code at}. */
  public record Sample(Instant at, long recordsIn, long recordsOut) implements CborSerializable {}

  /** One line of an errors file: the input file and line, the reason, and the record's text. */
  public record BadRecordLine(String file, long line, String error, String record) implements CborSerializable {}

  /** A run known only by its status. */
  public static RunDetail statusOnly(RunStatus status) {
    return new RunDetail(status, List.of(), List.of(), List.of(), null, false);
  }

  /** The same detail without the manifest, as the run manager keeps it. */
  public RunDetail withManifest(String text) {
    return new RunDetail(status, partitions, throughput, badRecords, text, kept);
  }
}
