package io.sluice.connectors.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects one {@link DecodedBatch}: features are written straight into the next row's slot, which
 * {@link #accept} keeps and {@link #reject} leaves to be overwritten.
 */
final class DecodedBatchBuilder {
  /** Bad records keep this much of their text, so that an error line stays readable. */
  static final int MAX_TEXT_BYTES = 1024;

  private final int width;
  private final float[] features;
  private final String[][] carried;
  private final long[] offsets;
  private final long[] lines;
  private final List<BadRecord> bad = new ArrayList<>();
  private int rows;

  DecodedBatchBuilder(int capacity, int width) {
    this.width = width;
    this.features = new float[capacity * width];
    this.carried = new String[capacity][];
    this.offsets = new long[capacity];
    this.lines = new long[capacity];
  }

  /** Sets feature {@code column} of the row being decoded. */
  void feature(int column, float value) {
    features[rows * width + column] = value;
  }

  /** Keeps the row being decoded as a good row. */
  void accept(RawRecord record, String[] carriedValues) {
    carried[rows] = carriedValues;
    offsets[rows] = record.offset();
    lines[rows] = record.line();
    rows++;
  }

  void reject(RawRecord record, String reason) {
    bad.add(
        new BadRecord(
            record.offset(), record.line(), reason, Utf8.prefix(record.bytes(), MAX_TEXT_BYTES)));
  }

  DecodedBatch build() {
    boolean full = rows == offsets.length;
    FeatureBatch good =
        new FeatureBatch(
            rows,
            width,
            features,
            full ? carried : Arrays.copyOf(carried, rows),
            full ? offsets : Arrays.copyOf(offsets, rows),
            full ? lines : Arrays.copyOf(lines, rows));
    return new DecodedBatch(good, List.copyOf(bad));
  }
}
