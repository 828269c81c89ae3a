package io.sluice.connectors.jdbc;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.connectors.format.RowEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Output rows in COPY's text format (tab-separated, {@code \N} for NULL, backslash escapes): the carried columns,
 * the predictions, then the run id and the partition, which every row of the partition shares.
 */
public final class CopyRowEncoder implements RowEncoder {
  private final String rowEnd;

  public CopyRowEncoder(String runId, int partition) {
    StringBuilder end = new StringBuilder();
    appendText(end.append('\t'), runId);
    this.rowEnd = end.append('\t').append(partition).append('\n').toString();
  }

  @Override
  public ByteString header() {
    return ByteString.emptyByteString();
  }

  @Override
  public ByteString encode(FeatureBatch batch, Predictions predictions) {
    int width = predictions.width();
    float[] values = predictions.values();
    String[] labels = predictions.labels();
    StringBuilder out = new StringBuilder(batch.rows * 16 * (batch.carried.length == 0 ? 1 : 4));
    for (int row = 0; row < batch.rows; row++) {
      boolean first = true;
      for (String value : batch.carried[row]) {
        if (!first) out.append('\t');
        first = false;
        if (value == null) out.append("\\N");
        else appendText(out, value);
      }
      if (labels != null) {
        if (!first) out.append('\t');
        first = false;
        appendText(out, labels[row]);
      }
      for (int i = row * width; i < (row + 1) * width; i++) {
        if (!first) out.append('\t');
        first = false;
        out.append(values[i]);
      }
      out.append(rowEnd);
    }
    return ByteString.fromArrayUnsafe(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void appendText(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
