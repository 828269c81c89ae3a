package io.sluice.connectors.parquet;

import io.sluice.connectors.format.ColumnSelection;
import io.sluice.connectors.format.DecodedBatch;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/** Reading Parquet input: one file's layout for planning, and a partition's rows as decoded batches. */
public final class ParquetInput {
  private ParquetInput() {}

  /** One row group: where its bytes start and end in the file, and how many rows it holds. */
  public record RowGroup(long start, long end, long rows) {}

  /** A problem with one of the job's columns; {@code role} is {@code id-column}, {@code features} or {@code passthrough}. */
  public record ColumnProblem(String role, String message) {}

  /** What planning needs of a file: its row groups in file order, and what is wrong with the job's columns in it. */
  public record Layout(List<RowGroup> rowGroups, List<ColumnProblem> problems) {}

  /** The dispatcher Parquet readers block on (see {@code reference.conf}): not the one their store's reads run on. */
  public static final String READER_DISPATCHER = "sluice.connectors.parquet.reader-dispatcher";

  /** {@link #READER_DISPATCHER} as an executor, for {@link #layout} and other blocking Parquet calls. */
  public static Executor readerExecutor(Materializer materializer) {
    return materializer.system().dispatchers().lookup(READER_DISPATCHER);
  }

  /**
   * Reads the footer of {@code file} (two ranged reads) and checks the job's columns against its schema. Blocking: run
   * it on {@link #readerExecutor}.
   */
  public static Layout layout(Storage storage, StoredObject file, String idColumn, List<String> features,
      List<String> passthrough, Materializer materializer, ReadCount count) throws IOException {
    StorageInputFile input = new StorageInputFile(storage, file, materializer, count);
    ParquetMetadata footer;
    try (SeekableInputStream in = input.newStream()) {
      footer = ParquetFileReader.readFooter(input, ParquetReading.options(), in);
    } catch (RuntimeException e) {
      throw new IOException(file.uri() + " is not a readable Parquet file: " + e.getMessage(), e);
    }
    List<RowGroup> groups = new ArrayList<>();
    for (BlockMetaData b : footer.getBlocks()) {
      groups.add(new RowGroup(b.getStartingPos(), b.getStartingPos() + b.getCompressedSize(), b.getRowCount()));
    }
    return new Layout(groups, ParquetColumns.problems(footer.getFileMetaData().getSchema(), idColumn, features,
        passthrough, file.uri().toString()));
  }

  /**
   * The rows of the row groups that start in {@code [offset, offset + length)}, in batches of at most {@code maxSize}
   * rows. Only the job's columns are fetched, and a large row group page by page as it is decoded; each bad row carries
   * its 0-based row in the file as both offset and line. The reader blocks on its store's reads, so it runs on
   * {@link #READER_DISPATCHER}, never on the blocking-I/O dispatcher those reads need.
   *
   * @param carriedTypes told the carried columns' types once the file's footer is read (for Parquet output)
   */
  public static Source<DecodedBatch, NotUsed> batches(Storage storage, StoredObject file, long offset, long length,
      ColumnSelection columns, int maxSize, Materializer materializer, ReadCount count, ParquetCarriedTypes carriedTypes) {
    return batches(storage, List.of(new FileRange(file, offset, length)), columns, maxSize, materializer, count,
        carriedTypes).map(Pair::second);
  }

  /** A range of one file: the row groups that start in {@code [offset, offset + length)}. */
  public record FileRange(StoredObject file, long offset, long length) {}

  /**
   * The rows of several files' ranges one after the other, each batch with the index of its range, through one reader
   * stage: a pack of small files costs no stream (and no actor) per file. Otherwise as {@link #batches(Storage,
   * StoredObject, long, long, ColumnSelection, int, Materializer, ReadCount, ParquetCarriedTypes)}.
   */
  public static Source<Pair<Integer, DecodedBatch>, NotUsed> batches(Storage storage, List<FileRange> ranges,
      ColumnSelection columns, int maxSize, Materializer materializer, ReadCount count, ParquetCarriedTypes carriedTypes) {
    return Source.unfoldResource(
        () -> new RangesReader(ranges, range -> new RowGroupReader(
            new StorageInputFile(storage, range.file(), materializer, count), range.offset(), range.offset() + range.length(),
            columns, maxSize, carriedTypes, RowGroupPages.BUDGET)),
        reader -> Optional.ofNullable(reader.next()),
        RangesReader::close)
        .withAttributes(ActorAttributes.dispatcher(READER_DISPATCHER))
        // Its own island: decoding runs ahead of the model instead of sharing one actor (and its thread) with the
        // stages that hand batches to the model and take its results back.
        .async();
  }
}
