package io.sluice.engine.work;

import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.jdbc.JdbcOutput;
import io.sluice.connectors.jdbc.JdbcSettings;
import io.sluice.connectors.jdbc.PartitionWrite;
import io.sluice.connectors.jdbc.RangeReader;
import io.sluice.connectors.storage.Sha256;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PartitionStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One partition's database pieces (contract §10): its key range read as batches, and the sink that writes its rows
 * and errors in one transaction ({@link PartitionWrite}) and commits it when the stream ends. Made only for jobs
 * with a {@code jdbc:} location, so that other jobs never load the driver.
 */
final class JdbcParts {
  private JdbcParts() {}

  /** The partition's rows in key order, in batches of at most {@code max-size}; the reading runs on the I/O dispatcher. */
  static Source<DecodedBatch, NotUsed> batches(JobSpec job, Partition partition, JdbcSettings settings) {
    JobSpec.Input in = job.input();
    int maxRows = job.batching().maxSize();
    return Source.unfoldResource(
        () -> new RangeReader(settings, in.idColumn(), in.features(), in.passthrough(), partition.keys()),
        reader -> reader.next(maxRows), RangeReader::close);
  }

  /** What the sink is given: a batch's rows in COPY's text format, its errors lines, and its counts. */
  record Piece(ByteString rows, ByteString errors, int good, int bad) {}

  /**
   * Writes the pieces into one transaction of {@code partition} of {@code runId}, and commits it when the stream
   * completes: the stats once committed. A failed stream rolls the transaction back.
   */
  static Sink<Piece, CompletionStage<PartitionStats>> sink(JdbcSettings settings, String runId, Partition partition,
      List<String> columns, Executor blocking) {
    JdbcOutput output = new JdbcOutput(settings);
    java.util.function.Supplier<PartitionWrite> begin = () -> output.begin(runId, partition.index(), columns);
    Attempt attempt = new Attempt(); // one sink per stream: made when the partition's stream starts
    return Sink.<Attempt, Piece>foldAsync(attempt, (a, piece) -> CompletableFuture.supplyAsync(() -> {
      a.add(piece, begin);
      return a;
    }, blocking)).mapMaterializedValue(done -> done
        .thenCompose(a -> CompletableFuture.supplyAsync(
            () -> a.commit(begin, settings.table() + " WHERE sluice_partition = " + partition.index()), blocking))
        .whenComplete((stats, failure) -> {
          if (failure != null) attempt.abort();
        }));
  }

  /** The open transaction of one attempt and what went into it. */
  private static final class Attempt {
    private PartitionWrite write;
    private final MessageDigest sha = Sha256.create();
    private long good;
    private long bad;
    private long bytes;

    synchronized void add(Piece piece, java.util.function.Supplier<PartitionWrite> begin) {
      if (write == null) write = begin.get();
      try {
        byte[] rows = piece.rows().toArray();
        write.write(rows);
        sha.update(rows);
        bytes += rows.length;
        if (!piece.errors().isEmpty()) {
          for (String line : piece.errors().decodeString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) write.error(line);
          }
        }
        good += piece.good();
        bad += piece.bad();
      } catch (RuntimeException e) {
        abort();
        throw e;
      }
    }

    /** Rolls the attempt's transaction back, if one is open. */
    synchronized void abort() {
      if (write != null) write.close();
    }

    synchronized PartitionStats commit(java.util.function.Supplier<PartitionWrite> begin, String output) {
      if (write == null) write = begin.get(); // an empty range still replaces what an earlier attempt wrote
      String hex = Sha256.hex(sha);
      write.commit(good + bad, good, bad, hex);
      return new PartitionStats(good + bad, good, bad, output, hex, bytes);
    }
  }
}
