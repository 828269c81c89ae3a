package io.sluice.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One replica's way of running its network over a batch already in native memory. Not thread-safe. */
interface ForwardPass {

  /**
   * Runs the network on all rows of {@code input} (float, row-major) and returns the outputs of its first
   * {@code rows} rows, row-major.
   */
  float[] outputs(INDArray input, int rows);

  /**
   * Whether a call that threw leaves this pass fit for the next call. DL4J's own pass keeps per-call state
   * (workspaces, layer inputs) that a failure may leave half-written, so by default it is not.
   */
  default boolean soundAfterFailure() {
    return false;
  }
}
