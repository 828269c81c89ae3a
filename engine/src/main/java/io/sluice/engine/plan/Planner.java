package io.sluice.engine.plan;

import io.sluice.connectors.format.Header;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a sorted input listing into partitions of at most {@code splitSize} bytes each; files smaller than that are
 * packed together ({@link SmallFiles}).
 */
public final class Planner {
  private Planner() {}

  /**
   * Partitions in input order: files in listing order, then by offset. Files smaller than
   * {@code splitSize} are packed whole into partitions, each charged its bytes plus {@code openCost};
   * a larger file that must be read whole gets one partition; an empty file gets none, since it
   * holds no records. A file's first split reaches at least to its header record, which it drops,
   * even when blank lines push the header past the split size.
   *
   * @param headers each file's CSV header by URI (absent where there is none)
   */
  public static List<Partition> plan(
      List<StoredObject> files, long splitSize, long openCost, boolean readWhole, Map<String, Header> headers) {
    return plan(files, splitSize, openCost, readWhole, headers, MAX_PARTITIONS);
  }

  /**
   * The most partitions one run may have. Sizes come from the store's listing, which a hostile
   * or broken store can make anything: the count is checked before a partition is made.
   */
  static final int MAX_PARTITIONS = 1_000_000;

  static List<Partition> plan(List<StoredObject> files, long splitSize, long openCost, boolean readWhole,
      Map<String, Header> headers, int maxPartitions) {
    List<Partition> partitions = new ArrayList<>();
    SmallFiles small = new SmallFiles(splitSize, openCost, partitions, maxPartitions);
    long count = 0;
    for (StoredObject file : files) {
      // small files are counted as their packs are made
      if (file.size() > 0 && !small.packs(file.size())) count += readWhole ? 1 : (file.size() - 1) / splitSize + 1;
      if (count > maxPartitions) {
        throw new JobException("job.input.split-size", "the input makes more than " + maxPartitions + " partitions ("
            + files.size() + " files, split-size " + splitSize + " bytes), the most a run may have; raise job.input.split-size");
      }
    }
    for (StoredObject file : files) {
      if (file.size() == 0) continue;
      String source = file.uri().toString();
      Header header = headers.getOrDefault(source, new Header(List.of(), -1));
      if (small.packs(file.size())) {
        small.add(new Partition.Piece(source, 0, file.size(), file.size()), header.columns());
        continue;
      }
      small.close();
      long step = readWhole ? file.size() : splitSize;
      long offset = 0;
      long length = Math.min(file.size(), Math.max(step, header.offset() + 1));
      while (offset < file.size()) {
        if (partitions.size() >= maxPartitions) throw tooMany(maxPartitions);
        partitions.add(new Partition(partitions.size(), source, offset, length, file.size(), header.columns()));
        offset += length;
        length = Math.min(step, file.size() - offset);
      }
    }
    small.close();
    return partitions;
  }

  static JobException tooMany(int maxPartitions) {
    return new JobException("job.input.split-size", "the input makes more than " + maxPartitions
        + " partitions, the most a run may have; raise job.input.split-size");
  }
}
