package io.sluice.engine.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sluice.connectors.jdbc.KeyRange;
import java.util.List;

/**
 * One unit of work: a byte range of one input file, several whole small files packed together, or a range of keys
 * of a database relation ({@code keys}; the byte range is then empty), numbered in input order.
 *
 * @param index position in the run's input order; names the part file
 * @param source the file's URI (a packed partition's first file)
 * @param offset first byte of the range
 * @param length bytes in the range (records starting in it are read to their end); a packed partition's files'
 *     bytes together
 * @param fileSize the whole file's size
 * @param header the file's CSV header columns, or an empty list where there is none (packed files share it)
 * @param packed the files of a packed partition, in input order, each read whole; empty for a range of one file
 * @param keys the partition column's range for database input (contract §10), else null
 */
public record Partition(int index, String source, long offset, long length, long fileSize, List<String> header,
    List<Piece> packed, KeyRange keys) {

  /**
   * Offsets of a packed partition's records carry the file's place in the pack above this bit (packed files are
   * smaller than a split, far below it), so that a record's file is known wherever its offset goes.
   */
  public static final int PIECE_SHIFT = 40;

  /** A byte range of one file, read by one partition. */
  public record Piece(String source, long offset, long length, long fileSize) {}

  @JsonCreator
  public Partition {
  }

  /** A range of one file. */
  public Partition(int index, String source, long offset, long length, long fileSize, List<String> header) {
    this(index, source, offset, length, fileSize, header, List.of(), null);
  }

  /** Small files packed into one partition. */
  public Partition(int index, String source, long offset, long length, long fileSize, List<String> header,
      List<Piece> packed) {
    this(index, source, offset, length, fileSize, header, packed, null);
  }

  /** A range of keys of a database relation. */
  public Partition(int index, String source, List<String> header, KeyRange keys) {
    this(index, source, 0, 0, 0, header, List.of(), keys);
  }

  /** Offset just past the range, or {@link Long#MAX_VALUE} when the range runs to the file's end. */
  public long end() {
    return offset + length >= fileSize ? Long.MAX_VALUE : offset + length;
  }

  /** What the partition reads, in order: its one range, or each packed file. */
  public List<Piece> pieces() {
    return packed.isEmpty() ? List.of(new Piece(source, offset, length, fileSize)) : packed;
  }

  /** The part file's name for this partition, e.g. {@code part-00007.csv}. */
  public String partName(String extension) {
    // Not String.format: this runs for every partition, and the formatter's parsing is most of its cost.
    String digits = Integer.toString(index);
    return "part-" + "00000".substring(Math.min(5, digits.length())) + digits + "." + extension;
  }
}
