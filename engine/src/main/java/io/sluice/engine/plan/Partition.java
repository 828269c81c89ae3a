package io.sluice.engine.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sluice.connectors.jdbc.KeyRange;
import java.util.List;

/**
 * One unit of work: a byte range of one input file, or a range of keys of a database relation ({@code keys}; the
 * byte range is then empty), numbered in input order.
 *
 * @param index position in the run's input order; names the part file
 * @param source the file's URI
 * @param offset first byte of the range
 * @param length bytes in the range (records starting in it are read to their end)
 * @param fileSize the whole file's size
 * @param header the file's CSV header columns, or an empty list where there is none
 * @param keys the partition column's range for database input (contract §10), else null
 */
public record Partition(int index, String source, long offset, long length, long fileSize, List<String> header, KeyRange keys) {

  @JsonCreator
  public Partition {
  }

  /** A partition of a file. */
  public Partition(int index, String source, long offset, long length, long fileSize, List<String> header) {
    this(index, source, offset, length, fileSize, header, null);
  }

  /** Offset just past the range, or {@link Long#MAX_VALUE} when the range runs to the file's end. */
  public long end() {
    return offset + length >= fileSize ? Long.MAX_VALUE : offset + length;
  }

  /** The part file's name for this partition, e.g. {@code part-00007.csv}. */
  public String partName(String extension) {
    return String.format("part-%05d.%s", index, extension);
  }
}
