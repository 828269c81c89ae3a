package io.sluice.engine.plan;

import io.sluice.connectors.format.Header;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.engine.job.JobException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cuts a sorted input listing into partitions of at most {@code splitSize} bytes each. */
public final class Planner {
  private Planner() {}

  /**
   * Partitions in input order: files in listing order, then by offset. A file that must be
   * read whole gets one partition; an empty file gets none, since it holds no records. A
   * file's first split reaches at least to its header record, which it drops, even when blank
   * lines push the header past the split size.
   *
   * @param headers each file's CSV header by URI (absent where there is none)
   */
  public static List<Partition> plan(
      List<StoredObject> files, long splitSize, boolean readWhole, Map<String, Header> headers) {
    return plan(files, splitSize, readWhole, headers, MAX_PARTITIONS);
  }

  /**
   * The most partitions one run may have. Sizes come from the store's listing, which a hostile
   * or broken store can make anything: the count is checked before a partition is made.
   */
  static final int MAX_PARTITIONS = 1_000_000;

  static List<Partition> plan(
      List<StoredObject> files, long splitSize, boolean readWhole, Map<String, Header> headers, int maxPartitions) {
    long count = 0;
    for (StoredObject file : files) {
      if (file.size() > 0) count += readWhole ? 1 : (file.size() - 1) / splitSize + 1;
      if (count > maxPartitions) {
        throw new JobException("job.input.split-size", "the input makes more than " + maxPartitions + " partitions ("
            + files.size() + " files, split-size " + splitSize + " bytes), the most a run may have; raise job.input.split-size");
      }
    }
    List<Partition> partitions = new ArrayList<>();
    for (StoredObject file : files) {
      if (file.size() == 0) continue;
      String source = file.uri().toString();
      Header header = headers.getOrDefault(source, new Header(List.of(), -1));
      long step = readWhole ? file.size() : splitSize;
      long offset = 0;
      long length = Math.min(file.size(), Math.max(step, header.offset() + 1));
      while (offset < file.size()) {
        partitions.add(new Partition(partitions.size(), source, offset, length, file.size(), header.columns()));
        offset += length;
        length = Math.min(step, file.size() - offset);
      }
    }
    return partitions;
  }
}
