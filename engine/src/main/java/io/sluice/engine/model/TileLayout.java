package io.sluice.engine.model;

/**
 * Which tile each record of a partition is computed in, from its index in the partition alone: tiles of
 * {@value #FIRST_TILE_ROWS} rows, then doubling ({@code [128, 256)}, {@code [256, 512)}, ...) up to the full height,
 * then full tiles ({@code [1024, 2048)}, {@code [2048, 3072)}, ... for a full height of 1024).
 *
 * <p>Why a ramp: a partition's last tile is computed whole, zeros included, and with full tiles only a partition
 * of a hundred records paid for a thousand. With the ramp a partition computes at most about twice its records
 * (measured on the narrow benchmark network: a 128-row tile costs about half a 1024-row one, ND4J's fixed cost
 * per op weighing as much as the arithmetic at these sizes; 16KiB partitions ran 3–8% faster end to end).
 *
 * <p>Why from the index alone: a record then meets the same tile height and the same position in it however the
 * partition is batched, which is what makes its bits repeatable ({@link ModelReplica}).
 */
final class TileLayout {
  /** The height of the first tiles: small enough for tiny partitions, large enough that a call's fixed cost is small. */
  static final int FIRST_TILE_ROWS = 128;

  private final int fullRows;
  private final int firstRows;

  /** @param fullRows the height of every tile past the ramp; a power of two */
  TileLayout(int fullRows) {
    if (fullRows < 1 || Integer.bitCount(fullRows) != 1) {
      throw new IllegalArgumentException("a tile's full height must be a power of two, not " + fullRows);
    }
    this.fullRows = fullRows;
    this.firstRows = Math.min(FIRST_TILE_ROWS, fullRows);
  }

  int fullRows() {
    return fullRows;
  }

  /** The index of the first record of the tile that holds record {@code index}. */
  long firstRowOfTileHolding(long index) {
    if (index >= fullRows) return index - index % fullRows;
    if (index < firstRows) return 0;
    return Long.highestOneBit(index);
  }

  /** The height of the tile that holds record {@code index}. */
  int rowsOfTileHolding(long index) {
    if (index >= fullRows) return fullRows;
    if (index < firstRows) return firstRows;
    return (int) Long.highestOneBit(index);
  }
}
