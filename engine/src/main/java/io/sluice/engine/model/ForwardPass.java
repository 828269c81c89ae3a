package io.sluice.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One replica's way of running its network over a batch already in native memory. Not thread-safe. */
interface ForwardPass {

  /**
   * Runs the network on all rows of {@code input} (float, row-major) and returns the outputs of its first
   * {@code rows} rows, row-major.
   */
  float[] outputs(INDArray input, int rows);
}
