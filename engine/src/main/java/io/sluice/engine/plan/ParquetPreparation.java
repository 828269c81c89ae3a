package io.sluice.engine.plan;

import io.sluice.connectors.parquet.ParquetInput;
import io.sluice.connectors.parquet.ReadCount;
import io.sluice.connectors.storage.Storage;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.Materializer;

/**
 * Parquet input's planning (contract §9): each file's footer is read, the job's columns are checked against its
 * schema, and the file is cut along row-group boundaries, consecutive row groups packed up to {@code split-size}.
 * Only {@link JobPreparation} calls this, and only for Parquet jobs, so CSV jobs never load Parquet's classes.
 */
final class ParquetPreparation {
  private ParquetPreparation() {}

  /** Footers read at once: each is two small reads, on a remote store two round trips. */
  private static final int FOOTER_READS_IN_FLIGHT = 8;

  /**
   * The partitions of {@code files}, or a stage failed with a {@link JobException} naming the column's key (for the
   * first file in input order with a problem, however the footer reads interleave).
   */
  static CompletionStage<List<Partition>> partitions(JobSpec job, Storage storage, List<StoredObject> files,
      Materializer materializer) {
    JobSpec.Input in = job.input();
    Executor readers = ParquetInput.readerExecutor(materializer);
    List<StoredObject> nonEmpty = files.stream().filter(file -> file.size() > 0).toList();
    return InputOrder.map(nonEmpty, FOOTER_READS_IN_FLIGHT,
            file -> CompletableFuture.supplyAsync(() -> layout(in, storage, file, materializer), readers), materializer)
        .thenApply(layouts -> {
          List<Partition> partitions = new ArrayList<>();
          SmallFiles small = new SmallFiles(in.splitSize(), in.openCost(), partitions, Planner.MAX_PARTITIONS);
          for (int i = 0; i < nonEmpty.size(); i++) cut(nonEmpty.get(i), layouts.get(i).rowGroups(), small, partitions);
          small.close();
          return partitions;
        });
  }

  private static ParquetInput.Layout layout(JobSpec.Input in, Storage storage, StoredObject file, Materializer materializer) {
    ParquetInput.Layout layout;
    try {
      layout = ParquetInput.layout(storage, file, in.idColumn(), in.features(), in.passthrough(), materializer, new ReadCount());
    } catch (IOException e) {
      throw new JobException("job.input.uri", e.getMessage());
    }
    if (!layout.problems().isEmpty()) {
      List<JobException> problems = new ArrayList<>();
      for (ParquetInput.ColumnProblem p : layout.problems()) problems.add(new JobException("job.input." + p.role(), p.message()));
      throw JobException.of(problems);
    }
    return layout;
  }

  /**
   * A file whose row groups are smaller than a split together is packed whole with its neighbours ({@link SmallFiles});
   * a larger one is cut into consecutive row groups while their bytes fit {@code splitSize}, a larger row group a
   * partition by itself.
   */
  static void cut(StoredObject file, List<ParquetInput.RowGroup> groups, SmallFiles small, List<Partition> partitions) {
    if (groups.isEmpty()) return;
    long first = groups.get(0).start();
    long last = groups.get(groups.size() - 1).end();
    if (small.packs(last - first)) {
      small.add(new Partition.Piece(file.uri().toString(), first, last - first, file.size()), List.of());
      return;
    }
    small.close();
    cut(file, groups, small.splitSize(), partitions);
  }

  /** Consecutive row groups while their bytes fit {@code splitSize}; a larger row group is a partition by itself. */
  static void cut(StoredObject file, List<ParquetInput.RowGroup> groups, long splitSize, List<Partition> partitions) {
    int i = 0;
    while (i < groups.size()) {
      long start = groups.get(i).start();
      long end = groups.get(i).end();
      int j = i + 1;
      while (j < groups.size() && groups.get(j).end() - start <= splitSize) end = groups.get(j++).end();
      if (partitions.size() >= Planner.MAX_PARTITIONS) {
        throw new JobException("job.input.split-size", "the input makes more than " + Planner.MAX_PARTITIONS
            + " partitions, the most a run may have; raise job.input.split-size");
      }
      partitions.add(new Partition(partitions.size(), file.uri().toString(), start, end - start, file.size(), List.of()));
      i = j;
    }
  }
}
