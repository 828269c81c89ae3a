package io.sluice.engine.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/** One thread's copy of a DL4J model, turning a batch of feature rows into a batch of output rows. Not thread-safe. */
public final class ModelReplica implements Predictor {
  private static final int ROW_TILE = 32;

  private final ForwardPass forwardPass;
  private final DataNormalization normalizer;
  private final NetworkWidths widths;
  private final ReusedMatrix input;

  ModelReplica(ForwardPass forwardPass, DataNormalization normalizer, NetworkWidths widths) {
    this.forwardPass = forwardPass;
    this.normalizer = normalizer;
    this.widths = widths;
    this.input = new ReusedMatrix(widths.input());
  }

  @Override
  public int outputWidth() {
    return widths.output();
  }

  /**
   * Runs the model on {@code rows} records whose features are the first {@code rows × width} values of
   * {@code features}, row-major, and returns {@code rows × outputWidth} values, row-major.
   */
  @Override
  public float[] predict(float[] features, int rows, int width) {
    checkShape(features, rows, width);
    if (rows == 0) {
      return new float[0];
    }
    // BLAS computes the rows of a matrix's last partial tile with other kernels, whose results
    // differ in the last bit. Padding every batch to whole tiles makes a record's prediction
    // the same bits wherever it sits in a batch, so the output does not depend on how the
    // input was partitioned or batched.
    int padded = (rows + ROW_TILE - 1) / ROW_TILE * ROW_TILE;
    // Outside any workspace: the arrays made here are ours to keep or close, whatever workspace the caller has open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      INDArray batch = input.withRows(padded);
      FloatPointer values = (FloatPointer) batch.data().pointer();
      values.put(features, 0, rows * width);
      if (padded > rows) {
        // Zeros, not what the last batch left there: a pad row's outputs are dropped, but it must stay a number.
        new FloatPointer(values).position((long) rows * width).put(new float[(padded - rows) * width]);
      }
      if (normalizer != null) {
        normalizer.transform(batch);
      }
      return forwardPass.outputs(batch, rows);
    }
  }

  private void checkShape(float[] features, int rows, int width) {
    if (width != widths.input()) {
      throw new IllegalArgumentException(
          "the model takes " + widths.input() + " features per record but the batch has " + width);
    }
    if (rows < 0 || (long) rows * width > features.length) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + width
          + " features needs " + (long) rows * width + " values but the buffer holds " + features.length);
    }
  }
}
