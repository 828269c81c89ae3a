package io.sluice.engine.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A native float matrix of fixed width kept from batch to batch, since batches mostly come in one size; made anew
 * when the row count changes. Not thread-safe.
 */
final class ReusedMatrix {
  private final long width;
  private INDArray kept;

  ReusedMatrix(long width) {
    this.width = width;
  }

  /** The matrix with {@code rows} rows; its contents are whatever the last use left, or undefined. */
  INDArray withRows(long rows) {
    if (kept == null || kept.size(0) != rows) {
      // Freed now rather than by the garbage collector, which a small heap may not run for a long time.
      if (kept != null) kept.close();
      kept = Nd4j.createUninitialized(DataType.FLOAT, rows, width);
    }
    return kept;
  }
}
