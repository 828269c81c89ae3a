package io.sluice.engine.model;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native float matrices of fixed width kept from batch to batch, one per row count asked for: batches come in the
 * few tile heights of a {@link TileLayout}. Not thread-safe.
 */
final class ReusedMatrix {
  private final long width;
  private final Map<Long, INDArray> kept = new HashMap<>();

  ReusedMatrix(long width) {
    this.width = width;
  }

  /** The matrix with {@code rows} rows; its contents are whatever the last use left, or undefined. */
  INDArray withRows(long rows) {
    return kept.computeIfAbsent(rows, r -> Nd4j.createUninitialized(DataType.FLOAT, r, width));
  }
}
