package io.sluice.engine.plan;

import io.sluice.connectors.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cuts a sorted input listing into partitions of at most {@code splitSize} bytes each. */
public final class Planner {
  private Planner() {}

  /**
   * Partitions in input order: files in listing order, then by offset. A file that must be
   * read whole gets one partition; an empty file gets none, since it holds no records.
   *
   * @param headers each file's header columns by URI (absent or empty where there is none)
   */
  public static List<Partition> plan(
      List<StoredObject> files, long splitSize, boolean readWhole, Map<String, List<String>> headers) {
    List<Partition> partitions = new ArrayList<>();
    for (StoredObject file : files) {
      if (file.size() == 0) continue;
      String source = file.uri().toString();
      List<String> header = headers.getOrDefault(source, List.of());
      long step = readWhole ? file.size() : splitSize;
      for (long offset = 0; offset < file.size(); offset += step) {
        long length = Math.min(step, file.size() - offset);
        partitions.add(new Partition(partitions.size(), source, offset, length, file.size(), header));
      }
    }
    return partitions;
  }
}
