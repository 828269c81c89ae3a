package io.sluice.engine.model;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/** One thread's copy of a model, turning a batch of feature rows into a batch of output rows. Not thread-safe. */
public final class ModelReplica {
  private static final int ROW_TILE = 32;

  private final UnaryOperator<INDArray> forwardPass;
  private final DataType networkDataType;
  private final DataNormalization normalizer;
  private final NetworkWidths widths;

  ModelReplica(UnaryOperator<INDArray> forwardPass, DataType networkDataType, DataNormalization normalizer,
      NetworkWidths widths) {
    this.forwardPass = forwardPass;
    this.networkDataType = networkDataType;
    this.normalizer = normalizer;
    this.widths = widths;
  }

  public int outputWidth() {
    return widths.output();
  }

  /**
   * Runs the model on {@code rows} records whose features are the first {@code rows × width} values of
   * {@code features}, row-major, and returns {@code rows × outputWidth} values, row-major.
   */
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
    float[] batch = new float[padded * width];
    System.arraycopy(features, 0, batch, 0, rows * width);
    INDArray input = null;
    INDArray typedInput = null;
    INDArray output = null;
    INDArray rowMajorOutput = null;
    // Outside any workspace: the arrays made here are ours to close, whatever workspace the caller has open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      input = Nd4j.create(batch, new long[] {padded, width}, 'c');
      if (normalizer != null) {
        normalizer.transform(input);
      }
      typedInput = input.dataType() == networkDataType ? input : input.castTo(networkDataType);
      output = forwardPass.apply(typedInput);
      checkOutput(output, padded);
      rowMajorOutput = isPlainRowMajor(output) ? output : output.dup('c');
      return Arrays.copyOf(rowMajorOutput.data().asFloat(), rows * widths.output());
    } finally {
      release(input, typedInput, output, rowMajorOutput);
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

  private void checkOutput(INDArray output, int rows) {
    if (output.rank() != 2 || output.size(0) != rows || output.size(1) != widths.output()) {
      throw new IllegalStateException("the model gave an output of shape " + Arrays.toString(output.shape())
          + " for " + rows + " records; expected [" + rows + ", " + widths.output() + "]");
    }
  }

  // Reading the buffer in bulk is only right when it holds exactly this array, in row-major order.
  private static boolean isPlainRowMajor(INDArray array) {
    return array.ordering() == 'c' && !array.isView() && array.data().length() == array.length();
  }

  private static void release(INDArray... arrays) {
    for (int i = 0; i < arrays.length; i++) {
      INDArray array = arrays[i];
      if (array != null && array.closeable() && !closedEarlier(arrays, i)) {
        array.close();
      }
    }
  }

  // The same array can fill two slots, e.g. when no cast or reordering was needed.
  private static boolean closedEarlier(INDArray[] arrays, int index) {
    for (int i = 0; i < index; i++) {
      if (arrays[i] == arrays[index]) {
        return true;
      }
    }
    return false;
  }
}
