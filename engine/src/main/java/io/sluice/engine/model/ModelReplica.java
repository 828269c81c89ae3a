package io.sluice.engine.model;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's copy of a DL4J model, turning a batch of feature rows into a batch of output rows. Not thread-safe.
 *
 * <p>Every forward pass runs on a tile whose rows and place are fixed by the records' indexes in the partition alone
 * ({@link TileLayout}: a short ramp of small tiles, then tiles of {@link #tileRows()} rows, fixed per model by
 * {@link #tileRowsFor}), and a record sits in its tile at the position its index gives. Why: BLAS picks its kernels and blocking
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
  private final TileLayout layout;
  /** Per tile height, its native matrix: the layout has only a few heights. */
  private final Map<Integer, INDArray> tiles = new HashMap<>();
  private final float[] zeros;

  ModelReplica(ForwardPass forwardPass, DataNormalization normalizer, NetworkWidths widths, int tileRows) {
    this.forwardPass = forwardPass;
    this.normalizer = normalizer;
    this.widths = widths;
    this.layout = new TileLayout(tileRows);
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
    return layout.fullRows();
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
    NativeThreads.onThisThread();
    // Outside any workspace: the arrays made here are ours to keep or close, whatever workspace the caller has open.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      int done = 0;
      while (done < rows) {
        long row = firstRow + done;
        int height = layout.rowsOfTileHolding(row);
        int at = (int) (row - layout.firstRowOfTileHolding(row));
        int count = Math.min(rows - done, height - at);
        INDArray tile = tiles.computeIfAbsent(height, this::newTile);
        FloatPointer values = (FloatPointer) tile.data().pointer();
        // Zeros, not what the last tile left there: a pad row's outputs are dropped, but it must stay a number.
        if (at > 0) new FloatPointer(values).position(0).put(zeros, 0, at * width);
        new FloatPointer(values).position((long) at * width).put(features, done * width, count * width);
        int after = height - at - count;
        if (after > 0) new FloatPointer(values).position((long) (at + count) * width).put(zeros, 0, after * width);
        if (normalizer != null) normalizer.transform(tile);
        float[] tileOutputs = forwardPass.outputs(tile, at + count);
        System.arraycopy(tileOutputs, at * outWidth, outputs, done * outWidth, count * outWidth);
        done += count;
      }
    }
    return outputs;
  }

  private INDArray newTile(int height) {
    return Nd4j.createUninitialized(DataType.FLOAT, height, widths.input());
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
