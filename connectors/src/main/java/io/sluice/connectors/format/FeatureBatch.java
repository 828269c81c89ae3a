package io.sluice.connectors.format;

import java.util.List;

/**
 * Good records decoded into one row-major float buffer, with the text columns each row
 * carries to the output (id, then passthrough) and where each row came from.
 */
public final class FeatureBatch {
  public final int rows;
  public final int width;
  /** rows × width features, row-major; may be longer than rows × width (a reused buffer). */
  public final float[] features;
  /** Per row, the carried column values in output order (id first when present). */
  public final String[][] carried;
  /** Per row, byte offset of the record in its file. */
  public final long[] offsets;
  /** Per row, line number relative to the split (see {@link RawRecord#line()}). */
  public final long[] lines;

  public FeatureBatch(int rows, int width, float[] features, String[][] carried, long[] offsets, long[] lines) {
    this.rows = rows;
    this.width = width;
    this.features = features;
    this.carried = carried;
    this.offsets = offsets;
    this.lines = lines;
  }

  /** The same rows narrowed to {@code [from, to)}, copying only the slices. */
  public FeatureBatch slice(int from, int to) {
    int n = to - from;
    float[] f = new float[n * width];
    System.arraycopy(features, from * width, f, 0, n * width);
    String[][] c = new String[n][];
    System.arraycopy(carried, from, c, 0, n);
    long[] o = new long[n];
    System.arraycopy(offsets, from, o, 0, n);
    long[] l = new long[n];
    System.arraycopy(lines, from, l, 0, n);
    return new FeatureBatch(n, width, f, c, o, l);
  }

  /** The rows of {@code batches} (of one width) one after the other, as one batch. */
  public static FeatureBatch concat(List<FeatureBatch> batches) {
    if (batches.size() == 1) return batches.get(0);
    int n = 0;
    for (FeatureBatch b : batches) n += b.rows;
    int width = batches.get(0).width;
    float[] f = new float[n * width];
    String[][] c = new String[n][];
    long[] o = new long[n];
    long[] l = new long[n];
    int at = 0;
    for (FeatureBatch b : batches) {
      if (b.width != width) throw new IllegalArgumentException("batches of " + width + " and " + b.width + " features");
      System.arraycopy(b.features, 0, f, at * width, b.rows * width);
      System.arraycopy(b.carried, 0, c, at, b.rows);
      System.arraycopy(b.offsets, 0, o, at, b.rows);
      System.arraycopy(b.lines, 0, l, at, b.rows);
      at += b.rows;
    }
    return new FeatureBatch(n, width, f, c, o, l);
  }
}
