package io.sluice.engine.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's copy of a DL4J model, turning a batch of feature rows into a batch of output rows. Not thread-safe.
 *
 * <p>Every forward pass runs on a tile of exactly {@link #tileRows()} rows (fixed per model, {@link #tileRowsFor}),
 * and a record sits in its tile at the position its index in the partition gives ({@code index mod tileRows}). Why: BLAS picks its kernels and blocking
 * by the matrix's row count, and a row's result depends on where it falls in the kernel's register block (measured:
 * a 256→1024³→4 network gave other last bits for a third of the rows when the same rows came in batches of 1000
 * instead of 1024). A fixed tile shape with fixed positions makes a record's prediction the same bits however the
 * partition was cut into batches — by {@code max-size}, by {@code max-wait}, or by poison isolation. Rows of a
 * tile that the batch does not hold are zeros, and their outputs are dropped.
 */
public final class ModelReplica implements Predictor {
  /** The fewest rows per forward pass: enough for BLAS to multiply wide layers at full speed. */
  static final int MIN_TILE_ROWS = 256;
  /** The most: a batch's worth, for networks so small that each call's fixed cost weighs more than its rows. */
  static final int MAX_TILE_ROWS = 1024;
  /** Multiply-adds a tile should hold, so that the fixed cost of a call stays small beside its arithmetic. */
  private static final long WORK_PER_TILE = 1L << 24;

  private final ForwardPass forwardPass;
  private final DataNormalization normalizer;
  private final NetworkWidths widths;
  private final int tileRows;
  private final INDArray tile;
  private final float[] zeros;

  ModelReplica(ForwardPass forwardPass, DataNormalization normalizer, NetworkWidths widths, int tileRows) {
    this.forwardPass = forwardPass;
    this.normalizer = normalizer;
    this.widths = widths;
    this.tileRows = tileRows;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.tile = Nd4j.createUninitialized(DataType.FLOAT, tileRows, widths.input());
    }
    this.zeros = new float[tileRows * widths.input()];
  }

  /**
   * The tile size for a network of {@code parameters} weights (about its multiply-adds per record): a power of two
   * from {@value #MIN_TILE_ROWS} to {@value #MAX_TILE_ROWS}, fixed by the model alone so that every replica of it,
   * on every node, computes on the same tiles. Measured: the narrow benchmark network (9,500 weights) ran at half
   * speed on 256-row tiles, the wide one (2.4 million) at full speed.
   */
  static int tileRowsFor(long parameters) {
    int rows = MIN_TILE_ROWS;
    while (rows < MAX_TILE_ROWS && rows * Math.max(1, parameters) < WORK_PER_TILE) rows *= 2;
    return rows;
  }

  /** Rows per forward pass. */
  int tileRows() {
    return tileRows;
  }

  @Override
  public boolean soundAfterFailure() {
    return forwardPass.soundAfterFailure();
  }

  @Override
  public int outputWidth() {
    return widths.output();
  }

  @Override
  public float[] predict(float[] features, int rows, int width, long firstRow) {
    checkShape(features, rows, width, firstRow);
    int outWidth = widths.output();
    float[] outputs = new float[rows * outWidth];
    // Outside any workspace: the arrays made here are ours to keep or close, whatever workspace the caller has open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      FloatPointer values = (FloatPointer) tile.data().pointer();
      int done = 0;
      while (done < rows) {
        int at = (int) ((firstRow + done) % tileRows);
        int count = Math.min(rows - done, tileRows - at);
        // Zeros, not what the last tile left there: a pad row's outputs are dropped, but it must stay a number.
        if (at > 0) new FloatPointer(values).position(0).put(zeros, 0, at * width);
        new FloatPointer(values).position((long) at * width).put(features, done * width, count * width);
        int after = tileRows - at - count;
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
