package io.sluice.engine.model;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J's own forward pass ({@code output}), for any network the {@link DenseStack} does not cover. */
final class Dl4jForwardPass implements ForwardPass {
  private final UnaryOperator<INDArray> network;
  private final DataType networkDataType;
  private final int outputWidth;

  Dl4jForwardPass(UnaryOperator<INDArray> network, DataType networkDataType, int outputWidth) {
    this.network = network;
    this.networkDataType = networkDataType;
    this.outputWidth = outputWidth;
  }

  @Override
  public float[] outputs(INDArray input, int rows) {
    INDArray typedInput = null;
    INDArray output = null;
    INDArray rowMajorOutput = null;
    try {
      typedInput = input.dataType() == networkDataType ? input : input.castTo(networkDataType);
      output = network.apply(typedInput);
      checkOutput(output, input.size(0));
      rowMajorOutput = isPlainRowMajor(output) ? output : output.dup('c');
      return Arrays.copyOf(rowMajorOutput.data().asFloat(), rows * outputWidth);
    } finally {
      release(input, typedInput, output, rowMajorOutput);
    }
  }

  private void checkOutput(INDArray output, long rows) {
    if (output.rank() != 2 || output.size(0) != rows || output.size(1) != outputWidth) {
      throw new IllegalStateException("the model gave an output of shape " + Arrays.toString(output.shape())
          + " for " + rows + " records; expected [" + rows + ", " + outputWidth + "]");
    }
  }

  // Reading the buffer in bulk is only right when it holds exactly this array, in row-major order.
  private static boolean isPlainRowMajor(INDArray array) {
    return array.ordering() == 'c' && !array.isView() && array.data().length() == array.length();
  }

  /** Closes what this call made; {@code keep} (the caller's input) stays open. */
  private static void release(INDArray keep, INDArray... arrays) {
    for (int i = 0; i < arrays.length; i++) {
      INDArray array = arrays[i];
      if (array != null && array != keep && array.closeable() && !closedEarlier(arrays, i)) {
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
