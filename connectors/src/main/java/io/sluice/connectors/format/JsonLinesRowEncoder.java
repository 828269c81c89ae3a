package io.sluice.connectors.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Writes output rows as JSON objects, one per line: carried values and labels as strings, scores as
 * numbers.
 */
final class JsonLinesRowEncoder implements RowEncoder {
  private final int carriedCount;
  private final int predictionCount;

  /**
   * Each column's quoted key with what goes before it, escaped once here: the first key opens
   * the object, the others follow a comma.
   */
  private final String[] keys;

  JsonLinesRowEncoder(List<String> carriedNames, List<String> predictionNames) {
    this.carriedCount = carriedNames.size();
    this.predictionCount = predictionNames.size();
    List<String> names = new ArrayList<>(carriedNames);
    names.addAll(predictionNames);
    this.keys = new String[names.size()];
    for (int i = 0; i < keys.length; i++) {
      StringBuilder key = new StringBuilder(i == 0 ? "{" : ",");
      JsonText.appendString(key, names.get(i));
      keys[i] = key.append(':').toString();
    }
  }

  @Override
  public ByteString header() {
    return ByteString.emptyByteString();
  }

  @Override
  public ByteString encode(FeatureBatch batch, Predictions predictions) {
    EncoderInputs.check(batch, predictions, carriedCount, predictionCount);
    int width = predictions.width();
    float[] values = predictions.values();
    String[] labels = predictions.labels();
    StringBuilder out = new StringBuilder(batch.rows * 24 * keys.length);
    for (int row = 0; row < batch.rows; row++) {
      int column = 0;
      for (String value : batch.carried[row]) {
        out.append(keys[column++]);
        if (value == null) out.append("null"); // a null in Parquet input
        else JsonText.appendString(out, value);
      }
      if (labels != null) {
        out.append(keys[column++]);
        JsonText.appendString(out, labels[row]);
      }
      for (int i = row * width; i < (row + 1) * width; i++) {
        out.append(keys[column++]);
        JsonText.appendNumber(out, values[i]);
      }
      out.append("}\n");
    }
    return ByteString.fromArrayUnsafe(out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
