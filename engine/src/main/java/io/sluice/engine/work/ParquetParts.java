package io.sluice.engine.work;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.format.RecordFormat;
import io.sluice.connectors.format.RowEncoder;
import io.sluice.connectors.parquet.ParquetCarriedTypes;
import io.sluice.connectors.parquet.ParquetInput;
import io.sluice.connectors.parquet.ParquetRowEncoder;
import io.sluice.connectors.parquet.ReadCount;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.plan.Partition;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One partition's Parquet pieces: the batches of its row groups and the Parquet part file's encoder, which keeps
 * the carried columns' input types. Made only when the job reads or writes Parquet, so that other jobs never load
 * Parquet's classes.
 */
final class ParquetParts {
  private final JobSpec job;
  private final ParquetCarriedTypes carriedTypes = new ParquetCarriedTypes();

  ParquetParts(JobSpec job) {
    this.job = job;
  }

  /** The partition's rows, in batches of at most {@code max-size}, the row in the file as each record's place. */
  Source<DecodedBatch, NotUsed> batches(Partition.Piece piece, Storage input, Materializer materializer) {
    return packedBatches(List.of(piece), input, materializer).map(Pair::second);
  }

  /** A packed partition's rows, file by file through one reader, each batch with its file's place in the pack. */
  Source<Pair<Integer, DecodedBatch>, NotUsed> packedBatches(List<Partition.Piece> pieces, Storage input,
      Materializer materializer) {
    JobSpec.Input in = job.input();
    List<ParquetInput.FileRange> ranges = new ArrayList<>(pieces.size());
    for (Partition.Piece piece : pieces) {
      ranges.add(new ParquetInput.FileRange(new StoredObject(java.net.URI.create(piece.source()), piece.fileSize()),
          piece.offset(), piece.length()));
    }
    return ParquetInput.batches(input, ranges, new ColumnSelection(in.features(), in.carriedColumns()),
        job.batching().maxSize(), materializer, new ReadCount(), carriedTypes);
  }

  RowEncoder encoder(List<String> predictionColumns) {
    JobSpec.ParquetOutput settings = job.output().parquet();
    return new ParquetRowEncoder(job.input().carriedColumns(), predictionColumns, settings.compression(),
        settings.rowGroupSize(), job.input().format() == RecordFormat.PARQUET ? carriedTypes : null);
  }
}
