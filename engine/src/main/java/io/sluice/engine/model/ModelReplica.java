package io.sluice.engine.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's copy of a model, turning a batch of feature rows into a batch of output rows. Not thread-safe.
 *
 * <p>Every forward pass runs on a tile of exactly {@link #TILE_ROWS} rows, and a record sits in its tile at the
 * position its index in the partition gives ({@code index mod TILE_ROWS}). Why: BLAS picks its kernels and blocking
 * by the matrix's row count, and a row's result depends on where it falls in the kernel's register block (measured:
 * a 256→1024³→4 network gave other last bits for a third of the rows when the same rows came in batches of 1000
 * instead of 1024). A fixed tile shape with fixed positions makes a record's prediction the same bits however the
 * partition was cut into batches — by {@code max-size}, by {@code max-wait}, or by poison isolation. Rows of a
 * tile that the batch does not hold are zeros, and their outputs are dropped.
 */
public final class ModelReplica {
  /** Rows per forward pass: enough for BLAS to run at full speed, few enough that padding costs little. */
  public static final int TILE_ROWS = 256;

  private final ForwardPass forwardPass;
  private final DataNormalization normalizer;
  private final NetworkWidths widths;
  private final INDArray tile;
  private final float[] zeros;

  ModelReplica(ForwardPass forwardPass, DataNormalization normalizer, NetworkWidths widths) {
    this.forwardPass = forwardPass;
    this.normalizer = normalizer;
    this.widths = widths;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.tile = Nd4j.createUninitialized(DataType.FLOAT, TILE_ROWS, widths.input());
    }
    this.zeros = new float[TILE_ROWS * widths.input()];
  }

  /** Whether a call that threw leaves the replica fit for the next call; else it must be replaced. */
  public boolean soundAfterFailure() {
    return forwardPass.soundAfterFailure();
  }

  public int outputWidth() {
    return widths.output();
  }

  /** As {@link #predict(float[], int, int, long)} for a batch that starts a partition. */
  public float[] predict(float[] features, int rows, int width) {
    return predict(features, rows, width, 0);
  }

  /**
   * Runs the model on {@code rows} records whose features are the first {@code rows × width} values of
   * {@code features}, row-major, and returns {@code rows × outputWidth} values, row-major. {@code firstRow} is the
   * index of the batch's first record among the records of its partition that reach the model.
   */
  public float[] predict(float[] features, int rows, int width, long firstRow) {
    checkShape(features, rows, width, firstRow);
    int outWidth = widths.output();
    float[] outputs = new float[rows * outWidth];
    // Outside any workspace: the arrays made here are ours to keep or close, whatever workspace the caller has open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      FloatPointer values = (FloatPointer) tile.data().pointer();
      int done = 0;
      while (done < rows) {
        int at = (int) ((firstRow + done) % TILE_ROWS);
        int count = Math.min(rows - done, TILE_ROWS - at);
        // Zeros, not what the last tile left there: a pad row's outputs are dropped, but it must stay a number.
        if (at > 0) new FloatPointer(values).position(0).put(zeros, 0, at * width);
        new FloatPointer(values).position((long) at * width).put(features, done * width, count * width);
        int after = TILE_ROWS - at - count;
        if (after > 0) new FloatPointer(values).position((long) (at + count) * width).put(zeros, 0, after * width);
        if (normalizer != null) normalizer.transform(tile);
        float[] tileOutputs = forwardPass.outputs(tile, at + count);
        System.arraycopy(tileOutputs, at * outWidth, outputs, done * outWidth, count * outWidth);
        done += count;
      }
    }
    return outputs;
  }

  private void checkShape(float[] features, int rows, int width, long firstRow) {
    if (width != widths.input()) {
      throw new IllegalArgumentException(
          "the model takes " + widths.input() + " features per record but the batch has " + width);
    }
    if (rows < 0 || firstRow < 0 || (long) rows * width > features.length) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + width
          + " features needs " + (long) rows * width + " values but the buffer holds " + features.length);
    }
  }
}
