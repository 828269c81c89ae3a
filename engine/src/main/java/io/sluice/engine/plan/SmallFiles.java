package io.sluice.engine.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs whole files smaller than a split into one partition, in input order, as Spark does with
 * {@code spark.sql.files.openCostInBytes}: each file is charged its bytes plus {@code openCost} (what opening one
 * more file costs, said in bytes), and a partition takes files while their charge fits {@code splitSize}. A folder
 * of 10,000 small files then makes a few partitions and part files instead of 10,000.
 */
final class SmallFiles {
  private final long splitSize;
  private final long openCost;
  private final List<Partition> partitions;
  private final int maxPartitions;
  private final List<Partition.Piece> open = new ArrayList<>();
  private List<String> openHeader = List.of();
  private long charged;

  SmallFiles(long splitSize, long openCost, List<Partition> partitions, int maxPartitions) {
    this.splitSize = splitSize;
    this.openCost = openCost;
    this.partitions = partitions;
    this.maxPartitions = maxPartitions;
  }

  long splitSize() {
    return splitSize;
  }

  /** Whether a file of {@code bytes} is packed rather than cut. */
  boolean packs(long bytes) {
    return bytes < splitSize;
  }

  /**
   * Adds a whole small file (or, for Parquet, the range of its row groups); the open partition is closed first when
   * it is full or its files have another CSV header (a partition decodes with one header).
   */
  void add(Partition.Piece piece, List<String> header) {
    long charge = piece.length() + openCost;
    if (!open.isEmpty() && (charged + charge > splitSize || !header.equals(openHeader))) close();
    open.add(piece);
    openHeader = header;
    charged += charge;
  }

  /** Closes the open partition, if any: before a large file is cut, and at the end of the listing. */
  void close() {
    if (open.isEmpty()) return;
    if (partitions.size() >= maxPartitions) throw Planner.tooMany(maxPartitions);
    Partition.Piece first = open.get(0);
    int index = partitions.size();
    if (open.size() == 1) {
      partitions.add(new Partition(index, first.source(), first.offset(), first.length(), first.fileSize(), openHeader));
    } else {
      long bytes = open.stream().mapToLong(Partition.Piece::length).sum();
      partitions.add(new Partition(index, first.source(), first.offset(), bytes, first.fileSize(), openHeader,
          List.copyOf(open)));
    }
    open.clear();
    charged = 0;
  }
}
