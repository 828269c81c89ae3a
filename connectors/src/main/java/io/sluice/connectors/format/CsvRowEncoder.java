package io.sluice.connectors.format;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Writes output rows as comma-separated lines, quoting values as RFC 4180 asks. */
final class CsvRowEncoder implements RowEncoder {
  private static final char DELIMITER = ',';
  private static final char QUOTE = '"';

  private final int carriedCount;
  private final int predictionCount;
  private final ByteString header;

  CsvRowEncoder(List<String> carriedNames, List<String> predictionNames) {
    this.carriedCount = carriedNames.size();
    this.predictionCount = predictionNames.size();
    StringBuilder line = new StringBuilder();
    for (String name : carriedNames) appendCell(line, name);
    for (String name : predictionNames) appendCell(line, name);
    endRow(line);
    this.header = utf8(line);
  }

  @Override
  public ByteString header() {
    return header;
  }

  @Override
  public ByteString encode(FeatureBatch batch, Predictions predictions) {
    EncoderInputs.check(batch, predictions, carriedCount, predictionCount);
    int width = predictions.width();
    float[] values = predictions.values();
    String[] labels = predictions.labels();
    StringBuilder out = new StringBuilder(batch.rows * 12 * (carriedCount + predictionCount));
    for (int row = 0; row < batch.rows; row++) {
      // a missing carried value (a null in Parquet input) is an empty cell, as pandas and Spark write it
      for (String value : batch.carried[row]) appendCell(out, value == null ? "" : value);
      if (labels != null) appendCell(out, labels[row]);
      for (int i = row * width; i < (row + 1) * width; i++) out.append(values[i]).append(DELIMITER);
      endRow(out);
    }
    return utf8(out);
  }

  /** Every cell is followed by a delimiter; the row's last one becomes the line end. */
  private static void appendCell(StringBuilder out, String value) {
    if (needsQuotes(value)) {
      out.append(QUOTE);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == QUOTE) out.append(QUOTE);
        out.append(c);
      }
      out.append(QUOTE);
    } else {
      out.append(value);
    }
    out.append(DELIMITER);
  }

  private static void endRow(StringBuilder out) {
    out.setCharAt(out.length() - 1, '\n');
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == DELIMITER || c == QUOTE || c == '\n' || c == '\r') return true;
    }
    return false;
  }

  private static ByteString utf8(StringBuilder text) {
    return ByteString.fromArrayUnsafe(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
